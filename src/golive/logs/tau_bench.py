"""τ-bench's published trajectories: a JSON list of ``{task_id, traj, reward, info, trial}``.

``traj`` is the conversation in OpenAI messages (system prompt, user, assistant with
``tool_calls``, ``tool`` results). A conversation's id is ``tau-<task_id>-<trial>``; the
reward and task id are kept in ``meta``.

Example:
    >>> TauBenchReader().sniff("x.json", '[{"task_id": 0, "reward": 1.0, "traj": []}]')
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from golive.logs.base import LOG_READER, LoggedConversation, bad_row
from golive.logs.openai import openai_messages

FIX = "τ-bench trajectories are a JSON list of {task_id, traj: [OpenAI messages], reward, ...}"


@LOG_READER.register
class TauBenchReader:
    """τ-bench trajectory files."""

    name = "tau-bench"

    def sniff(self, source: str, head: str) -> bool:
        """A JSON list whose first entry has ``task_id`` and ``traj``."""
        start = head.lstrip()
        return start.startswith("[") and '"traj"' in head and '"task_id"' in head

    def read(self, source: str) -> Iterator[LoggedConversation]:
        """Every trajectory, in file order."""
        text = Path(source).read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise bad_row(f"not JSON ({exc.msg})", source, exc.lineno, None, FIX) from exc
        if not isinstance(data, list):
            raise bad_row("not a list of trajectories", source, 1, None, FIX)
        lines = _entry_lines(text)
        for i, entry in enumerate(data):
            line = lines[i] if i < len(lines) else None
            yield self._entry(entry, i, source, line)

    def _entry(self, entry: Any, i: int, source: str, line: int | None) -> LoggedConversation:
        if not isinstance(entry, dict) or "traj" not in entry:
            raise bad_row("a trajectory without traj", source, line, f"{i}.traj", FIX)
        if "task_id" not in entry:
            raise bad_row("a trajectory without task_id", source, line, f"{i}.task_id", FIX)
        messages = openai_messages(entry["traj"], source, line, f"{i}.traj")
        meta: dict[str, Any] = {
            "task_id": entry["task_id"],
            "reward": entry.get("reward"),
            "trial": entry.get("trial", 0),
        }
        cid = f"tau-{entry['task_id']}-{meta['trial']}"
        return LoggedConversation(cid, messages, self.name, f"{source}:{line or 1}", meta)


def _entry_lines(text: str) -> list[int]:
    """The line on which each top-level entry of the list starts (for error messages)."""
    lines, depth, number, in_string, escaped = [], 0, 1, False, False
    for char in text:
        if char == "\n":
            number += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth == 2 and char == "{":
                lines.append(number)
        elif char in "]}":
            depth -= 1
    return lines
