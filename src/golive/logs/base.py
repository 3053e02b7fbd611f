"""What a log reader gives back, the reader interface, and its registry kind ``log_reader``.

A logged conversation is plain data: who said what, the tool calls the bot made (with the
results the log recorded), when, and where in which file it came from. Readers know
formats, nothing about scoring: ``golive score``, ``golive suite from-logs`` and
``golive realism`` turn conversations into transcripts (``golive.logs.transcripts``).

A new format is one class with ``name``, ``sniff(path, head)`` and ``read(source)``,
registered with ``@LOG_READER.register``. A row a reader cannot use raises ``bad_row``: an
``InputError`` naming file, line and field, with a fix (exit 2).

Example:
    >>> LOG_READER.names()
    ['csv', 'jsonl', 'mlflow', 'tau-bench']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from golive.errors import InputError
from golive.registry import Kind

ROLES = ("system", "user", "assistant", "tool")


@dataclass(frozen=True)
class LoggedToolCall:
    """One tool call the bot made, with what the tool answered (None: not in the log)."""

    id: str
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    result: Any = None


@dataclass(frozen=True)
class LoggedMessage:
    """One message of a logged conversation, in OpenAI roles."""

    role: str  # system, user, assistant or tool
    text: str
    tool_calls: tuple[LoggedToolCall, ...] = ()
    tool_call_id: str | None = None  # on a tool message: the call it answers
    timestamp: float | None = None  # seconds since the epoch, when the log says


@dataclass(frozen=True)
class LoggedConversation:
    """One conversation from a log: its id, messages, format and where it was read."""

    id: str
    messages: tuple[LoggedMessage, ...]
    format: str
    source: str  # "file:line" (or the store and session) of its first row
    meta: dict[str, Any] = field(default_factory=dict)  # what else the log said (reward...)


class LogReader(Protocol):
    """Reads one log format into conversations."""

    name: str

    def sniff(self, source: str, head: str) -> bool:
        """Whether ``source`` (whose first few KB are ``head``) is in this format."""
        ...

    def read(self, source: str) -> Iterator[LoggedConversation]:
        """Every conversation in ``source``; a bad row raises ``bad_row``."""
        ...


#: Registry kind ``log_reader``: format name -> reader class.
LOG_READER: Kind[type[LogReader]] = Kind(
    "log_reader",
    builtins=("golive.logs.formats",),
    noun="log format",
    field="--format",
)


def bad_row(message: str, file: str, line: int | None, field: str | None, fix: str) -> InputError:
    """The error for a row a reader cannot use: file, line, field and how to fix it.

    Example:
        >>> print(bad_row("role 'bot' is not an OpenAI role", "chats.jsonl", 3, "messages.1.role",
        ...               "use system, user, assistant or tool"))
        chats.jsonl:3: messages.1.role: role 'bot' is not an OpenAI role
          hint: use system, user, assistant or tool
    """
    return InputError(message, file=file, line=line, field=field, hint=fix)


def parse_timestamp(value: Any, file: str, line: int | None, field: str) -> float | None:
    """Seconds since the epoch from a number or an ISO 8601 string ('' or None: unknown).

    Example:
        >>> parse_timestamp("2026-11-30T09:00:00Z", "f.csv", 2, "timestamp")
        1796029200.0
    """
    from datetime import UTC, datetime

    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            pass
        try:
            stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).timestamp()
    raise bad_row(
        f"timestamp {value!r} is neither a number nor an ISO 8601 time",
        file,
        line,
        field,
        "write seconds since the epoch or a time like 2026-11-30T09:00:00Z",
    )
