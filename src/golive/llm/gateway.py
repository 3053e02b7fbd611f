"""LLM calls through litellm, with bounded retries, a timeout and a disk cache.

Example:
    >>> import asyncio
    >>> gw = Gateway(cache=None)
    >>> req = LLMRequest(model="openai/test", messages=[{"role": "user", "content": "hi"}],
    ...                  mock_response="hello")
    >>> asyncio.run(gw.complete(req)).text
    'hello'
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from typing import Any

from golive.llm.cache import ResponseCache

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@dataclass(frozen=True)
class LLMRequest:
    """Everything that decides an LLM's answer (and so the cache key)."""

    model: str
    messages: list[dict[str, Any]]
    temperature: float | None = None
    seed: int | None = None
    max_tokens: int | None = None
    response_format: dict[str, Any] | None = None
    tools: list[dict[str, Any]] | None = None
    api_base: str | None = None
    mock_response: str | None = field(default=None, compare=False)

    def cache_key(self) -> str:
        """A hash of the full request (model, messages, params, seed)."""
        data = {k: v for k, v in asdict(self).items() if k != "mock_response"}
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class LLMResponse:
    """The answer, its token counts and cost, and whether it came from the cache."""

    text: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    cached: bool = False


class LLMError(Exception):
    """A model call failed after retries; ``kind`` is timeout, rate_limit, unreachable..."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


class Gateway:
    """One per run: owns the cache and the retry policy."""

    def __init__(
        self,
        cache: ResponseCache | None = None,
        *,
        retries: int = 2,
        timeout_s: float = 60.0,
        api_key: str | None = None,
    ) -> None:
        self.cache = cache
        self.retries = retries
        self.timeout_s = timeout_s
        self.api_key = api_key
        self.calls = 0

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """Answer from the cache, or call the model and remember the answer."""
        key = request.cache_key()
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return LLMResponse(**{**hit, "cached": True})
        response = await self._call(request)
        if self.cache is not None:
            self.cache.put(key, {k: v for k, v in asdict(response).items() if k != "cached"})
        return response

    async def _call(self, request: LLMRequest) -> LLMResponse:
        import litellm

        kwargs: dict[str, Any] = {
            k: v
            for k, v in asdict(request).items()
            if v is not None and k not in ("model", "messages")
        }
        if request.tools:
            # litellm 1.106 imports its MCP proxy handler (and the optional `mcp` package)
            # for any call with tools; we pass plain OpenAI tools, so skip that path.
            kwargs["_skip_mcp_handler"] = True
        self.calls += 1
        try:
            raw = await litellm.acompletion(
                model=request.model,
                messages=request.messages,
                num_retries=self.retries,
                timeout=self.timeout_s,
                api_key=self.api_key,
                **kwargs,
            )
        except Exception as exc:  # litellm maps every provider's errors to its own types
            raise LLMError(_kind(exc), f"{type(exc).__name__}: {exc}") from exc
        return _to_response(raw)


def _kind(exc: Exception) -> str:
    name = type(exc).__name__.lower()
    for marker, kind in (("timeout", "timeout"), ("ratelimit", "rate_limit"),
                         ("connection", "unreachable"), ("auth", "auth")):
        if marker in name:
            return kind
    return "error"


def _to_response(raw: Any) -> LLMResponse:
    message = raw.choices[0].message
    usage = getattr(raw, "usage", None)
    calls = [
        {"id": c.id, "type": "function",
         "function": {"name": c.function.name, "arguments": c.function.arguments}}
        for c in (getattr(message, "tool_calls", None) or [])
    ]
    cost = 0.0
    try:
        import litellm

        cost = float(litellm.completion_cost(completion_response=raw) or 0.0)
    except Exception:  # unknown models have no price: cost stays 0, tokens still count
        cost = 0.0
    return LLMResponse(
        text=message.content or "",
        tool_calls=calls,
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        cost_usd=cost,
    )
