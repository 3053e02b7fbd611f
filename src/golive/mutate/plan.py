"""Which episodes each mutant plays: where the operator would fire first, within a budget.

A mutant that is never triggered proves nothing, and a big suite played once per operator
costs too much. So the clean bot's run (the baseline) is replayed through each operator
offline, reply by reply, with no agent call: the episodes where it would change a reply come
first (spread over the scenarios), then a few others (a mutant's conversation can go where
the clean one did not). ``sample`` caps episodes per mutant, ``budget`` caps the agent
calls they are expected to cost (estimated from the same baseline episodes).

Example:
    >>> stratified(["a1", "a2", "b1"], key=lambda e: e[0])
    ['a1', 'b1', 'a2']
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from golive.harness.agents.base import AgentReply, AgentRequest, RequestedToolCall
from golive.harness.agents.mutant import MutationContext, Operator, apply_operator
from golive.harness.environment import CONSULT, TRANSFER
from golive.harness.plan import EpisodeSpec
from golive.results.models import EpisodeResult, Speaker

T = TypeVar("T")

#: Episodes a mutant plays even when the baseline shows no reply it would change.
UNTRIGGERED_PROBES = 3


def stratified(items: Sequence[T], key: Callable[[T], str]) -> list[T]:
    """Round-robin over groups (in first-seen order), keeping each group's order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    out: list[T] = []
    while any(groups.values()):
        for members in groups.values():
            if members:
                out.append(members.pop(0))
    return out


def _stable(name: str, episode_id: str) -> str:
    return hashlib.sha256(f"{name}\x1f{episode_id}".encode()).hexdigest()


def agent_calls(result: EpisodeResult) -> int:
    """The agent calls an episode cost: one per reply, one more per tool round."""
    calls = 0
    for turn in result.transcript.turns:
        if turn.speaker is Speaker.AGENT:
            calls += 1 + any(c.name not in (TRANSFER, CONSULT) for c in turn.tool_calls)
    return calls


def would_fire(
    operator: Operator, spec: EpisodeSpec, result: EpisodeResult, canaries: tuple[str, ...] = ()
) -> bool:
    """Whether ``operator`` would change a reply of the clean bot's transcript (no call made)."""
    context = MutationContext(result.episode_id, spec.scenario, (*canaries, *spec.scenario.secrets))
    messages: list[dict[str, Any]] = []
    for turn in result.transcript.turns:
        if turn.speaker is Speaker.CUSTOMER:
            messages.append({"role": "user", "content": turn.text})
            continue
        if turn.speaker is not Speaker.AGENT:
            continue
        calls = tuple(RequestedToolCall(c.id, c.name, dict(c.arguments)) for c in turn.tool_calls)
        request = AgentRequest(list(messages), result.episode_id, [])
        handoff_only = tuple(c for c in calls if c.name in (TRANSFER, CONSULT))
        # The transcript keeps one turn per reply; the bot said its text after its tool
        # rounds, so both the tool round and the text are offered to the operator.
        for reply in (AgentReply("", calls), AgentReply(turn.text, handoff_only, turn.handoff)):
            if not reply.content and not reply.tool_calls:
                continue
            try:
                if apply_operator(operator, reply, request, context) != reply:
                    return True
            except Exception:  # the real run reports a broken operator; here it is no signal
                return False
        messages.append({"role": "assistant", "content": turn.text})
    return False


def choose(
    name: str,
    fires: Callable[[EpisodeSpec], bool],
    specs: Sequence[EpisodeSpec],
    calls: dict[str, int],
    sample: int,
    budget: int | None,
) -> tuple[list[EpisodeSpec], int]:
    """The episodes one mutant plays and how many the baseline says would trigger it.

    Triggered episodes first (spread over scenarios, in a stable order per operator), then
    up to ``UNTRIGGERED_PROBES`` others; at most ``sample`` episodes and, with ``budget``,
    no more estimated agent calls than that (at least one episode is always played).
    """
    ordered = sorted(specs, key=lambda s: _stable(name, s.episode_id))
    triggered = [s for s in ordered if fires(s)]
    rest = [s for s in ordered if s not in triggered]
    picked = (
        stratified(triggered, key=lambda s: s.scenario.id)
        + stratified(rest, key=lambda s: s.scenario.id)[:UNTRIGGERED_PROBES]
    )
    chosen: list[EpisodeSpec] = []
    spent = 0
    for spec in picked[:sample]:
        cost = calls.get(spec.episode_id, 1)
        if budget is not None and chosen and spent + cost > budget:
            break
        chosen.append(spec)
        spent += cost
    return chosen, len(triggered)
