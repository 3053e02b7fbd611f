"""Turn checks: the ways a model-written customer stops being a believable customer.

Each fault kind is one small class with a ``kind``, a corrective ``note`` the model is shown
when its turn is asked for again, and ``check(ctx)`` returning what is wrong (or None).
``@turn_check`` registers it; ``run_checks`` runs every registered check over one turn.
A check with ``repairable = False`` only records (the turn is kept: e.g. flags that disagree
with the words, where the words already decided).

Example:
    >>> @turn_check
    ... class Shouting(TurnCheck):
    ...     kind = "shouting"
    ...     note = "Write in normal case."
    ...     def check(self, ctx: TurnContext) -> str | None:
    ...         return "all capitals" if ctx.message.isupper() else None
    >>> "shouting" in CHECKS
    True
    >>> del CHECKS["shouting"]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import ClassVar, TypeVar

from golive.personas.identity import Identity
from golive.personas.resolution import Resolution
from golive.personas.words import fold
from golive.results.models import CustomerEvent, Speaker, Turn

_WORD = re.compile(r"[a-z0-9']+")


@dataclass(frozen=True)
class EpisodeFacts:
    """What a customer may say about themselves and the world: fixed for an episode."""

    identity: Identity
    knows: Mapping[str, str] = field(default_factory=dict)
    goal_achievable: bool = True
    sources: str = ""  # folded scenario text, fixtures and identity: facts not invented
    numbers: frozenset[float] = frozenset()  # every number in ``sources``
    other_names: frozenset[str] = frozenset()  # names the persona may use (a spouse)
    role_card: frozenset[str] = frozenset()  # 7-word shingles of the role card's instructions
    resolution: Resolution = field(default_factory=Resolution)


@dataclass(frozen=True)
class TurnContext:
    """One candidate customer turn and everything a check may compare it with."""

    message: str
    goal_status: str
    facts: EpisodeFacts
    transcript: Sequence[Turn] = ()
    number: int = 1  # the customer's message number, from 1
    flagged: Sequence[CustomerEvent] = ()  # what the model said its turn did
    disclosed: frozenset[str] = frozenset()  # vulnerabilities disclosed in earlier turns
    intensity: float = 0.0  # the customer's emotion by the shared rules
    give_up_due: bool = False  # out of patience, or past the persona's give-up turn
    human_offered: bool = False  # the agent's last reply offered a person

    @cached_property
    def folded(self) -> str:
        """The message folded (case, accents, apostrophes)."""
        return fold(self.message)

    def agent_replies(self) -> list[Turn]:
        """The agent's replies so far."""
        return [t for t in self.transcript if t.speaker is Speaker.AGENT]

    def customer_before(self) -> list[str]:
        """The customer's earlier messages."""
        return [t.text for t in self.transcript if t.speaker is Speaker.CUSTOMER]

    @cached_property
    def seen(self) -> str:
        """Everything the agent said so far and the episode's own facts, folded: values
        found here are never invented nor contradictions."""
        return fold(" ".join(t.text for t in self.agent_replies())) + " " + self.facts.sources


@lru_cache(maxsize=4096)  # earlier messages are compared again at every later turn
def words(text: str) -> tuple[str, ...]:
    """Folded word tokens (letters, digits, apostrophes)."""
    return tuple(_WORD.findall(fold(text)))


class TurnCheck:
    """One fault kind. Subclass, set ``kind`` and ``note``, write ``check``."""

    kind: ClassVar[str]
    note: ClassVar[str]
    repairable: ClassVar[bool] = True

    def check(self, ctx: TurnContext) -> str | None:
        """What is wrong with this turn, quoting the words it rests on; None if nothing."""
        raise NotImplementedError


C = TypeVar("C", bound=type[TurnCheck])
CHECKS: dict[str, TurnCheck] = {}


def turn_check(cls: C) -> C:
    """Register a check class (one instance, keyed by its ``kind``)."""
    CHECKS[cls.kind] = cls()
    return cls


@dataclass(frozen=True)
class Found:
    """One check that fired on a turn."""

    kind: str
    detail: str
    note: str
    repairable: bool


def run_checks(ctx: TurnContext) -> list[Found]:
    """Every registered check that fires on this turn, in registration order."""
    found = []
    for check in CHECKS.values():
        detail = check.check(ctx)
        if detail:
            found.append(Found(check.kind, detail, check.note, check.repairable))
    return found
