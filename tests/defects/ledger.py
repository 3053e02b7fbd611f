"""Where planted-defect bots record each turn their defect shows.

The bots run in the measuring process (Python agents), so a module-level dict is enough.
A key is the episode's session id; a value lists ``(customer_turns_so_far, kind, detail)``:
the reply after the n-th customer message is transcript turn ``2n - 1`` for bots that do
not speak first.

Example:
    >>> record("ep1", 1, "human", "a real human")
    >>> occurrences("ep1")
    [Occurrence(customer_turns=1, kind='human', detail='a real human')]
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

_LOCK = threading.Lock()
_SEEN: dict[str, list[Occurrence]] = {}


@dataclass(frozen=True)
class Occurrence:
    """One reply where a planted defect shows."""

    customer_turns: int
    kind: str
    detail: str = ""


def record(session_id: str, customer_turns: int, kind: str, detail: str = "") -> None:
    """Note that the reply after ``customer_turns`` customer messages carries ``kind``."""
    with _LOCK:
        seen = _SEEN.setdefault(session_id, [])
        if all(o.customer_turns != customer_turns or o.kind != kind for o in seen):
            seen.append(Occurrence(customer_turns, kind, detail))


def occurrences(session_id: str) -> list[Occurrence]:
    """What was recorded for one episode, in order."""
    with _LOCK:
        return list(_SEEN.get(session_id, []))


def already(session_id: str, kind: str) -> bool:
    """Whether ``kind`` was already recorded in this episode (episode-level defects)."""
    with _LOCK:
        return any(o.kind == kind for o in _SEEN.get(session_id, []))


def clear() -> None:
    """Forget everything (between measured runs)."""
    with _LOCK:
        _SEEN.clear()


def customer_turns(messages: list[dict[str, Any]]) -> int:
    """How many customer messages a conversation holds."""
    return sum(1 for m in messages if m.get("role") == "user")
