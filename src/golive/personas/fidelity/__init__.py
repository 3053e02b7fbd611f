"""Simulator fidelity: checks that a model-written customer stayed a believable customer.

``run_checks`` runs every registered turn check (``checks.py``, one class per fault kind);
the LLM simulator asks for a faulty turn again with the check's corrective note and, if the
fault persists, fails the episode as a simulator error of that kind (kept out of every
agent score). ``FAULT_KINDS`` lists the kinds, for reports.

Example:
    >>> "role_inversion" in FAULT_KINDS and "flags_disagree" in FAULT_KINDS
    True
"""

from __future__ import annotations

from golive.personas.fidelity import checks as _checks  # noqa: F401  (registers the checks)
from golive.personas.fidelity.base import (
    CHECKS,
    EpisodeFacts,
    Found,
    TurnCheck,
    TurnContext,
    run_checks,
    turn_check,
)
from golive.personas.fidelity.checks import MALFORMED_OUTPUT, shingles

#: Every fault kind golive knows: the registered checks plus the JSON parse step's.
FAULT_KINDS = (*CHECKS, MALFORMED_OUTPUT)

__all__ = ["CHECKS", "FAULT_KINDS", "MALFORMED_OUTPUT", "EpisodeFacts", "Found", "TurnCheck",
           "TurnContext", "run_checks", "shingles", "turn_check"]
