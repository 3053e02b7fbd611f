"""Hand-built transcripts and scenarios for evaluator and simulator tests."""

from __future__ import annotations

from typing import Any

from golive.results.models import (
    CustomerEvent,
    CustomerEventKind,
    Emotion,
    EmotionLabel,
    Handoff,
    HandoffKind,
    Speaker,
    Transcript,
    Turn,
)
from golive.scenarios.models import Scenario


def scenario(**fields: Any) -> Scenario:
    """A minimal valid scenario with ``fields`` merged in."""
    base: dict[str, Any] = {
        "id": "s",
        "title": "t",
        "customer": {"goal": "g", "opening": "Hello", "knows": {"order_id": "A1001"}},
    }
    base.update(fields)
    return Scenario.model_validate(base)


def customer(text: str, *events: CustomerEventKind, intensity: float = 0.3,
             label: EmotionLabel = EmotionLabel.CALM) -> dict[str, Any]:
    return {"speaker": Speaker.CUSTOMER, "text": text,
            "emotion": Emotion(label=label, intensity=intensity),
            "events": [CustomerEvent(kind=e) for e in events]}


def agent(text: str, transfer: bool = False, consult: bool = False) -> dict[str, Any]:
    handoff = None
    if transfer:
        handoff = Handoff(kind=HandoffKind.TRANSFER, reason="r", summary="s")
    elif consult:
        handoff = Handoff(kind=HandoffKind.CONSULT, reason="q")
    return {"speaker": Speaker.AGENT, "text": text, "handoff": handoff}


def transcript(*turns: dict[str, Any]) -> Transcript:
    """Number the turns in order."""
    return Transcript(turns=[Turn(index=i, **t) for i, t in enumerate(turns)])
