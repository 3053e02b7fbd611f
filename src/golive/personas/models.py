"""The persona model: who the simulated customer is and how they feel.

Example:
    >>> p = Persona.model_validate({"id": "calm-carla", "emotion": {"label": "calm", "intensity": 0.1}})
    >>> p.patience
    6
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

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
    ADVICE_SEEKING = "advice_seeking"


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


class Disclosure(StrEnum):
    """How readily the customer hands over what they know."""

    ALL_AT_ONCE = "all_at_once"
    WHEN_ASKED = "when_asked"
    RELUCTANTLY = "reluctantly"


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
    description: str = Field(default="", description="Who this customer is, in a sentence.")
    locale: str = Field(
        default="en_US",
        pattern=r"^[a-z]{2}_[A-Z]{2}$",
        description="Faker locale for the identity (name, phone, address), e.g. de_DE.",
    )
    write_in_locale: bool = Field(
        default=False,
        description="Write in the locale's language (en, de, es, fr) instead of English.",
    )
    emotion: Emotion = Field(description="Baseline emotion at the first turn.")
    patience: int = Field(
        default=6, ge=1, le=50, description="Replies without progress before giving up."
    )
    patience_minutes: float | None = Field(
        default=None, gt=0.0, le=600.0,
        description="Minutes of waiting (slow replies, the queue for a human) the customer "
        "takes before giving up; unset: two minutes per unit of patience.",
    )
    typing_wpm: float = Field(
        default=35.0, ge=5.0, le=200.0,
        description="Words per minute the customer types (the conversation clock).",
    )
    politeness: float = Field(
        default=0.6, ge=0.0, le=1.0, description="From 0.5 up the customer signs off politely."
    )
    verbosity: Verbosity = Field(
        default=Verbosity.NORMAL, description="terse (short greetings), normal or verbose."
    )
    tech_savvy: float = Field(
        default=0.6, ge=0.0, le=1.0, description="Below 0.4, jargon confuses the customer."
    )
    disclosure: Disclosure = Field(
        default=Disclosure.WHEN_ASKED, description="How readily facts are handed over."
    )
    typos: float = Field(
        default=0.0, ge=0.0, le=0.3, description="Chance that a word carries a typo."
    )
    non_native: bool = Field(default=False, description="Non-native phrasing (English only).")
    asks_for_human_after: AskForHuman | None = Field(
        default=None, description="When the customer asks for a person (turn or intensity)."
    )
    gives_up_after: int | None = Field(
        default=None, ge=1, description="Gives up at this customer turn whatever happens."
    )
    threatens: list[Threat] = Field(
        default_factory=list, description="Threats made once upset and stalled."
    )
    threatens_at: float = Field(
        default=0.6, ge=0.0, le=1.0, description="Intensity from which threats are made."
    )
    vulnerabilities: list[Vulnerability] = Field(
        default_factory=list, description="Disclosed in the first message."
    )
    adversarial: list[Adversarial] = Field(
        default_factory=list, description="Probes tried one per turn, from the first message."
    )

    @property
    def patience_s(self) -> float:
        """Seconds of waiting this customer takes: ``patience_minutes``, or, unset, two
        minutes per unit of turn ``patience`` (a stalled chat exchange costs a customer about
        a minute of reading and typing and another of waiting for something to happen).

        Example:
            >>> Persona.model_validate({"id": "p", "emotion": {"label": "calm", "intensity": 0},
            ...                         "patience": 3}).patience_s
            360.0
        """
        minutes = self.patience_minutes if self.patience_minutes is not None else 2.0 * self.patience
        return minutes * 60.0

    @property
    def language(self) -> str:
        """The language the customer writes in: the locale's if asked for, else English."""
        return self.locale[:2] if self.write_in_locale else "en"

    @field_validator("write_in_locale")
    @classmethod
    def _language_has_phrases(cls, value: bool, info: ValidationInfo) -> bool:
        from golive.personas.phrases import LANGUAGES

        locale = str(info.data.get("locale", "en_US"))
        if value and locale[:2] not in LANGUAGES:
            raise ValueError(
                f"no phrases for language {locale[:2]!r} of locale {locale}; supported "
                f"languages are {list(LANGUAGES)} (or set write_in_locale: false)"
            )
        return value
