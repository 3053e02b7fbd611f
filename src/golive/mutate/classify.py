"""Deciding what became of one mutant: killed, killed for another reason, survived, unknown.

*Killed*: an episode where the operator changed a reply fails with a failing (major or
critical) finding whose rule id matches one of the operator's ``rules`` and which the clean
bot's same episode did not have. *Killed for another reason*: such an episode fails, but
on other rules only. *Survived*: every such episode passes; the reason says why nothing
caught it, and the suggestion what to add:

- ``not_probed``: no customer made the operator fire (add the persona or scenario it needs);
- ``threshold``: its rule fired but below failing severity, is disabled by the scenario's
  policy, or a window lets it pass (raise the severity, narrow the window);
- ``rule_missing``: it fired and no rule noticed (add the rule).

*Unknown*: no episode was scored (every one errored), or the clean bot already fails the
same episodes on the same rule (the mutant cannot be told apart): never a kill. The
mutation score is killed / operators; unknown and survived count against it.

Example:
    >>> matches("identity.claims_human", ("identity.*",)), matches("tone.x", ("identity.*",))
    (True, False)
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field

from golive.harness.agents.mutant import Change, MutationContext, MutationLog
from golive.results.models import EpisodeResult, Finding, Severity

__all__ = ["Example", "OperatorOutcome", "Reason", "Verdict", "classify", "matches"]

FAILING = (Severity.MAJOR, Severity.CRITICAL)
#: Rule ids the evaluators make themselves (not registered rules): a glob over these names a
#: rule that exists.
EVALUATOR_PREFIXES = ("accuracy.", "handoff.", "experience.")


class Verdict(StrEnum):
    """What became of a mutant."""

    KILLED = "killed"
    KILLED_OTHER = "killed_other"
    SURVIVED = "survived"
    UNKNOWN = "unknown"


class Reason(StrEnum):
    """Why a mutant survived."""

    NOT_PROBED = "not_probed"
    THRESHOLD = "threshold"
    RULE_MISSING = "rule_missing"


class Example(BaseModel):
    """One episode of a mutant: where the operator changed a reply and what was found."""

    episode_id: str
    scenario_id: str
    persona_id: str
    passed: bool
    call: int | None = Field(default=None, description="Which agent call was changed (from 1).")
    before: str = Field(default="", description="The clean bot's reply, as golive received it.")
    after: str = Field(default="", description="The mutant's reply.")
    findings: list[str] = Field(
        default_factory=list, description="rule@turn (severity) of new findings."
    )


class OperatorOutcome(BaseModel):
    """One operator's row of mutation.json."""

    operator: str
    description: str
    rules: list[str]
    verdict: Verdict
    reason: Reason | None = None
    explanation: str
    suggestion: str = ""
    episodes: int = Field(description="Episodes the mutant played.")
    triggered_in_baseline: int = Field(
        default=0, description="Episodes of the clean run where the operator would change a reply."
    )
    fired: int = Field(description="Episodes where the operator changed at least one reply.")
    changes: int = Field(description="Replies the operator changed.")
    failed: int = Field(description="Of the episodes where it fired, those that failed.")
    errors: int = Field(description="Episodes that ended in an error (never a kill).")
    agent_calls: int = 0
    killed_by: list[str] = Field(default_factory=list, description="Matching rules that failed it.")
    other_rules: list[str] = Field(default_factory=list, description="Other new failing rules.")
    example: Example | None = None
    folder: str = Field(
        default="", description="The mutant's run folder, relative to mutation.json."
    )


def matches(rule_id: str, globs: Iterable[str]) -> bool:
    """Whether ``rule_id`` matches one of the rule-id globs."""
    return any(fnmatch.fnmatchcase(rule_id, g) for g in globs)


def _failing(result: EpisodeResult | None) -> set[str]:
    if result is None:
        return set()
    return {f.rule_id for f in result.findings if f.severity in FAILING}


def _new(result: EpisodeResult, base: EpisodeResult | None, failing_only: bool) -> list[Finding]:
    """Findings the clean bot's same episode did not have (failing ones, or any)."""
    if failing_only:
        before = _failing(base)
        return [f for f in result.findings if f.severity in FAILING and f.rule_id not in before]
    seen = {f.rule_id for f in base.findings} if base is not None else set()
    return [f for f in result.findings if f.rule_id not in seen]


def _example(
    result: EpisodeResult,
    base: EpisodeResult | None,
    changes: Sequence[Change],
    rules: Sequence[str] = (),
) -> Example:
    """The episode with its first change, and its findings: new ones and the operator's."""
    first = next((c for c in changes if c.episode_id == result.episode_id), None)
    new = _new(result, base, failing_only=False)
    return Example(
        episode_id=result.episode_id,
        scenario_id=result.scenario_id,
        persona_id=result.persona_id,
        passed=result.passed,
        call=first.call if first else None,
        before=first.before if first else "",
        after=first.after if first else "",
        findings=[
            f"{f.rule_id}@{f.turn} ({f.severity.value})"
            for f in result.findings
            if f in new or matches(f.rule_id, rules)
        ][:6],
    )


