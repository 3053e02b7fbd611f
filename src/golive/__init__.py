"""golive: rehearse AI customer-support agents against simulated customers before go-live.

The public API, importable from ``golive`` itself (each name is loaded on first use, so
``import golive`` stays instant and ``golive --help`` never pays for MLflow or litellm):

- run a suite: :func:`run_suite` with a :class:`RunConfig`, giving a :class:`RunOutcome`;
  :func:`load_suite` reads a suite file (or ``pack:NAME``) without running it;
- read a finished run: :class:`RunFolder` (``RunFolder.open(path)``: results, manifest,
  cost, insights, with clear errors), or :func:`read_results` over a ``results.jsonl``;
- gate it: :func:`decide` applies a :class:`GateSpec`'s thresholds to results;
- the models: :class:`EpisodeResult`, :class:`Transcript`, :class:`Turn`, :class:`Finding`,
  :class:`Severity`, :class:`Manifest`, :class:`Suite`, :class:`Scenario`, :class:`Persona`;
- the errors: one tree under :class:`GoliveError` (see :mod:`golive.errors`).

Example:
    >>> import golive
    >>> golive.__version__ >= "0.1"
    True
    >>> golive.InputError("must be a number", file="suite.yaml", line=3, field="seed").line
    3
"""

from __future__ import annotations

import os
from importlib import import_module
from typing import TYPE_CHECKING, Any

# litellm fetches its price table on import unless told not to; offline that hangs
# (mlflow server deadlocked on it here). Set before anything can import litellm.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

__version__ = "0.1.0"

# Public name -> the module that defines it. One table, so a test can check it against
# __all__ and against what each module really holds.
_EXPORTS: dict[str, str] = {
    # running
    "RunConfig": "golive.harness.build",
    "RunOutcome": "golive.harness.rehearsal",
    "run_suite": "golive.harness.rehearsal",
    "load_suite": "golive.harness.suite",
    # reading results and gating
    "read_results": "golive.results.io",
    "RunFolder": "golive.results.run_folder",
    "decide": "golive.gate",
    "GateSpec": "golive.gate",
    "GateResult": "golive.gate",
    "Verdict": "golive.gate",
    # models
    "EpisodeResult": "golive.results.models",
    "Transcript": "golive.results.models",
    "Turn": "golive.results.models",
    "Finding": "golive.results.models",
    "Severity": "golive.results.models",
    "Manifest": "golive.results.manifest",
    "Suite": "golive.harness.suite",
    "Scenario": "golive.scenarios.models",
    "Persona": "golive.personas.models",
    # errors
    "GoliveError": "golive.errors",
    "InputError": "golive.errors",
    "ValidationFailed": "golive.errors",
    "ResumeMismatch": "golive.errors",
    "NoPassingRun": "golive.errors",
    "UnreachableError": "golive.errors",
    "EpisodeFault": "golive.errors",
    "AgentError": "golive.errors",
    "SimulatorError": "golive.errors",
    "JudgeFailed": "golive.errors",
    "LLMError": "golive.errors",
    "Transient": "golive.errors",
    "ToolRefused": "golive.errors",
}

__all__ = [
    "AgentError",
    "EpisodeFault",
    "EpisodeResult",
    "Finding",
    "GateResult",
    "GateSpec",
    "GoliveError",
    "InputError",
    "JudgeFailed",
    "LLMError",
    "Manifest",
    "NoPassingRun",
    "Persona",
    "ResumeMismatch",
    "RunConfig",
    "RunFolder",
    "RunOutcome",
    "Scenario",
    "Severity",
    "SimulatorError",
    "Suite",
    "ToolRefused",
    "Transcript",
    "Transient",
    "Turn",
    "UnreachableError",
    "ValidationFailed",
    "Verdict",
    "__version__",
    "decide",
    "load_suite",
    "read_results",
    "run_suite",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'golive' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:  # what type checkers and IDEs see; at run time names load on first use
    from golive.errors import (
        AgentError,
        EpisodeFault,
        GoliveError,
        InputError,
        JudgeFailed,
        LLMError,
        NoPassingRun,
        ResumeMismatch,
        SimulatorError,
        ToolRefused,
        Transient,
        UnreachableError,
        ValidationFailed,
    )
    from golive.gate import GateResult, GateSpec, Verdict, decide
    from golive.harness.build import RunConfig
    from golive.harness.rehearsal import RunOutcome, run_suite
    from golive.harness.suite import Suite, load_suite
    from golive.personas.models import Persona
    from golive.results.io import read_results
    from golive.results.manifest import Manifest
    from golive.results.models import EpisodeResult, Finding, Severity, Transcript, Turn
    from golive.results.run_folder import RunFolder
    from golive.scenarios.models import Scenario
