"""Simulated customers: personas, their emotions, and the simulators that write them.

Public surface (simulators are imported on first use, so ``import golive.personas`` stays
light):

Example:
    >>> from golive.personas import Persona, get_simulator
    >>> get_simulator("scripted").name
    'scripted'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from golive.errors import SimulatorError
from golive.personas.models import Adversarial, Disclosure, Persona, Threat, Verbosity
from golive.personas.simulator import (
    CustomerSession,
    CustomerTurn,
    Simulator,
    get_simulator,
    register_simulator,
    simulator_provenance,
)

if TYPE_CHECKING:
    from golive.personas.llm import LLMSimulator
    from golive.personas.scripted import ScriptedSimulator

__all__ = [
    "Adversarial",
    "CustomerSession",
    "CustomerTurn",
    "Disclosure",
    "LLMSimulator",
    "Persona",
    "ScriptedSimulator",
    "Simulator",
    "SimulatorError",
    "Threat",
    "Verbosity",
    "get_simulator",
    "register_simulator",
    "simulator_provenance",
]


def __getattr__(name: str) -> Any:
    if name == "LLMSimulator":
        from golive.personas.llm import LLMSimulator

        return LLMSimulator
    if name == "ScriptedSimulator":
        from golive.personas.scripted import ScriptedSimulator

        return ScriptedSimulator
    raise AttributeError(f"module 'golive.personas' has no attribute {name!r}")
