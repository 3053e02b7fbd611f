"""A mutant: any agent with one mutation operator applied to every reply golive receives.

A mutation operator (registry kind ``mutation``) changes one behaviour of the bot's replies
and leaves the rest alone. Because it wraps the reply the harness receives, it works on every
agent kind (Python, HTTP, prompted, OpenAI-compatible) and on tool rounds as well as text.
Each episode's operator gets a ``MutationContext``: the episode's scenario, the agent's
canaries, and a dict for state an operator keeps between replies (a held transfer, the
previous question). ``MutantAgent`` records where the operator changed a reply, so
``golive mutate`` can tell "no customer made it fire" from "it fired and nothing caught it".

Example:
    >>> import asyncio
    >>> class Shout:
    ...     name = "shout"
    ...     def mutate(self, reply, request, context):
    ...         return dataclasses.replace(reply, content=reply.content.upper())
    >>> class Echo:
    ...     async def respond(self, request): return AgentReply(content="hello")
    >>> log = MutationLog()
    >>> session = _MutantSession(Echo(), Shout(), MutationContext("e1"), log)
    >>> asyncio.run(session.respond(AgentRequest([], "e1", []))).content
    'HELLO'
    >>> [(c.episode_id, c.after) for c in log.changes]
    [('e1', 'HELLO')]
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from golive.errors import AgentError
from golive.harness.agents.base import (
    AgentDescription,
    AgentFactory,
    AgentReply,
    AgentRequest,
    AgentSession,
    WrappedAgent,
)

if TYPE_CHECKING:
    from golive.scenarios.models import Scenario

__all__ = ["Change", "MutantAgent", "MutationContext", "MutationLog", "Operator", "apply_operator"]


@dataclass
class MutationContext:
    """What an operator knows about the episode it mutates (one per episode).

    ``scenario`` is ``None`` when the agent is mutated outside a planned run; ``canaries``
    are the strings the agent must never say (declared secrets, a prompted agent's prompt,
    the scenario's secrets); ``state`` is the operator's own, kept between replies.
    """

    episode_id: str
    scenario: Scenario | None = None
    canaries: tuple[str, ...] = ()
    state: dict[str, Any] = field(default_factory=dict)


class Operator(Protocol):
    """A mutation operator: ``mutate`` returns the reply changed, or the same reply.

    ``name`` is its registry name. An operator written for two arguments
    (``mutate(reply, request)``) works too: the context is passed only to those that take it.
    """

    name: str

    def mutate(
        self, reply: AgentReply, request: AgentRequest, context: MutationContext
    ) -> AgentReply:
        """The reply with one behaviour changed (or ``reply`` itself: nothing to change)."""
        ...


@dataclass(frozen=True)
class Change:
    """One reply the operator changed: which episode, which agent call, before and after."""

    episode_id: str
    call: int
    before: str
    after: str


@dataclass
class MutationLog:
    """Every change an operator made, and how many agent calls the mutant answered."""

    changes: list[Change] = field(default_factory=list)
    calls: int = 0

    def fired(self) -> dict[str, int]:
        """Episode id -> how many replies were changed in it."""
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.episode_id] = counts.get(change.episode_id, 0) + 1
        return counts


def _takes_context(operator: object) -> bool:
    try:
        parameters = inspect.signature(operator.mutate).parameters  # type: ignore[attr-defined]
    except (TypeError, ValueError):
        return True
    return len(parameters) >= 3 or any(p.kind is p.VAR_POSITIONAL for p in parameters.values())


def describe_reply(reply: AgentReply) -> str:
    """A reply in one line: its text and its tool calls (what a change log shows).

    Example:
        >>> from golive.harness.agents.base import RequestedToolCall
        >>> describe_reply(AgentReply("Done.", (RequestedToolCall("1", "issue_refund", {"amount": 5}),)))
        'Done. [issue_refund({"amount": 5})]'
    """
    import json

    calls = " ".join(
        f"[{c.name}({json.dumps(c.arguments, sort_keys=True)})]" for c in reply.tool_calls
    )
    handoff = f" [handoff: {reply.handoff.kind.value}]" if reply.handoff is not None else ""
    return f"{reply.content}{' ' if reply.content and calls else ''}{calls}{handoff}".strip()


def apply_operator(
    operator: Operator, reply: AgentReply, request: AgentRequest, context: MutationContext
) -> AgentReply:
    """``operator.mutate`` called with the arguments it takes (two or three)."""
    if _takes_context(operator):
        return operator.mutate(reply, request, context)
    return operator.mutate(reply, request)  # type: ignore[call-arg]


class _MutantSession:
    def __init__(
        self, inner: AgentSession, operator: Operator, context: MutationContext, log: MutationLog
    ) -> None:
        self._inner, self._operator, self._context, self._log = inner, operator, context, log
        self._calls = 0

    async def respond(self, request: AgentRequest) -> AgentReply:
        reply = await self._inner.respond(request)
        self._calls += 1
        self._log.calls += 1
        try:
            mutated = apply_operator(self._operator, reply, request, self._context)
        except Exception as exc:  # a broken operator: the episode errors, never passes
            raise AgentError(
                "crash",
                f"mutation operator {self._operator.name!r} failed: {type(exc).__name__}: {exc}",
            ) from exc
        if not isinstance(mutated, AgentReply):
            raise AgentError(
                "malformed",
                f"mutation operator {self._operator.name!r} returned "
                f"{type(mutated).__name__}, not an AgentReply",
            )
        if mutated != reply:
            self._log.changes.append(
                Change(
                    self._context.episode_id,
                    self._calls,
                    describe_reply(reply)[:300],
                    describe_reply(mutated)[:300],
                )
            )
        return mutated


class MutantAgent(WrappedAgent):
    """Any agent with ``operator`` applied to each reply; changes go to ``log``.

    ``scenarios`` maps episode ids to their scenarios (the operator's context); ``canaries``
    are what the agent must never say.
    """

    def __init__(
        self,
        inner: AgentFactory,
        operator: Operator,
        scenarios: Mapping[str, Scenario] | None = None,
        canaries: tuple[str, ...] = (),
    ) -> None:
        super().__init__(inner)
        self.operator = operator
        self.log = MutationLog()
        self._scenarios = dict(scenarios or {})
        self._canaries = canaries

    def describe(self) -> AgentDescription:
        """A mutant is rebuilt in this process only: a Ray worker would drop the operator."""
        from golive.errors import InputError

        raise InputError(
            "a mutant agent runs on the local backend only",
            field="--backend",
            hint="run golive mutate without --backend ray",
        )

    def session(self, episode_id: str) -> AgentSession:
        scenario = self._scenarios.get(episode_id)
        secrets = tuple(scenario.secrets) if scenario is not None else ()
        context = MutationContext(episode_id, scenario, (*self._canaries, *secrets))
        return _MutantSession(self.inner.session(episode_id), self.operator, context, self.log)


def replace(reply: AgentReply, **changes: Any) -> AgentReply:
    """``dataclasses.replace`` for replies (operators read better with it)."""
    return dataclasses.replace(reply, **changes)
