"""How a request reaches a model: a lean aiohttp client or litellm.

On 2 cores litellm spends 3-5 ms of CPU per call and raw aiohttp under 1 ms
(shared/BENCHMARKS.md), so ``openai/...`` models with an ``api_base`` (local or hosted
OpenAI-compatible servers) go straight over aiohttp; every other provider through litellm.
Both raise ``Transient`` for what is worth retrying and ``LLMError`` for what is not.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from golive.llm.errors import LLMError, Transient
from golive.llm.request import LLMRequest, LLMResponse

AIOHTTP, LITELLM = "aiohttp", "litellm"
RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
_FIELDS = ("temperature", "seed", "max_tokens", "response_format", "tools")


def path_for(request: LLMRequest) -> str:
    """Which transport serves ``request``."""
    fast = request.model.startswith("openai/") and request.api_base and not request.mock_response
    return AIOHTTP if fast else LITELLM


class AiohttpTransport:
    """One aiohttp session per event loop, shared by every call of a run."""

    def __init__(self, api_key: str | None, timeout_s: float) -> None:
        self._api_key = api_key or os.environ.get("OPENAI_API_KEY")
        self._timeout_s = timeout_s
        self._session: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _client(self) -> Any:
        loop = asyncio.get_running_loop()
        if self._session is not None and self._loop is not loop:
            # Opened on another loop (a preflight's asyncio.run): its connections are dead here.
            self._session = None
        self._loop = loop
        if self._session is None:
            import aiohttp

            headers = {"Content-Type": "application/json"}
            if self._api_key:
                headers["Authorization"] = f"Bearer {self._api_key}"
            self._session = aiohttp.ClientSession(
                headers=headers,
                connector=aiohttp.TCPConnector(limit=0, ttl_dns_cache=300),
                timeout=aiohttp.ClientTimeout(total=self._timeout_s),
            )
        return self._session

    async def call(self, request: LLMRequest) -> LLMResponse:
        """POST ``{api_base}/chat/completions`` once."""
        import aiohttp

        payload: dict[str, Any] = {
            "model": request.model.split("/", 1)[1],
            "messages": request.messages,
        }
        payload.update({k: getattr(request, k) for k in _FIELDS if getattr(request, k) is not None})
        url = str(request.api_base).rstrip("/") + "/chat/completions"
        # Encoded here, as aiohttp's json= would (same bytes; the session sends the JSON
        # Content-Type), without its payload machinery on every call.
        encoded = json.dumps(payload).encode("utf-8")
        try:
            async with self._client().post(url, data=encoded) as response:
                body = await response.text()
                if response.status in RETRY_STATUSES:
                    kind = "rate_limit" if response.status == 429 else "server_error"
                    raise Transient(
                        kind,
                        f"HTTP {response.status}: {body[:200]}",
                        _retry_after(response.headers),
                    )
                if response.status >= 400:
                    kind = "auth" if response.status in (401, 403) else "bad_request"
                    raise LLMError(kind, f"HTTP {response.status} from {url}: {body[:200]}")
        except TimeoutError as exc:
            raise Transient("timeout", f"no answer from {url} within {self._timeout_s:g}s") from exc
        except aiohttp.ClientError as exc:
            raise Transient("unreachable", f"{type(exc).__name__}: {exc}") from exc
        return parse_completion(body)

    async def aclose(self) -> None:
        """Close the session (its connections belong to the loop that made them)."""
        if self._session is not None and self._loop is asyncio.get_running_loop():
            await self._session.close()
        self._session = None


def _retry_after(headers: Any) -> str | None:
    from golive.llm.ratelimit import retry_after_of

    return retry_after_of(headers)


def parse_completion(body: str) -> LLMResponse:
    """A chat completion body to an ``LLMResponse``; truncated or odd JSON is ``malformed``."""
    try:
        data = json.loads(body)
        message = data["choices"][0]["message"]
        text = message.get("content") or ""
        calls = list(message.get("tool_calls") or [])
        usage = data.get("usage") or {}
        prompt, completion = (
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
        )
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise LLMError("malformed", f"not a chat completion: {body[:200]!r}") from exc
    if not isinstance(text, str):
        raise LLMError("malformed", f"content is {type(text).__name__}, not a string")
    return LLMResponse(
        text=text, tool_calls=calls, prompt_tokens=prompt, completion_tokens=completion
    )


async def call_litellm(request: LLMRequest, api_key: str | None, timeout_s: float) -> LLMResponse:
    """One litellm call without its own retries (the gateway retries, with jitter)."""
    import litellm

    kwargs = {k: getattr(request, k) for k in (*_FIELDS, "api_base", "mock_response")}
    kwargs = {k: v for k, v in kwargs.items() if v is not None}
    if request.tools:
        # litellm 1.106 imports its MCP proxy handler (and the optional `mcp` package)
        # for any call with tools; we pass plain OpenAI tools, so skip that path.
        kwargs["_skip_mcp_handler"] = True
    try:
        raw = await litellm.acompletion(
            model=request.model,
            messages=request.messages,
            num_retries=0,
            timeout=timeout_s,
            api_key=api_key,
            **kwargs,
        )
    except Exception as exc:  # litellm maps every provider's errors to its own types
        kind = _kind(exc)
        message = f"{type(exc).__name__}: {exc}"
        if kind in ("rate_limit", "timeout", "unreachable", "server_error"):
            headers = getattr(getattr(exc, "response", None), "headers", None)
            raise Transient(kind, message, _retry_after(headers)) from exc
        raise LLMError(kind, message) from exc
    return _from_litellm(raw)


def _kind(exc: Exception) -> str:
    name = type(exc).__name__.lower()
    for marker, kind in (
        ("timeout", "timeout"),
        ("ratelimit", "rate_limit"),
        ("connection", "unreachable"),
        ("serviceunavailable", "server_error"),
        ("internalserver", "server_error"),
        ("auth", "auth"),
    ):
        if marker in name:
            return kind
    return "error"


def _from_litellm(raw: Any) -> LLMResponse:
    message = raw.choices[0].message
    usage = getattr(raw, "usage", None)
    calls = [
        {
            "id": c.id,
            "type": "function",
            "function": {"name": c.function.name, "arguments": c.function.arguments},
        }
        for c in (getattr(message, "tool_calls", None) or [])
    ]
    return LLMResponse(
        text=message.content or "",
        tool_calls=calls,
        prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
        completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
    )
