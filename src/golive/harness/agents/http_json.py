"""Bots behind their own REST API: a JSON request template and a response field mapping.

Each customer turn becomes one request built from the template; ``{{session_id}}`` is
stable per episode, so a stateful bot keeps its own context. The reply text (and, if
mapped, a handoff flag or tool calls) is read from the answer by dotted paths.

Example:
    >>> fill({"q": "{{message}}", "sid": "s-{{session_id}}"}, {"message": "hi", "session_id": "7"})
    {'q': 'hi', 'sid': 's-7'}
    >>> pick({"data": {"reply": "hello"}}, "data.reply")
    'hello'
"""

from __future__ import annotations

import json
import re
from typing import Any

from golive.errors import AgentError
from golive.harness.agents._http import HttpClient
from golive.harness.agents.base import AgentReply, AgentRequest, AgentSession
from golive.harness.agents.config import HttpAgentConfig, expand_env, expand_headers
from golive.harness.agents.reply import normalise_reply

_PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
_MISSING = object()


def fill(template: Any, values: dict[str, Any]) -> Any:
    """The template with placeholders replaced; a lone placeholder keeps the value's type."""
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    if not isinstance(template, str):
        return template
    whole = _PLACEHOLDER.fullmatch(template.strip())
    if whole and whole.group(1) in values:
        return values[whole.group(1)]
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def pick(data: Any, path: str) -> Any:
    """The value at a dotted path (list indexes allowed), or a marker when it is absent."""
    for part in path.split("."):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return _MISSING
    return data


class HttpJsonAgentFactory:
    """Sessions that call one REST endpoint shaped by an ``HttpAgentConfig``."""

    remote = True

    def __init__(self, config: HttpAgentConfig, label: str) -> None:
        self.label = label
        self.config = config
        self.http = HttpClient(
            expand_env(config.url, "url"), expand_headers(config.headers),
            timeout_s=config.timeout_s, retries=config.retries, method=config.method,
            shown_url=config.url,
        )

    def session(self, episode_id: str) -> AgentSession:
        return _JsonSession(self)

    async def aclose(self) -> None:
        await self.http.aclose()


class _JsonSession:
    def __init__(self, factory: HttpJsonAgentFactory) -> None:
        self._factory = factory

    async def respond(self, request: AgentRequest) -> AgentReply:
        config = self._factory.config
        customer = [m for m in request.messages if m.get("role") == "user"]
        values = {
            "message": str(customer[-1].get("content") or "") if customer else "",
            "messages": request.messages,
            "session_id": request.session_id,
            "tools": request.tools,
        }
        body = await self._factory.http.post(fill(config.request, values))
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise AgentError("malformed", f"the bot did not answer JSON: {body[:200]!r}") from exc
        return normalise_reply(self._message(data))

    def _message(self, data: Any) -> dict[str, Any]:
        mapping = self._factory.config.response
        content = pick(data, mapping.content)
        if content is _MISSING:
            keys = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise AgentError(
                "malformed",
                f"the bot's answer has no {mapping.content!r} (response.content); got {keys}",
            )
        message: dict[str, Any] = {"content": "" if content is None else str(content)}
        if mapping.handoff:
            flag = pick(data, mapping.handoff)
            if flag is not _MISSING and flag:
                message["handoff"] = flag if isinstance(flag, dict) else True
        if mapping.tool_calls:
            calls = pick(data, mapping.tool_calls)
            if calls is not _MISSING and calls:
                message["tool_calls"] = calls
        return message
