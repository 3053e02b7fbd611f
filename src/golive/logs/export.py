"""A golive transcript written as a log would hold it: OpenAI messages, one conversation a line.

What ``golive score`` reads back (the round trip that shows logged conversations are judged
as played ones are), and a way to hand golive's conversations to tools that read OpenAI chat
logs. An agent turn becomes an assistant message with its tool calls, one ``tool`` message
per result, and an assistant message with its words; nothing golive inferred (emotion,
events, scores) is written: a log does not have them.

Example:
    >>> from golive.results.models import Speaker, Transcript, Turn
    >>> t = Transcript(turns=[Turn(index=0, speaker=Speaker.CUSTOMER, text="Hi")])
    >>> transcript_messages(t)
    [{'role': 'user', 'content': 'Hi'}]
"""

from __future__ import annotations

import json
from typing import Any

from golive.results.models import EpisodeResult, Speaker, Transcript


def transcript_messages(transcript: Transcript) -> list[dict[str, Any]]:
    """The turns as OpenAI chat messages."""
    messages: list[dict[str, Any]] = []
    for turn in transcript.turns:
        if turn.speaker is Speaker.CUSTOMER:
            messages.append({"role": "user", "content": turn.text})
            continue
        if turn.tool_calls:
            messages.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": c.id,
                            "type": "function",
                            "function": {
                                "name": c.name,
                                "arguments": json.dumps(c.arguments, sort_keys=True),
                            },
                        }
                        for c in turn.tool_calls
                    ],
                }
            )
            for call in turn.tool_calls:
                result = {"error": call.error} if call.error is not None else call.result
                messages.append(
                    {
                        "role": "tool",
                        "tool_call_id": call.id,
                        "content": json.dumps(result, sort_keys=True),
                    }
                )
        if turn.text or not turn.tool_calls:
            messages.append({"role": "assistant", "content": turn.text})
    return messages


def episode_line(result: EpisodeResult, *, with_scenario: bool = True) -> dict[str, Any]:
    """One JSONL log line for an episode: its id, messages and (optionally) its scenario."""
    line: dict[str, Any] = {
        "id": result.episode_id,
        "messages": transcript_messages(result.transcript),
    }
    if with_scenario:
        line["scenario"] = result.scenario_id
        line["persona"] = result.persona_id
    return line
