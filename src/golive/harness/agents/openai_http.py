"""OpenAI-compatible chat endpoints, called over aiohttp (the fast path on this machine).

The adapter posts ``{base}/chat/completions`` with the conversation and tools. Headers come
from ``GOLIVE_AGENT_API_KEY`` (sent as a bearer token) and never reach results or MLflow.

Example:
    >>> OpenAIChatAgentFactory("http://127.0.0.1:8000/v1").label
    'http://127.0.0.1:8000/v1'
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from golive.harness.agents.base import AgentError, AgentReply, AgentRequest, AgentSession
from golive.harness.agents.reply import normalise_reply
from golive.llm.ratelimit import retry_after_of, retry_delay

API_KEY_ENV = "GOLIVE_AGENT_API_KEY"
TRANSIENT = {408, 409, 429, 500, 502, 503, 504}


class OpenAIChatAgentFactory:
    """Sessions that talk to one OpenAI-compatible base URL, sharing one connection pool."""

    def __init__(
        self, base_url: str, model: str = "default", retries: int = 2, backoff_s: float = 0.5
    ) -> None:
        self.label = base_url
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._model = model
        self._retries = retries
        self._backoff_s = backoff_s
        self._session: Any = None

    def _client(self) -> Any:
        if self._session is None:
            import aiohttp

            headers = {"Content-Type": "application/json"}
            key = os.environ.get(API_KEY_ENV)
            if key:
                headers["Authorization"] = f"Bearer {key}"
            connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(headers=headers, connector=connector)
        return self._session

    def session(self, episode_id: str) -> AgentSession:
        return _ChatSession(self)

    async def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        """POST with bounded retries on transient statuses and connection errors."""
        import aiohttp

        for attempt in range(self._retries + 1):
            try:
                async with self._client().post(self._url, json=payload) as response:
                    body = await response.text()
                    if response.status in TRANSIENT and attempt < self._retries:
                        await asyncio.sleep(_retry_after(response.headers, self._backoff_s, attempt))
                        continue
                    if response.status >= 400:
                        raise AgentError("http_error", f"HTTP {response.status}: {body[:200]}")
                    return _parse_completion(body)
            except aiohttp.ClientError as exc:
                if attempt >= self._retries:
                    raise AgentError("unreachable", f"{type(exc).__name__}: {exc}") from exc
                await asyncio.sleep(retry_delay(attempt, base_s=self._backoff_s))
        raise AgentError("http_error", "retries exhausted")

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class _ChatSession:
    def __init__(self, factory: OpenAIChatAgentFactory) -> None:
        self._factory = factory

    async def respond(self, request: AgentRequest) -> AgentReply:
        payload: dict[str, Any] = {
            "model": self._factory._model,
            "messages": request.messages,
            "user": request.session_id,
        }
        if request.tools:
            payload["tools"] = request.tools
        data = await self._factory.post(payload)
        return normalise_reply(data)


def _retry_after(headers: Any, base: float, attempt: int) -> float:
    # Retry-After wins; otherwise full jitter, so a 429 storm does not return in lockstep.
    return retry_delay(attempt, retry_after=retry_after_of(headers), base_s=base)


def _parse_completion(body: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
        message = dict(data["choices"][0]["message"])
    except (json.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
        raise AgentError("malformed", f"not a chat completion: {body[:200]!r}") from exc
    if "usage" in data:
        message["usage"] = data["usage"]
    return message
