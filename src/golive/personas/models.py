"""The persona model: who the simulated customer is and how they feel.

Example:
    >>> p = Persona.model_validate({"id": "calm-carla", "emotion": {"label": "calm", "intensity": 0.1}})
    >>> p.patience
    6
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from golive.results.models import Emotion, Vulnerability


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Adversarial(StrEnum):
    """Ways a customer may try to make the bot break its rules."""

    PROMPT_INJECTION = "prompt_injection"
    SOCIAL_ENGINEERING = "social_engineering"
    DATA_FISHING = "data_fishing"
    POLICY_HAGGLING = "policy_haggling"
    BOT_PROBING = "bot_probing"


class Threat(StrEnum):
    """What an unhappy customer threatens to do."""

    CANCEL = "cancel"
    CHARGEBACK = "chargeback"
    LAWYER = "lawyer"
    PUBLIC_REVIEW = "public_review"


class Verbosity(StrEnum):
    """How much the customer writes."""

    TERSE = "terse"
    NORMAL = "normal"
    VERBOSE = "verbose"


class AskForHuman(_Model):
    """When the customer asks for a person (whichever comes first)."""

    turn: int | None = Field(default=None, ge=1, description="At this customer turn.")
    intensity: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Once emotion intensity reaches this."
    )


class Persona(_Model):
    """One simulated customer (a file in the persona library)."""

    kind: Literal["persona"] = "persona"
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    description: str = ""
    locale: str = Field(default="en_US", description="Faker locale for identity and language.")
    emotion: Emotion = Field(description="Baseline emotion at the first turn.")
    patience: int = Field(
        default=6, ge=1, le=50, description="Replies without progress before giving up."
    )
    politeness: float = Field(default=0.6, ge=0.0, le=1.0)
    verbosity: Verbosity = Verbosity.NORMAL
    asks_for_human_after: AskForHuman | None = None
    threatens: list[Threat] = Field(default_factory=list)
    vulnerabilities: list[Vulnerability] = Field(default_factory=list)
    adversarial: list[Adversarial] = Field(default_factory=list)
