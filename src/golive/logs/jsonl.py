"""JSON Lines of OpenAI-format conversations: one conversation per line, or one message per line.

One conversation per line::

    {"id": "c1", "messages": [{"role": "user", "content": "Where is my order?"}, ...]}

One message per line, grouped by ``conversation_id`` (in file order)::

    {"conversation_id": "c1", "role": "user", "content": "Where is my order?", "timestamp": 1764...}

Every other key of a conversation line is kept in ``meta``.

Example:
    >>> JsonlReader().sniff("chats.jsonl", '{"messages": []}')
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from golive.logs.base import LOG_READER, LoggedConversation, LoggedMessage, bad_row, parse_timestamp
from golive.logs.openai import attach_tool_results, openai_message, openai_messages

LINE_FIX = (
    'one JSON object a line: {"id": ..., "messages": [...]} or '
    '{"conversation_id": ..., "role": ..., "content": ...}'
)


@LOG_READER.register
class JsonlReader:
    """OpenAI-format conversations in JSON Lines."""

    name = "jsonl"

    def sniff(self, source: str, head: str) -> bool:
        """A ``.jsonl`` file, or one whose first line is an object with messages or a role."""
        if source.endswith((".jsonl", ".ndjson")):
            return True
        first = head.lstrip().split("\n", 1)[0]
        return first.startswith("{") and ('"messages"' in first or '"conversation_id"' in first)

    def read(self, source: str) -> Iterator[LoggedConversation]:
        """Every conversation, in the order of its first line."""
        grouped: dict[str, tuple[int, list[LoggedMessage]]] = {}
        with Path(source).open(encoding="utf-8") as handle:
            for number, text in enumerate(handle, start=1):
                if not text.strip():
                    continue
                row = self._row(text, source, number)
                if "messages" in row:
                    yield self._conversation(row, source, number)
                else:
                    cid = self._id(row, source, number)
                    stamp = parse_timestamp(row.get("timestamp"), source, number, "timestamp")
                    message = openai_message(row, source, number, "message", stamp)
                    grouped.setdefault(cid, (number, []))[1].append(message)
        for cid, (number, messages) in grouped.items():
            yield LoggedConversation(
                cid, attach_tool_results(messages), self.name, f"{source}:{number}"
            )

    @staticmethod
    def _row(text: str, source: str, number: int) -> dict[str, Any]:
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            raise bad_row(
                f"not JSON ({exc.msg} at column {exc.colno})", source, number, None, LINE_FIX
            ) from exc
        if not isinstance(row, dict) or not ("messages" in row or "role" in row):
            raise bad_row(
                "neither a conversation (messages) nor a message (role)",
                source,
                number,
                None,
                LINE_FIX,
            )
        return row

    @staticmethod
    def _id(row: dict[str, Any], source: str, number: int) -> str:
        cid = row.get("conversation_id")
        if cid is None or cid == "":
            raise bad_row(
                "a message line without conversation_id",
                source,
                number,
                "conversation_id",
                "give every message line the id of its conversation",
            )
        return str(cid)

    def _conversation(self, row: dict[str, Any], source: str, number: int) -> LoggedConversation:
        cid = row.get("id", row.get("conversation_id"))
        messages = openai_messages(row["messages"], source, number, "messages")
        meta = {k: v for k, v in row.items() if k not in ("id", "conversation_id", "messages")}
        return LoggedConversation(
            str(cid) if cid is not None else f"{Path(source).name}:{number}",
            messages,
            self.name,
            f"{source}:{number}",
            meta,
        )
