"""Lines of JSONL files and atomic rewrites: the byte-level I/O under ``RunFolder``.

Which files a run folder holds, and opening them with good errors, is
``golive.results.run_folder``; this module knows lines, not folders. A JSONL file is
append-only while a run is going (it doubles as the resume log) and is rewritten in
``episode_id`` order, atomically, when the run ends.

Example:
    >>> from pathlib import Path
    >>> list(read_results(Path("/nonexistent/results.jsonl")))
    []
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from golive._redact import redact_json
from golive.results.models import EpisodeResult, Timing


def dump_line(result: EpisodeResult | Timing) -> str:
    """One compact JSON line with a stable key order (byte-identical for equal results).

    Secrets are masked here, on the way to disk (a bot that echoes a key must not write it
    into the results, and so into reports and MLflow, which are built from them).
    """
    text = json.dumps(result.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return redact_json(text) + "\n"


def read_results(path: Path) -> Iterator[EpisodeResult]:
    """Yield the episodes in a results file, skipping a torn last line left by a crash."""
    for _, line in numbered_lines(path):
        yield EpisodeResult.model_validate_json(line)


def numbered_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Complete, non-blank lines with their 1-based numbers; a torn last line is skipped."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.endswith("\n"):
                return  # torn write from a killed run: the episode is redone on resume
            if line.strip():
                yield number, line


def truncate_torn_tail(path: Path) -> None:
    """Cut a partial last line so appends start on a clean line."""
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        keep = data.rfind(b"\n") + 1
        with path.open("r+b") as handle:
            handle.truncate(keep)


class LineWriter:
    """Appends lines and flushes each one, so a killed run loses at most the line in flight."""

    def __init__(self, path: Path) -> None:
        self._handle: IO[str] = path.open("a", encoding="utf-8")

    def write(self, record: EpisodeResult | Timing) -> None:
        self.write_line(dump_line(record))

    def write_line(self, line: str) -> None:
        """Append a line ``dump_line`` made (e.g. in a worker process)."""
        self._handle.write(line)
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def rewrite_sorted(path: Path, key: str = "episode_id") -> None:
    """Rewrite a JSONL file sorted by ``key``, keeping the last line per key, atomically.

    Holds only each line's key and offset, not the lines: memory stays flat at 10,000s of
    episodes.
    """
    if not path.exists():
        return
    where: dict[str, tuple[int, int]] = {}
    with path.open("rb") as handle:
        offset = 0
        for raw in handle:
            if not raw.endswith(b"\n"):
                break  # torn tail from a killed run
            if raw.strip():
                where[json.loads(raw)[key]] = (offset, len(raw))
            offset += len(raw)
    with path.open("rb") as source:

        def lines() -> Iterator[str]:
            for k in sorted(where):
                start, size = where[k]
                source.seek(start)
                yield source.read(size).decode("utf-8")

        write_atomic(path, lines())


def write_atomic(path: Path, lines: Iterable[str]) -> None:
    """Write to a temporary file beside ``path`` and rename it over ``path``."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
