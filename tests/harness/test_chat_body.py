"""The OpenAI adapter's incremental request body sends exactly what ``json=payload`` would."""

from __future__ import annotations

import json

from golive.harness.agents.openai_http import ChatBody


def _payload(
    messages: list[dict[str, object]], tools: object, user: str, stream: bool
) -> dict[str, object]:
    payload: dict[str, object] = {"model": "m", "user": user}
    if stream:
        payload["stream"] = True
    payload["messages"] = messages
    if tools:
        payload["tools"] = tools
    return payload


def test_each_call_decodes_to_the_whole_payload_as_the_conversation_grows() -> None:
    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    for stream in (False, True):
        body = ChatBody("m", stream=stream)
        history: list[dict[str, object]] = []
        for n in range(6):
            history.append({"role": "user", "content": f'question {n} \u00e9"\\'})
            sent = json.loads(body.encode(list(history), tools, "s1"))
            assert sent == _payload(history, tools, "s1", stream)
            history.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [{"id": f"c{n}", "type": "function"}],
                }
            )
        # A different history (another episode reusing the session object) is encoded afresh,
        # and so are different tools and a different user.
        other = [{"role": "user", "content": "new"}]
        assert json.loads(body.encode(other, None, "s2")) == _payload(other, None, "s2", stream)
        fewer = history[:3]
        assert json.loads(body.encode(fewer, [*tools], "s2")) == _payload(
            fewer, tools, "s2", stream
        )
