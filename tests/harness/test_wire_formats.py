"""Properties of the wire formats: request templates, response paths, streamed answers."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from golive.harness.agents.http_json import fill, pick
from golive.harness.agents.openai_http import join_stream
from golive.harness.agents.reply import normalise_reply

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@given(value=JSON, text=st.text(max_size=30))
def test_a_lone_placeholder_keeps_the_value_and_an_inline_one_becomes_text(value: Any, text: str) -> None:
    filled = fill({"whole": "{{messages}}", "inline": "sid-{{ session_id }}", "kept": 3},
                  {"messages": value, "session_id": text})
    assert filled == {"whole": value, "inline": f"sid-{text}", "kept": 3}


@given(value=JSON, keys=st.lists(st.text(alphabet="abc", min_size=1, max_size=3), min_size=1, max_size=4))
def test_pick_finds_what_was_put_at_a_dotted_path(value: Any, keys: list[str]) -> None:
    data: Any = value
    for key in reversed(keys):
        data = {key: data}
    assert pick(data, ".".join(keys)) == value


@given(text=st.text(min_size=1, max_size=80), cuts=st.lists(st.integers(0, 80), max_size=6),
       arguments=st.dictionaries(st.text(max_size=5), st.integers(), max_size=3))
def test_a_streamed_answer_joins_to_the_same_reply_however_it_is_cut(
    text: str, cuts: list[int], arguments: dict[str, int],
) -> None:
    points = sorted({0, len(text), *(c for c in cuts if c <= len(text))})
    pieces = [text[a:b] for a, b in zip(points, points[1:], strict=False)]
    encoded = json.dumps(arguments)
    half = len(encoded) // 2
    events = [{"choices": [{"delta": {"content": p}}]} for p in pieces]
    events.append({"choices": [{"delta": {"tool_calls": [
        {"index": 0, "id": "c1", "function": {"name": "lookup_order", "arguments": encoded[:half]}}]}}]})
    events.append({"choices": [{"delta": {"tool_calls": [
        {"index": 0, "function": {"arguments": encoded[half:]}}]}}]})
    lines = [f"data: {json.dumps(e)}" for e in events] + ["data: [DONE]"]
    reply = normalise_reply(join_stream(lines))
    assert reply.content == text
    assert reply.tool_calls[0].name == "lookup_order" and reply.tool_calls[0].arguments == arguments
