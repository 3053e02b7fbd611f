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

from golive._redact import redact, register_secret
from golive.errors import AgentError
from golive.harness.agents._http import HttpClient
from golive.harness.agents.base import (
    AGENT,
    AgentDescription,
    AgentKind,
    AgentReply,
    AgentRequest,
    AgentSession,
)
from golive.harness.agents.config import OpenAIAgentConfig, expand_env, expand_headers
from golive.harness.agents.reply import normalise_reply

API_KEY_ENV = "GOLIVE_AGENT_API_KEY"


class OpenAIChatAgentFactory:
    """Sessions that talk to one OpenAI-compatible base URL, sharing one connection pool.

    Remote, and metered by ``model``: its calls take from that model's ``--rpm``/``--tpm``
    buckets and the usage it reports is priced as that model.
    """

    kind = "openai"
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
        config: OpenAIAgentConfig | None = None,
    ) -> None:
        self.label = label or redact(base_url)
        # Without a config (built from a URL): one that says the same, secrets unexpanded.
        self.config = config or OpenAIAgentConfig(
            type="openai", base_url=shown_url or base_url, model=model, retries=retries,
            timeout_s=timeout_s, stream=stream,
        )
        self.speaks_first = self.config.speaks_first
        all_headers = dict(headers or {})
        key = os.environ.get(API_KEY_ENV)
        if key and "Authorization" not in all_headers:
            register_secret(key)
            all_headers["Authorization"] = f"Bearer {key}"
        self.http = HttpClient(
            base_url.rstrip("/") + "/chat/completions", all_headers,
            timeout_s=timeout_s, retries=retries, backoff_s=backoff_s,
            shown_url=(shown_url or base_url).rstrip("/") + "/chat/completions",
        )
        self.model = model
        self.stream = stream

    @classmethod
    def from_config(
        cls, config: OpenAIAgentConfig, label: str, max_threads: int = 32
    ) -> OpenAIChatAgentFactory:
        """The agent a ``type: openai`` config names (``${ENV_VAR}`` expanded here)."""
        return cls(
            expand_env(config.base_url, "base_url"), model=config.model, retries=config.retries,
            headers=expand_headers(config.headers), timeout_s=config.timeout_s,
            stream=config.stream, label=label, shown_url=config.base_url, config=config,
        )

    def describe(self) -> AgentDescription:
        """Its config with ``${ENV_VAR}`` references as written, never their values."""
        return AgentDescription(self.kind, self.config.model_dump(mode="json"), self.label)

    def session(self, episode_id: str) -> AgentSession:
        return _ChatSession(self)

    async def complete(self, payload: dict[str, Any] | bytes) -> dict[str, Any]:
        """One chat completion as an assistant message dict (usage included).

        ``payload``: the request as a dict, or encoded by ``ChatBody`` (``stream`` included).
        """
        if not self.stream:
            return parse_completion(await self.http.post(payload))
        body = payload if isinstance(payload, bytes) else {**payload, "stream": True}
        async with self.http.stream(body) as response:
            lines = [raw.decode("utf-8", "replace") async for raw in self.http.lines(response)]
        return join_stream(lines)

    async def aclose(self) -> None:
        await self.http.aclose()


class ChatBody:
    """One episode's request bodies, each message and the tool list encoded once.

    A chat endpoint is stateless: every call carries the whole conversation and the tools.
    Encoding them afresh made each call's CPU grow with the conversation; here a call
    encodes only the messages new since the last one (the harness passes the same message
    objects again) and the tool list once per episode, then joins the pieces. The bytes
    decode to exactly the payload ``json=`` would send.

    Example:
        >>> body = ChatBody("m", stream=False)
        >>> hello = {"role": "user", "content": "hi"}
        >>> json.loads(body.encode([hello], None, "s1"))
        {'model': 'm', 'user': 's1', 'messages': [{'role': 'user', 'content': 'hi'}]}
    """

    def __init__(self, model: str, *, stream: bool) -> None:
        self._model, self._stream = model, stream
        self._head: tuple[str, str] = ("", "")  # (session id, the body's opening)
        self._messages: list[tuple[Any, str]] = []  # (message object, its JSON); holds refs
        self._tools: tuple[Any, str] | None = None

    def encode(
        self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None, user: str
    ) -> bytes:
        """The request body for ``messages`` (and ``tools``, if any) as JSON bytes."""
        if self._head[0] != user or not self._head[1]:
            head: dict[str, Any] = {"model": self._model, "user": user}
            if self._stream:
                head["stream"] = True
            self._head = (user, json.dumps(head)[:-1])  # without its closing brace
        cached = self._messages
        for i, message in enumerate(messages):
            if i < len(cached) and cached[i][0] is message:
                continue
            del cached[i:]  # the history changed here: encode from this message on
            cached.extend((m, json.dumps(m)) for m in messages[i:])
            break
        del cached[len(messages):]
        parts = [self._head[1], ', "messages": [', ", ".join(text for _, text in cached), "]"]
        if tools:
            if self._tools is None or self._tools[0] is not tools:
                self._tools = (tools, json.dumps(tools))
            parts += [', "tools": ', self._tools[1]]
        parts.append("}")
        return "".join(parts).encode("utf-8")


class _ChatSession:
    def __init__(self, factory: OpenAIChatAgentFactory) -> None:
        self._factory = factory
        self._body = ChatBody(factory.model, stream=factory.stream)

    async def respond(self, request: AgentRequest) -> AgentReply:
        body = self._body.encode(request.messages, request.tools or None, request.session_id)
        return normalise_reply(await self._factory.complete(body))


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
    done = False
    for line in lines:
        line = line.strip()
        if line.replace(" ", "") == "data:[DONE]":
            done = True
            break
        if not line.startswith("data:"):
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
    if not done:
        # A stream that ends without its terminator was cut off: whatever arrived is a
        # partial reply, and scoring it as complete would blame or credit the bot wrongly.
        raise AgentError(
            "truncated",
            f"the stream ended without 'data: [DONE]' after {len(lines)} lines: "
            "the reply was cut off",
        )
    message["content"] = "".join(content)
    if calls:
        message["tool_calls"] = [calls[i] for i in sorted(calls)]
    return message


AGENT.add("openai", AgentKind(OpenAIAgentConfig, OpenAIChatAgentFactory.from_config))
