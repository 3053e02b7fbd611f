"""OpenAI-compatible chat endpoints, called over aiohttp (the fast path on this machine).

The adapter posts ``{base}/chat/completions`` with the conversation and tools, and can
read a streamed (SSE) answer. Headers come from the agent YAML (``${ENV_VAR}`` expanded in
memory) or ``GOLIVE_AGENT_API_KEY`` (sent as a bearer token); they never reach results or
MLflow.

Example:
    >>> OpenAIChatAgentFactory("http://127.0.0.1:8000/v1").label
    'http://127.0.0.1:8000/v1'
"""

from __future__ import annotations

import json
import os
from typing import Any

from golive.errors import AgentError
from golive.harness.agents._http import HttpClient
from golive.harness.agents.base import AgentReply, AgentRequest, AgentSession
from golive.harness.agents.reply import normalise_reply

API_KEY_ENV = "GOLIVE_AGENT_API_KEY"


class OpenAIChatAgentFactory:
    """Sessions that talk to one OpenAI-compatible base URL, sharing one connection pool."""

    remote = True

    def __init__(
        self,
        base_url: str,
        model: str = "default",
        retries: int = 2,
        backoff_s: float = 0.5,
        *,
        headers: dict[str, str] | None = None,
        timeout_s: float = 60.0,
        stream: bool = False,
        label: str | None = None,
        shown_url: str | None = None,
    ) -> None:
        self.label = label or base_url
        all_headers = dict(headers or {})
        key = os.environ.get(API_KEY_ENV)
        if key and "Authorization" not in all_headers:
            all_headers["Authorization"] = f"Bearer {key}"
        self.http = HttpClient(
            base_url.rstrip("/") + "/chat/completions", all_headers,
            timeout_s=timeout_s, retries=retries, backoff_s=backoff_s,
            shown_url=(shown_url or base_url).rstrip("/") + "/chat/completions",
        )
        self.model = model
        self.stream = stream

    def session(self, episode_id: str) -> AgentSession:
        return _ChatSession(self)

    async def complete(self, payload: dict[str, Any]) -> dict[str, Any]:
        """One chat completion as an assistant message dict (usage included)."""
        if not self.stream:
            return parse_completion(await self.http.post(payload))
        async with self.http.stream({**payload, "stream": True}) as response:
            lines = [raw.decode("utf-8", "replace") async for raw in response.content]
        return join_stream(lines)

    async def aclose(self) -> None:
        await self.http.aclose()


class _ChatSession:
    def __init__(self, factory: OpenAIChatAgentFactory) -> None:
        self._factory = factory

    async def respond(self, request: AgentRequest) -> AgentReply:
        payload: dict[str, Any] = {
            "model": self._factory.model,
            "messages": request.messages,
            "user": request.session_id,
        }
        if request.tools:
            payload["tools"] = request.tools
        return normalise_reply(await self._factory.complete(payload))


def parse_completion(body: str) -> dict[str, Any]:
    """The assistant message of a chat completion body, or AgentError('malformed')."""
    try:
        data = json.loads(body)
        message = dict(data["choices"][0]["message"])
    except (json.JSONDecodeError, KeyError, IndexError, TypeError) as exc:
        raise AgentError("malformed", f"not a chat completion: {body[:200]!r}") from exc
    if "usage" in data:
        message["usage"] = data["usage"]
    return message


def join_stream(lines: list[str]) -> dict[str, Any]:
    """Join server-sent ``chat.completion.chunk`` events into one assistant message.

    Example:
        >>> join_stream(['data: {"choices":[{"delta":{"content":"Hel"}}]}',
        ...              'data: {"choices":[{"delta":{"content":"lo"}}]}', 'data: [DONE]'])
        {'content': 'Hello'}
    """
    content: list[str] = []
    calls: dict[int, dict[str, Any]] = {}
    message: dict[str, Any] = {}
    for line in lines:
        line = line.strip()
        if not line.startswith("data:") or line == "data: [DONE]":
            continue
        try:
            chunk = json.loads(line[5:])
            delta = chunk["choices"][0].get("delta") or {} if chunk.get("choices") else {}
        except (json.JSONDecodeError, KeyError, IndexError, TypeError, AttributeError) as exc:
            raise AgentError("malformed", f"bad stream event: {line[:200]!r}") from exc
        if chunk.get("usage"):
            message["usage"] = chunk["usage"]
        content.append(delta.get("content") or "")
        for part in delta.get("tool_calls") or []:
            call = calls.setdefault(int(part.get("index", 0)), {"function": {"arguments": ""}})
            call["id"] = part.get("id") or call.get("id")
            function = part.get("function") or {}
            if function.get("name"):
                call["function"]["name"] = function["name"]
            call["function"]["arguments"] += function.get("arguments") or ""
    message["content"] = "".join(content)
    if calls:
        message["tool_calls"] = [calls[i] for i in sorted(calls)]
    return message
