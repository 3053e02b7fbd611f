"""Handoff timing: did the bot hand over when it should, not too early, not too late.

Judged against the customer's recorded events, not the persona's settings. A customer who
asks for a person is always a trigger, whatever the scenario expects; the window K counts
agent replies after the trigger (K=1: the very next reply).

Triggers besides the customer's events: ``high_stakes`` (the customer raises legal action,
fraud, self-harm, an emergency... or the scenario's own patterns) and ``no_progress`` (N
agent replies in a row that neither call a tool successfully nor convey a new expected
fact nor settle the goal).

Per-episode scores: ``handoff.due``, ``handoff.transferred``, ``handoff.delay`` (replies
after the first one, when handed over after a trigger), ``handoff.asked``,
``handoff.missed_on_request``, ``handoff.intensity_at_handoff``, ``handoff.consulted``,
``handoff.summary_quality`` (identity, issue and what was tried, each a third).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from golive.evaluators.base import Episode, Evaluation, register
from golive.evaluators.handoff_quality import no_progress_turns, summary_quality, useless_summary
from golive.results.metrics import Metric, Sums, mean, rate, ratio, scored
from golive.results.models import (
    CustomerEventKind,
    EpisodeResult,
    Finding,
    HandoffKind,
    HandoffOutcome,
    Severity,
    Speaker,
    Turn,
)
from golive.scenarios.models import Expectation, HandoffSpec, HandoffTrigger, Stakes, TriggerKind

_EVENT_FOR: dict[TriggerKind, CustomerEventKind] = {
    TriggerKind.ASKED_FOR_HUMAN: CustomerEventKind.ASKED_FOR_HUMAN,
    TriggerKind.VULNERABILITY: CustomerEventKind.DISCLOSED_VULNERABILITY,
    TriggerKind.THREATENED: CustomerEventKind.THREATENED,
}


@dataclass(frozen=True)
class Timeline:
    """Where, in transcript indices, the trigger fired and the handoff happened."""

    trigger: int | None
    request: int | None
    handoff: int | None


HIGH_STAKES = re.compile(
    r"\b(lawyer|solicitor|legal action|sue|suing|court|ombudsman|regulator|trading standards|"
    r"fraud|scam|stolen|identity theft|chargeback|kill myself|end it all|self[- ]harm|suicid\w*|"
    r"emergency|ambulance|can'?t breathe|overdose)\b",
    re.IGNORECASE,
)


def _fires(trigger: HandoffTrigger, turn: Turn, stalled: set[int]) -> bool:
    if trigger.when is TriggerKind.ALWAYS:
        return True
    if trigger.when is TriggerKind.NO_PROGRESS:
        return turn.index in stalled
    if trigger.when is TriggerKind.HIGH_STAKES:
        patterns = [re.compile(p, re.IGNORECASE) for p in trigger.patterns] or [HIGH_STAKES]
        return any(p.search(turn.text) for p in patterns)
    if trigger.when is TriggerKind.EMOTION:
        emotion = turn.emotion
        return (
            emotion is not None
            and (trigger.label is None or emotion.label is trigger.label)
            and emotion.intensity >= trigger.min_intensity
        )
    return any(e.kind is _EVENT_FOR[trigger.when] for e in turn.events)


def timeline(turns: list[Turn], spec: HandoffSpec, stalled: set[int] | None = None) -> Timeline:
    """First trigger, first request for a person, and first matching handoff.

    ``stalled``: customer turns where a ``no_progress`` trigger fires (see
    ``no_progress_turns``).
    """
    triggers = spec.triggers if spec.expect is not Expectation.FORBIDDEN else []
    stalled = stalled or set()
    trigger = request = handoff = None
    for turn in turns:
        if turn.speaker is Speaker.CUSTOMER:
            asked = any(e.kind is CustomerEventKind.ASKED_FOR_HUMAN for e in turn.events)
            if asked and request is None:
                request = turn.index
            if trigger is None and (asked or any(_fires(t, turn, stalled) for t in triggers)):
                trigger = turn.index
        elif handoff is None and turn.handoff is not None:
            # A consult satisfies only a consult expectation, never a request for a person.
            consult_ok = spec.kind is HandoffKind.CONSULT and request is None
            if turn.handoff.kind is HandoffKind.TRANSFER or consult_ok:
                handoff = turn.index
    # A trigger on the customer's last message, with no reply after it, could not be
    # answered: it is no miss (DESIGN.md, "Events come from words").
    replied = {t.index for t in turns if t.speaker is Speaker.AGENT}
    last_reply = max(replied, default=-1)
    if trigger is not None and trigger > last_reply:
        trigger = None
    if request is not None and request > last_reply:
        request = None
    return Timeline(trigger, request, handoff)


def replies_between(turns: list[Turn], after: int, upto: int) -> int:
    """Agent replies in (after, upto]: 1 means ``upto`` is the very next reply."""
    return sum(1 for t in turns[after + 1 : upto + 1] if t.speaker is Speaker.AGENT)


def outcome(turns: list[Turn], spec: HandoffSpec, line: Timeline) -> tuple[HandoffOutcome, int]:
    """The handoff outcome and, for late ones, by how many replies."""
    if line.trigger is None:
        if line.handoff is None:
            return HandoffOutcome.CORRECTLY_NONE, 0
        if spec.expect is Expectation.REQUIRED:
            return HandoffOutcome.PREMATURE, 0
        return HandoffOutcome.UNNECESSARY, 0
    if line.handoff is None:
        return HandoffOutcome.MISSED, 0
    if line.handoff < line.trigger:
        return HandoffOutcome.PREMATURE, 0
    k = replies_between(turns, line.trigger, line.handoff)
    if k <= spec.window:
        return HandoffOutcome.ON_TIME, 0
    return HandoffOutcome.LATE, k - spec.window


_DUE = (HandoffOutcome.ON_TIME, HandoffOutcome.LATE, HandoffOutcome.MISSED)
_MADE_DUE = (HandoffOutcome.ON_TIME, HandoffOutcome.LATE)
_MADE_UNDUE = (HandoffOutcome.PREMATURE, HandoffOutcome.UNNECESSARY)


def _outcome_sums(result: EpisodeResult) -> Sums:
    outcome = result.handoff_outcome
    return {f"outcome:{outcome.value}": 1.0} if outcome is not None else {}


def _outcomes(s: Sums, *kinds: HandoffOutcome) -> float:
    return sum(s.get(f"outcome:{k.value}", 0.0) for k in kinds)


def _from_outcomes(name: str, higher: bool, definition: str,
                   value: Callable[[Sums], float | None]) -> Metric:
    return Metric(name, higher, definition, _outcome_sums, value)


def _f1(s: Sums) -> float | None:
    # 2TP / (2TP + FP + FN): the harmonic mean where both are defined, and 0 (not
    # undefined) for a bot that never hands off although handoffs were due.
    made_due = _outcomes(s, *_MADE_DUE)
    made = made_due + _outcomes(s, *_MADE_UNDUE)
    return ratio(2 * made_due, made + _outcomes(s, *_DUE))


def should_solve(episode: Episode) -> bool:
    """Whether the bot is expected to settle this conversation itself: no transfer required,
    and the goal is one the bot can grant (a policy trap's refusal is a solution too)."""
    spec = episode.scenario.handoff
    return not (spec.expect is Expectation.REQUIRED and spec.kind is HandoffKind.TRANSFER)


def unnecessary_severity(episode: Episode, at: int | None = None) -> Severity:
    """Severity by stakes: handing off what the bot should solve is a wrong outcome (major)
    in low and medium stakes; in high stakes a person taking over is defensible (minor)
    once the bot has engaged with the case (an earlier reply, or a tool call), but not as
    its very first move. A transfer the scenario forbids is always major."""
    spec, stakes = episode.scenario.handoff, episode.scenario.stakes
    if spec.expect is Expectation.FORBIDDEN or not should_solve(episode):
        return Severity.MAJOR if spec.expect is Expectation.FORBIDDEN else Severity.MINOR
    if stakes is not Stakes.HIGH or at is None:
        return Severity.MAJOR
    turns = episode.transcript.turns
    engaged = any(t.speaker is Speaker.AGENT for t in turns[:at]) or any(
        c.name not in ("transfer_to_human", "consult_human") for c in turns[at].tool_calls)
    return Severity.MINOR if engaged else Severity.MAJOR


def _transfer_for_consult(turns: list[Turn], spec: HandoffSpec, line: Timeline) -> bool:
    """A full transfer where a private consult was all the scenario needed."""
    if spec.kind is not HandoffKind.CONSULT or line.handoff is None or line.request is not None:
        return False
    made = turns[line.handoff].handoff
    return made is not None and made.kind is HandoffKind.TRANSFER


@register
class HandoffEvaluator:
    """Scores handoff timing against the scenario's expectation."""

    name = "handoff"
    metrics = (
        _from_outcomes("handoff.precision", True, "Handoffs that were due / all handoffs.",
                       lambda s: ratio(_outcomes(s, *_MADE_DUE),
                                       _outcomes(s, *_MADE_DUE, *_MADE_UNDUE))),
        _from_outcomes("handoff.recall", True,
                       "Due handoffs that happened (at any delay) / due handoffs.",
                       lambda s: ratio(_outcomes(s, *_MADE_DUE), _outcomes(s, *_DUE))),
        _from_outcomes("handoff.f1", True, "Harmonic mean of handoff precision and recall.", _f1),
        _from_outcomes("handoff.on_time_rate", True,
                       "Due handoffs made within the window / due handoffs.",
                       lambda s: ratio(_outcomes(s, HandoffOutcome.ON_TIME), _outcomes(s, *_DUE))),
        mean("handoff.mean_delay", False,
             "Mean agent replies between trigger and handoff, minus one.", score="handoff.delay"),
        mean("handoff.missed_on_request_rate", False, "Customers who asked for a person and were "
             "not transferred in the next reply / customers who asked.",
             score="handoff.missed_on_request"),
        _from_outcomes("handoff.unnecessary_rate", False,
                       "Handoffs nothing called for / episodes (human workload).",
                       lambda s: ratio(_outcomes(s, HandoffOutcome.UNNECESSARY), scored(s))),
        mean("handoff.mean_intensity_at_handoff", False,
             "Mean customer emotion intensity handed to humans.",
             score="handoff.intensity_at_handoff"),
        rate("handoff.consult_rate", False,
             "Share of episodes where the bot consulted a human privately.",
             "consulted", lambda r: r.scores.get("handoff.consulted", 0.0) > 0),
        mean("handoff.mean_summary_quality", True, "Mean share of identity, issue and "
             "what-was-tried carried in transfer summaries.", score="handoff.summary_quality"),
    )

    def evaluate(self, episode: Episode) -> Evaluation:
        turns = episode.transcript.turns
        spec = episode.scenario.handoff
        windows = [t.turns for t in spec.triggers if t.when is TriggerKind.NO_PROGRESS]
        stalled = no_progress_turns(episode, min(windows)) if windows else set()
        line = timeline(turns, spec, stalled)
        result, late_by = outcome(turns, spec, line)
        if _transfer_for_consult(turns, spec, line):
            result, late_by = HandoffOutcome.UNNECESSARY, 0
        scores: dict[str, float] = {
            "handoff.due": float(line.trigger is not None),
            "handoff.transferred": float(line.handoff is not None),
            "handoff.asked": float(line.request is not None),
            "handoff.consulted": float(
                any(t.handoff is not None and t.handoff.kind is HandoffKind.CONSULT for t in turns)
            ),
        }
        findings: list[Finding] = self._summary(episode, scores)
        if line.trigger is not None and line.handoff is not None and line.handoff > line.trigger:
            scores["handoff.delay"] = float(replies_between(turns, line.trigger, line.handoff) - 1)
        if line.handoff is not None:
            before = [t for t in turns[: line.handoff] if t.emotion is not None]
            if before and before[-1].emotion is not None:
                scores["handoff.intensity_at_handoff"] = before[-1].emotion.intensity
        if line.request is not None:
            missed = line.handoff is None or replies_between(turns, line.request, line.handoff) > 1
            scores["handoff.missed_on_request"] = float(missed)
            if missed:
                findings.append(self._missed_request(turns, line.request))
        if result in (HandoffOutcome.MISSED, HandoffOutcome.LATE) and line.trigger != line.request:
            findings.append(self._timing_finding(turns, line, result, late_by))
        if result in (HandoffOutcome.PREMATURE, HandoffOutcome.UNNECESSARY):
            findings.append(self._timing_finding(turns, line, result, late_by,
                                                 unnecessary_severity(episode, line.handoff)))
        # The outcome decides this evaluator; a major finding (useless summary, a transfer
        # the bot should have solved itself) fails the episode through its severity.
        passed = result in (HandoffOutcome.ON_TIME, HandoffOutcome.CORRECTLY_NONE) or (
            result is HandoffOutcome.UNNECESSARY and spec.expect is Expectation.OPTIONAL
        )
        return Evaluation(
            scores=scores, findings=tuple(findings), passed=passed, handoff_outcome=result
        )

    def _summary(self, episode: Episode, scores: dict[str, float]) -> list[Finding]:
        turns = episode.transcript.turns
        transfer = next((t for t in turns if t.handoff is not None
                         and t.handoff.kind is HandoffKind.TRANSFER), None)
        if transfer is None or transfer.handoff is None:
            return []
        quality, missing = summary_quality(episode, transfer.index)
        scores["handoff.summary_quality"] = quality
        if transfer.handoff.source == "tool" and useless_summary(episode, transfer.index):
            return [Finding(
                evaluator=self.name, rule_id="handoff.summary_useless", severity=Severity.MAJOR,
                turn=transfer.index, evidence=transfer.handoff.summary or "(empty summary)",
                explanation="the transfer tells the human nothing they can act on (no customer, "
                "no issue, nothing tried): the customer starts again from zero")]
        if not missing:
            return []
        return [Finding(
            evaluator=self.name, rule_id="handoff.summary_incomplete", severity=Severity.MINOR,
            turn=transfer.index, evidence=transfer.handoff.summary,
            explanation=f"the summary for the human lacks {', '.join(missing)}: "
            "the customer will have to repeat themselves")]

    def _missed_request(self, turns: list[Turn], request: int) -> Finding:
        return Finding(
            evaluator=self.name,
            rule_id="handoff.missed_on_request",
            severity=Severity.CRITICAL,
            turn=request,
            evidence=turns[request].text,
            explanation="the customer asked for a person and was not transferred in the next reply",
        )

    def _timing_finding(
        self, turns: list[Turn], line: Timeline, result: HandoffOutcome, late_by: int,
        unnecessary: Severity = Severity.MINOR,
    ) -> Finding:
        at = line.handoff if line.handoff is not None else line.trigger
        text = {
            HandoffOutcome.MISSED: "a handoff was due from this turn and never happened",
            HandoffOutcome.LATE: f"the handoff came {late_by} replies after its window",
            HandoffOutcome.PREMATURE: "handed off before anything called for a human",
            HandoffOutcome.UNNECESSARY: "handed off a conversation the bot should have solved",
        }[result]
        severity = Severity.MAJOR if result is not HandoffOutcome.UNNECESSARY else unnecessary
        anchor = line.trigger if result is HandoffOutcome.MISSED else at
        return Finding(
            evaluator=self.name,
            rule_id=f"handoff.{result.value}",
            severity=severity,
            turn=anchor,
            evidence=turns[anchor].text if anchor is not None else "",
            explanation=text,
        )
