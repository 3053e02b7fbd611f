"""``gate.json``: the last verdict on a run folder, with its reasons and the baseline used.

A gate re-decided later overwrites it; the baseline a ``latest-passing`` gate picked stays
findable beside the run it judged.

Example:
    >>> from golive.gate.verdict import GateResult
    >>> sorted(gate_record(GateResult(), "the default thresholds", None))[:3]
    ['baseline', 'decided_at', 'reasons']
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from golive.gate.verdict import GateResult
from golive.results.run_folder import RunFolder

GATE_FILE = "gate.json"


def gate_record(result: GateResult, origin: str, baseline: dict[str, str] | None) -> dict[str, Any]:
    """The record as JSON-ready data."""
    return {
        "verdict": result.verdict.value,
        "thresholds_from": origin,
        "baseline": baseline,
        "reasons": [{"outcome": r.outcome.value if r.outcome else "note", "text": r.text}
                    for r in result.reasons],
        "decided_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_gate_record(folder: Path, result: GateResult, origin: str,
                      baseline: dict[str, str] | None = None) -> Path:
    """Write ``gate.json`` into a run folder atomically; returns its path."""
    text = json.dumps(gate_record(result, origin, baseline), indent=2, sort_keys=True) + "\n"
    RunFolder(folder).write_text(GATE_FILE, text)
    return folder / GATE_FILE


def read_gate_record(folder: Path) -> dict[str, Any] | None:
    """The last verdict recorded in a run folder, or None."""
    path = folder / GATE_FILE
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
