"""One spec form for every model role: ``MODEL[@BASE_URL][?options]``.

The simulator (``--simulator``), the judge (``--judge``, a suite's ``judge:``) and the
analyst (``golive insights --analyst``) all take it, and each is checked with one preflight
call before any work, so an unreachable model fails fast (exit 3) instead of turning every
call into a silent error::

    openai/gpt-4o-mini
    openai/judge@http://127.0.0.1:8000/v1
    openai/sim@http://127.0.0.1:8000/v1?temperature=0&attempts=3

Example:
    >>> spec = parse_model_spec("openai/j@http://127.0.0.1:9/v1?temperature=0", "judge",
    ...                         {"temperature": float})
    >>> spec.model, spec.api_base, spec.options
    ('openai/j', 'http://127.0.0.1:9/v1', {'temperature': 0.0})
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from golive.errors import InputError, UnreachableError
from golive.llm.errors import LLMError
from golive.llm.gateway import Gateway
from golive.llm.request import LLMRequest

#: Options every role accepts, and how to read them.
Options = Mapping[str, Callable[[str], Any]]


@dataclass(frozen=True)
class ModelSpec:
    """A parsed model spec: litellm model string, optional base URL, typed options."""

    model: str
    api_base: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    def local_key(self) -> str | None:
        """A placeholder key for a local OpenAI-compatible server (never a real one)."""
        local = self.api_base is not None and not os.environ.get("OPENAI_API_KEY")
        return "sk-golive-local" if local else None

    def __str__(self) -> str:
        return self.model + (f"@{self.api_base}" if self.api_base else "")


def parse_model_spec(spec: str, role: str, options: Options | None = None) -> ModelSpec:
    """Read ``MODEL[@BASE_URL][?name=value&...]``; ``role`` names the option in errors.

    An unknown option, a base URL that is not http(s), or an unreadable value is an input
    error (exit 2) naming the role and the form to write.
    """
    allowed = dict(options or {})
    form = "MODEL[@http://HOST:PORT/v1]" + (
        f"[?{'&'.join(f'{k}=...' for k in allowed)}]" if allowed else "")
    base, _, query = spec.strip().partition("?")
    model, _, api_base = base.partition("@")
    raw = dict(parse_qsl(query, keep_blank_values=True))
    unknown = sorted(set(raw) - set(allowed))
    problem = None
    if not model:
        problem = "no model name"
    elif api_base and not api_base.startswith(("http://", "https://")):
        problem = f"the base URL {api_base!r} is not http(s)://"
    elif unknown:
        problem = f"unknown option(s) {unknown}" + (
            f"; {role} takes {sorted(allowed)}" if allowed else f"; {role} takes none")
    if problem:
        raise InputError(f"cannot read {role} spec {spec!r}: {problem}", field=role,
                         hint=f"write {form}, e.g. openai/gpt-4o-mini or "
                         "openai/my-model@http://127.0.0.1:8000/v1")
    try:
        typed = {name: allowed[name](value) for name, value in raw.items()}
    except ValueError as exc:
        raise InputError(f"bad {role} option in {spec!r}: {exc}", field=role,
                         hint=f"write {form}") from exc
    return ModelSpec(model, api_base or None, typed)


async def preflight_model(spec: ModelSpec, role: str, gateway: Gateway | None = None,
                          *, fallback: str = "", mock_response: str | None = None) -> None:
    """One tiny uncached call; ``UnreachableError`` (exit 3) when the model does not answer.

    No backoff on a refused connection (fail fast), one more try when rate limited, and
    the run's rate limits apply since it is a real request. ``fallback`` ends the hint
    (e.g. "or run with --simulator scripted"); ``mock_response`` is litellm's, for tests.
    """
    request = LLMRequest(model=spec.model, messages=[{"role": "user", "content": "Say ok."}],
                         max_tokens=5, api_base=spec.api_base, mock_response=mock_response)
    quick = Gateway(None, retries=0, timeout_s=gateway.timeout_s if gateway else 60.0,
                    api_key=gateway.api_key if gateway and gateway.api_key else spec.local_key(),
                    limiter=gateway.limiter if gateway else None)
    try:
        for attempt in range(2):
            try:
                await quick.complete(request)
                return
            except LLMError as exc:
                if exc.kind == "rate_limit" and attempt == 0:
                    await asyncio.sleep(1.0)
                    continue
                where = f" at {spec.api_base}" if spec.api_base else ""
                raise UnreachableError(
                    f"the {role} model {spec.model}{where} did not answer a preflight call "
                    f"({exc.kind}): {exc}\n  hint: check the model name, its API key or base "
                    f"URL{fallback}"
                ) from exc
    finally:
        await quick.aclose()  # its connections belong to this loop
