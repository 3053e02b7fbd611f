"""Real conversations in: one reader per log format, each registered under ``log_reader``.

Formats: ``jsonl`` (OpenAI-format conversations, one a line or one message a line),
``csv`` (an export: conversation id, role, text, timestamp, tool calls), ``tau-bench``
(published trajectories) and ``mlflow`` (traces of an experiment or some sessions). The
format is sniffed from each file unless ``fmt`` names it. A row no reader can use is an
``InputError`` naming file, line, field and a fix.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "chats.jsonl"
    >>> _ = path.write_text('{"id": "c1", "messages": [{"role": "user", "content": "Hi"}]}\\n')
    >>> [(c.id, c.format, c.messages[0].text) for c in read_logs([str(path)])]
    [('c1', 'jsonl', 'Hi')]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from golive.errors import InputError
from golive.logs.base import (
    LOG_READER,
    LoggedConversation,
    LoggedMessage,
    LoggedToolCall,
    LogReader,
    bad_row,
)

__all__ = [
    "LOG_READER",
    "LogReader",
    "LoggedConversation",
    "LoggedMessage",
    "LoggedToolCall",
    "bad_row",
    "read_logs",
    "reader_for",
]

HEAD_BYTES = 4096
SNIFF_ORDER = ("mlflow", "tau-bench", "csv", "jsonl")  # most specific first


def reader_for(source: str, fmt: str | None = None) -> LogReader:
    """The reader for ``source``: the one ``fmt`` names, else the first whose sniff accepts it.

    Raises:
        InputError: no such file, an unknown ``fmt``, or no reader recognises the file.
    """
    if fmt is not None:
        return LOG_READER.get(fmt)()
    head = ""
    if not source.startswith("mlflow:"):
        path = Path(source)
        if not path.is_file():
            raise InputError(
                f"no log file {source}",
                field="LOGS",
                hint="pass log files (.jsonl, .csv, τ-bench .json) or "
                "mlflow:EXPERIMENT[@URI][#SESSIONS]",
            )
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(HEAD_BYTES)
    names = [n for n in SNIFF_ORDER if n in LOG_READER] + [
        n for n in LOG_READER.names() if n not in SNIFF_ORDER
    ]
    for name in names:
        reader = LOG_READER.get(name)()
        if reader.sniff(source, head):
            return reader
    raise InputError(
        f"cannot tell the format of {source}",
        field="--format",
        hint=f"name it with --format ({', '.join(LOG_READER.names())})",
    )


def read_logs(sources: Sequence[str], fmt: str | None = None) -> Iterator[LoggedConversation]:
    """Every conversation of every source, in order; a conversation id seen twice is an error.

    Raises:
        InputError: a bad row (file, line, field and fix), or a repeated conversation id.
    """
    seen: dict[str, str] = {}
    for source in sources:
        for conversation in reader_for(source, fmt).read(source):
            if conversation.id in seen:
                raise InputError(
                    f"conversation id {conversation.id!r} appears twice (first at "
                    f"{seen[conversation.id]})",
                    file=conversation.source.rsplit(":", 1)[0],
                    field="conversation_id",
                    hint="each conversation needs its own id across the files read together",
                )
            seen[conversation.id] = conversation.source
            yield conversation
