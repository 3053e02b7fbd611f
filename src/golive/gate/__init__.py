"""The gate: thresholds over a run (and optionally a baseline run) that decide its verdict.

Three verdicts, each printed with its reasons one per line: ``pass`` (exit 0), ``fail``
(exit 1) and ``inconclusive`` (exit 4: a missing metric, nothing scored, an unfinished run,
too many simulator or judge errors, an undecidable baseline interval). The gate reads
golive's results files only; it never imports the reports, the runner or MLflow.

Example:
    >>> spec = GateSpec(thresholds=["guardrails.critical == 0"])
    >>> decide(spec, []).verdict is Verdict.INCONCLUSIVE
    True
"""

from __future__ import annotations

from golive.gate.decide import NOT_REGRESSION_CHECKED, RunFacts, decide
from golive.gate.folder import GatedRun, gate_folder, load_run
from golive.gate.spec import (
    DEFAULT_THRESHOLDS,
    GateSpec,
    Threshold,
    did_you_mean,
    parse_thresholds,
    resolve_spec,
)
from golive.gate.verdict import GateResult, Reason, Verdict, exit_code

__all__ = [
    "DEFAULT_THRESHOLDS",
    "NOT_REGRESSION_CHECKED",
    "GateResult",
    "GateSpec",
    "GatedRun",
    "Reason",
    "RunFacts",
    "Threshold",
    "Verdict",
    "decide",
    "did_you_mean",
    "exit_code",
    "gate_folder",
    "load_run",
    "parse_thresholds",
    "resolve_spec",
]