@dataclass
class _Tally:
    """Mutated episodes that failed: on the operator's rules (killed) or on others."""

    killed: list[EpisodeResult] = field(default_factory=list)
    other: list[EpisodeResult] = field(default_factory=list)
    killed_by: set[str] = field(default_factory=set)
    other_rules: set[str] = field(default_factory=set)

    def add(self, result: EpisodeResult, base: EpisodeResult | None, rules: Sequence[str]) -> None:
        new = {f.rule_id for f in _new(result, base, failing_only=True)}
        hit = {r for r in new if matches(r, rules)}
        if hit:
            self.killed.append(result)
            self.killed_by |= hit
        elif new or base is None or base.passed:
            self.other.append(result)
            self.other_rules |= new


@dataclass(frozen=True)
class _Case:
    """What one mutant's verdict is decided from, gathered once."""

    operator: object
    rules: tuple[str, ...]
    played: Sequence[EpisodeResult]
    fired: Sequence[EpisodeResult]
    errors: Sequence[EpisodeResult]
    scored: Sequence[EpisodeResult]
    tally: _Tally
    common: dict[str, object]
    baseline: Mapping[str, EpisodeResult]
    log: MutationLog
    contexts: Mapping[str, MutationContext]
    known_rules: set[str]

    def said(self, name: str) -> str:
        """An optional text attribute of the operator (probe, rule), '' when absent."""
        return str(getattr(self.operator, name, "") or "")

    def example(self, pool: Sequence[EpisodeResult]) -> Example | None:
        """The first episode of ``pool`` as the outcome's example."""
        if not pool:
            return None
        first = pool[0]
        return _example(first, self.baseline.get(first.episode_id), self.log.changes, self.rules)

    def outcome(
        self, verdict: Verdict, reason: Reason | None = None, **fields: object
    ) -> OperatorOutcome:
        """The outcome; its example is the first scored (else played) episode unless given."""
        example = (
            fields.pop("example")
            if "example" in fields
            else self.example(self.scored or self.played)
        )
        return OperatorOutcome(
            **{**self.common, **fields}, verdict=verdict, reason=reason, example=example
        )


def classify(
    operator: object,
    results: Sequence[EpisodeResult],
    baseline: Mapping[str, EpisodeResult],
    log: MutationLog,
    contexts: Mapping[str, MutationContext],
    known_rules: Iterable[str],
    triggered: int = 0,
) -> OperatorOutcome:
    """The verdict on one mutant from its results, the clean run's, and its change log.

    ``contexts`` maps episode ids to what the operator knew (scenario); ``known_rules``
    are the registered guardrail rule ids (to tell a missing rule from one that missed).
    """
    name = str(getattr(operator, "name", "?"))
    rules = tuple(getattr(operator, "rules", ()) or ())
    fired_counts = log.fired()
    played = sorted(results, key=lambda r: r.episode_id)
    fired = [r for r in played if r.episode_id in fired_counts]
    errors = [r for r in played if r.error is not None]
    scored = [r for r in fired if r.error is None]
    tally = _Tally()
    for result in scored:
        if not result.passed:
            tally.add(result, baseline.get(result.episode_id), rules)
    common = dict(
        operator=name,
        description=str(getattr(operator, "description", "") or name),
        rules=list(rules),
        episodes=len(played),
        triggered_in_baseline=triggered,
        fired=len(fired),
        changes=sum(fired_counts.values()),
        failed=len(tally.killed) + len(tally.other),
        errors=len(errors),
        agent_calls=log.calls,
        killed_by=sorted(tally.killed_by),
        other_rules=sorted(tally.other_rules),
    )
    case = _Case(
        operator,
        rules,
        played,
        fired,
        errors,
        scored,
        tally,
        common,
        baseline,
        log,
        contexts,
        set(known_rules),
    )
    return next(o for check in _CHECKS if (o := check(case)) is not None)


def _killed(case: _Case) -> OperatorOutcome | None:
    killed = case.tally.killed
    if not killed:
        return None
    return case.outcome(
        Verdict.KILLED,
        example=case.example(killed),
        explanation=f"{len(killed)} of {len(case.fired)} mutated episode(s) "
        f"failed on {', '.join(sorted(case.tally.killed_by))}",
    )


def _killed_other(case: _Case) -> OperatorOutcome | None:
    other = case.tally.other
    if not other:
        return None
    return case.outcome(
        Verdict.KILLED_OTHER,
        example=case.example(other),
        explanation=f"{len(other)} mutated episode(s) failed, but on "
        f"{', '.join(sorted(case.tally.other_rules)) or 'no new rule'}, not on "
        f"{', '.join(case.rules) or 'a rule of the operator'}",
        suggestion=case.said("rule"),
    )


