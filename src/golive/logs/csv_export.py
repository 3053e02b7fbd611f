"""A CSV export of conversations: one message a row, grouped by conversation id.

Columns (a header row is required; names are case-insensitive, extra columns are ignored):
``conversation_id``, ``role`` (user/customer, assistant/agent/bot, system, tool), ``text``,
optional ``timestamp`` (seconds or ISO 8601), ``tool_calls`` (the OpenAI JSON list) and
``tool_call_id`` (on a tool row: the call it answers).

Example:
    >>> CsvReader().sniff("export.csv", "conversation_id,role,text")
    True
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from golive.logs.base import (
    LOG_READER,
    LoggedConversation,
    LoggedMessage,
    LoggedToolCall,
    bad_row,
    parse_timestamp,
)
from golive.logs.openai import attach_tool_results, tool_calls

REQUIRED = ("conversation_id", "role", "text")
ROLE_NAMES = {
    "user": "user",
    "customer": "user",
    "assistant": "assistant",
    "agent": "assistant",
    "bot": "assistant",
    "system": "system",
    "tool": "tool",
}


@LOG_READER.register
class CsvReader:
    """Conversations from a CSV export."""

    name = "csv"

    def sniff(self, source: str, head: str) -> bool:
        """A ``.csv`` file, or one whose first line names the required columns."""
        first = head.split("\n", 1)[0].lower()
        return source.endswith(".csv") or all(c in first for c in REQUIRED)

    def read(self, source: str) -> Iterator[LoggedConversation]:
        """Every conversation, in the order of its first row."""
        grouped: dict[str, tuple[int, list[LoggedMessage]]] = {}
        with Path(source).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
            missing = [c for c in REQUIRED if c not in columns]
            if missing:
                raise bad_row(
                    f"no {', '.join(missing)} column",
                    source,
                    1,
                    missing[0],
                    f"the header row needs {', '.join(REQUIRED)} (optional: "
                    "timestamp, tool_calls, tool_call_id)",
                )
            for row in reader:
                number = reader.line_num
                get = {k: (row.get(v) or "").strip() for k, v in columns.items()}
                cid = get["conversation_id"]
                if not cid:
                    raise bad_row(
                        "empty conversation_id",
                        source,
                        number,
                        "conversation_id",
                        "give every row the id of its conversation",
                    )
                role = ROLE_NAMES.get(get["role"].lower())
                if role is None:
                    raise bad_row(
                        f"role {get['role']!r} is not known",
                        source,
                        number,
                        "role",
                        f"use one of {', '.join(sorted(ROLE_NAMES))}",
                    )
                calls: tuple[LoggedToolCall, ...] = ()
                if get.get("tool_calls"):
                    try:
                        raw = json.loads(get["tool_calls"])
                    except json.JSONDecodeError as exc:
                        raise bad_row(
                            f"tool_calls is not JSON ({exc.msg})",
                            source,
                            number,
                            "tool_calls",
                            "write the OpenAI tool_calls list as JSON",
                        ) from exc
                    calls = tool_calls(raw, source, number, "tool_calls")
                stamp = parse_timestamp(get.get("timestamp"), source, number, "timestamp")
                message = LoggedMessage(
                    role, row[columns["text"]] or "", calls, get.get("tool_call_id") or None, stamp
                )
                grouped.setdefault(cid, (number, []))[1].append(message)
        for cid, (number, messages) in grouped.items():
            yield LoggedConversation(
                cid, attach_tool_results(messages), self.name, f"{source}:{number}"
            )
