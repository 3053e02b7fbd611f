"""Corrupt lines in a run's JSONL logs are set aside on ``--resume``, not fatal.

A complete line that is not a valid episode (a disk error, a hand edit, a crashed writer
from an older golive) used to crash ``--resume``. Now each such line moves to
``<name>.quarantine.jsonl`` beside the file, with its line number and the reason, the log is
rewritten without it (atomically), and its episode is simply played again.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "results.jsonl").write_text('{"broken": \\n', encoding="utf-8")
    >>> [q.line for q in quarantine_results(folder)]
    [1]
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from golive.results.io import write_atomic
from golive.results.models import EpisodeResult, Timing
from golive.results.run_folder import RESULTS_FILE, TIMINGS_FILE


@dataclass(frozen=True)
class Quarantined:
    """One line set aside: where it was, why, and where it went."""

    file: Path
    line: int
    reason: str
    moved_to: Path

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason} (moved to {self.moved_to.name})"


def quarantine_results(folder: Path) -> list[Quarantined]:
    """Set aside the corrupt complete lines of ``results.jsonl`` and ``timings.jsonl``."""
    return [
        *quarantine_lines(folder / RESULTS_FILE, EpisodeResult),
        *quarantine_lines(folder / TIMINGS_FILE, Timing),
    ]


def quarantine_lines(path: Path, model: type[BaseModel]) -> list[Quarantined]:
    """Move each complete line of ``path`` that is not a valid ``model`` aside."""
    if not path.exists():
        return []
    side = path.with_name(path.stem + ".quarantine.jsonl")
    keep: list[str] = []
    found: list[Quarantined] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.endswith("\n"):
                keep.append(line)  # a torn tail: the run's own truncation handles it
                continue
            if not line.strip():
                continue
            try:
                model.model_validate_json(line)
            except (ValidationError, ValueError) as exc:
                reason = str(exc).splitlines()[0][:200]
                found.append(Quarantined(path, number, reason, side))
                with side.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"line": number, "reason": reason, "text": line}) + "\n")
                continue
            keep.append(line)
    if found:
        write_atomic(path, keep)
    return found