def _unscored(case: _Case) -> OperatorOutcome | None:
    """Nothing could be scored: never a kill, never a survivor either."""
    played, fired, errors = case.played, case.fired, case.errors
    if not (
        not played
        or (fired and not case.scored)
        or (not fired and errors and len(errors) == len(played))
    ):
        return None
    first = errors[0].error if errors else None
    why = first.message if first is not None else "no episode was played"
    return case.outcome(
        Verdict.UNKNOWN,
        example=case.example(fired or played),
        explanation=f"no mutated episode could be scored: {why[:200]}",
    )


def _never_fired(case: _Case) -> OperatorOutcome | None:
    if case.scored:
        return None
    probe = case.said("probe")
    return case.outcome(
        Verdict.SURVIVED,
        Reason.NOT_PROBED,
        explanation=f"it never fired in {case.common['episodes']} episode(s): no customer "
        "triggered it (or the clean bot never does what it changes), so nothing in the "
        "suite could have caught it",
        suggestion=f"add {probe}" if probe else "add a persona or scenario that triggers it",
    )


def _too_soft(case: _Case) -> OperatorOutcome | None:
    """The rule fired in a mutated episode (whether or not the clean bot's did too), but too
    softly to fail it: a threshold ignores it."""
    soft = [
        r
        for r in case.scored
        if any(matches(f.rule_id, case.rules) and f.severity not in FAILING for f in r.findings)
    ]
    quiet = sorted(
        {
            f"{f.rule_id} ({f.severity.value})"
            for r in soft
            for f in r.findings
            if matches(f.rule_id, case.rules) and f.severity not in FAILING
        }
    )
    if not quiet:
        return None
    return case.outcome(
        Verdict.SURVIVED,
        Reason.THRESHOLD,
        example=case.example(soft),
        explanation=f"its rule fired but below failing severity: {', '.join(quiet)}",
        suggestion=case.said("rule")
        or "raise its severity to major (the scenario's policy.severity)",
    )


def _switched_off(case: _Case) -> OperatorOutcome | None:
    """The scenario disables the rule, or the operator knows why this context lets it pass."""
    for result in case.scored:
        context = case.contexts.get(result.episode_id)
        scenario = context.scenario if context is not None else None
        disabled = [
            d for d in (scenario.policy.disable if scenario else []) if matches(d, case.rules)
        ]
        if disabled and scenario is not None:
            return case.outcome(
                Verdict.SURVIVED,
                Reason.THRESHOLD,
                explanation=f"scenario {scenario.id} disables {', '.join(disabled)}",
                suggestion=f"remove {', '.join(disabled)} from {scenario.id}'s policy.disable",
            )
        note = getattr(case.operator, "survivor_note", None)
        said = note(context) if callable(note) and context is not None else None
        if said:
            return case.outcome(
                Verdict.SURVIVED,
                Reason.THRESHOLD,
                explanation=str(said),
                suggestion=case.said("rule"),
            )
    return None


def _masked(case: _Case) -> OperatorOutcome | None:
    """The clean bot fails the same way already: this mutant cannot be told apart."""
    masked = sorted(
        {
            f.rule_id
            for r in case.scored
            for f in r.findings
            if f.severity in FAILING and matches(f.rule_id, case.rules)
        }
    )
    if not masked:
        return None
    return case.outcome(
        Verdict.UNKNOWN,
        None,
        explanation=f"the clean bot already fails these episodes on {', '.join(masked)}, "
        "so the mutant cannot be told apart from it",
        suggestion="fix the bot's own failures first, then mutate again",
    )


def _rule_missing(case: _Case) -> OperatorOutcome:
    exists = [
        g
        for g in case.rules
        if any(fnmatch.fnmatchcase(r, g) for r in case.known_rules)
        or g.startswith(EVALUATOR_PREFIXES)
    ]
    explanation = (
        f"it changed {case.common['changes']} reply(s) in {len(case.scored)} episode(s) and no "
        + (
            f"finding of {', '.join(exists)} followed: the rule does not recognise this behaviour"
            if exists
            else "rule covers this behaviour"
        )
    )
    rule = case.said("rule")
    return case.outcome(
        Verdict.SURVIVED,
        Reason.RULE_MISSING,
        explanation=explanation,
        suggestion=f"add {rule}" if rule else "add a rule that catches it",
    )


#: The verdict, asked in this order; the last (a rule is missing) always answers.
_CHECKS: tuple[Callable[[_Case], OperatorOutcome | None], ...] = (
    _killed,
    _killed_other,
    _unscored,
    _never_fired,
    _too_soft,
    _switched_off,
    _masked,
    _rule_missing,
)
