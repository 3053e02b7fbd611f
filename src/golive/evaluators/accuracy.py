"""Accuracy: right facts said, wrong claims avoided, right tools called, right end state.

Every check counts once; ``accuracy.score`` is the share passed, in [0, 1]. What a reply
asserts is checked against the episode's truth first (``golive.evaluators.grounded``):
each value it states (amount, date, id, phone...) against what the bot could know at that
turn (``accuracy.wrong_fact``, ``accuracy.unsupported_value``), and each action it says it
did against the tool calls (``accuracy.unbacked_claim.*``, ``accuracy.action_mismatch.*``);
each such finding adds a failed check. A missing fact names the customer turn that asked
for it. Agent errors score 0: crashing is never accurate.

Scores: ``accuracy.score``, ``accuracy.facts_recall``, ``accuracy.forbidden_claims``
(count), ``accuracy.tool_calls`` (share of expected calls made), ``accuracy.end_state``
(share of expected fixture values found; absent when the run recorded no end state),
``accuracy.unbacked_claims`` (count, mismatched actions included), ``accuracy.wrong_facts``,
``accuracy.unsupported_values`` (counts), ``accuracy.passed``.

Example:
    >>> get_path({"orders": {"A1": {"status": "refunded"}}}, "orders.A1.status")
    'refunded'
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

from golive.errors import JudgeFailed
from golive.evaluators.base import Episode, Evaluation, register
from golive.evaluators.grounded.actions import check_claims
from golive.evaluators.grounded.facts import UNSUPPORTED, WRONG, check_reply
from golive.evaluators.grounded.sources import add_turn, static_truth
from golive.evaluators.handoff_quality import content_words
from golive.evaluators.judge import Judge
from golive.evaluators.text import contains_phrase, normalise, quote
from golive.results.metrics import mean, rate
from golive.results.models import Finding, Severity, Speaker, Termination, ToolCall, Turn
from golive.scenarios.models import Claim, ExpectedToolCall, Fact

NAME = "accuracy"
MISSING = "<missing>"


@dataclass(frozen=True)
class FactMatch:
    """Where a required fact was conveyed (``turn`` None: never)."""

    fact: Fact
    turn: int | None
    evidence: str = ""


def match_facts(episode: Episode) -> list[FactMatch]:
    """Each required fact and the first agent reply that conveys it (normalised match)."""
    synonyms = episode.scenario.expected.synonyms
    out = []
    for fact in episode.scenario.expected.facts:
        hit = next(
            (t for t in episode.transcript.agent_turns()
             if any(contains_phrase(t.text, p, synonyms) for p in fact.any_of)),
            None,
        )
        out.append(FactMatch(fact, hit.index if hit else None, hit.text if hit else ""))
    return out


def get_path(state: dict[str, Any] | None, path: str) -> Any:
    """The value at a dotted path in the end state, or ``MISSING``."""
    node: Any = state
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node


def same_value(expected: Any, actual: Any) -> bool:
    """Equal, numerically close, or equal once normalised (``'£39.99'`` = ``39.99``)."""
    if expected == actual:
        return True
    try:
        return abs(float(str(expected).lstrip("£$€")) - float(str(actual).lstrip("£$€"))) < 0.005
    except ValueError:
        return normalise(str(expected)) == normalise(str(actual))


def _call_matches(want: ExpectedToolCall, call: ToolCall) -> bool:
    return (
        call.name == want.name
        and call.error is None
        and all(same_value(v, call.arguments.get(k, MISSING)) for k, v in want.arguments.items())
    )


def _finding(rule: str, severity: Severity, turn: int | None, evidence: str, why: str) -> Finding:
    return Finding(evaluator=NAME, rule_id=rule, severity=severity, turn=turn,
                   evidence=evidence, explanation=why)


def _claims(episode: Episode, turns: list[Turn]) -> list[Finding]:
    found = []
    for claim in episode.scenario.expected.forbidden_claims:
        for turn in turns:
            m = next((m for p in claim.patterns if (m := re.search(p, turn.text, re.I))), None)
            if m:
                found.append(_finding(
                    f"accuracy.forbidden_claim.{claim.id}", claim.severity, turn.index,
                    quote(turn.text, m.start(), m.end()),
                    f"the agent claimed {claim.description or claim.id!r}, which the scenario forbids"))
                break
    return found


def _tool_calls(episode: Episode, calls: list[ToolCall]) -> tuple[int, list[Finding]]:
    made, found = 0, []
    for want in episode.scenario.expected.tool_calls:
        if any(_call_matches(want, c) for c in calls):
            made += 1
            continue
        near = [c for c in calls if c.name == want.name]
        got = "; ".join(f"{c.name}({json.dumps(c.arguments, sort_keys=True)})"
                        + (f" error: {c.error}" if c.error else "") for c in near)
        found.append(_finding(
            f"accuracy.tool_call_missing.{want.name}", Severity.MAJOR, None,
            got or "no such call",
            f"expected {want.name}({json.dumps(want.arguments, sort_keys=True)}); "
            f"{'got ' + got if got else 'the agent never called it'}"))
    return made, found


def _end_state(episode: Episode) -> tuple[int, list[Finding]]:
    ok, found = 0, []
    for path, want in sorted(episode.scenario.expected.end_state.items()):
        got = get_path(episode.end_state, path)
        if same_value(want, got):
            ok += 1
        else:
            found.append(_finding(
                f"accuracy.end_state.{path}", Severity.MAJOR, None,
                f"{path}: expected {want!r}, got {got!r}",
                "the fixtures did not end as the scenario expects"))
    return ok, found


def _grounded(episode: Episode, turns: list[Turn]) -> tuple[list[Finding], list[Finding]]:
    """Wrong and unsupported values (every scenario) and claims of actions no tool call backs
    (scenarios with tools: a text-only bot has nothing to back a claim with)."""
    facts: list[Finding] = []
    truth = static_truth(episode.scenario).copy()
    for turn in episode.transcript.turns:  # the truth grows as the episode goes on
        add_turn(truth, turn)  # an agent turn's own tool results come before its words
        if turn.speaker is not Speaker.AGENT or not turn.text.strip():
            continue
        for check in check_reply(turn.text, truth):
            said = check.value.raw.strip(" .,;:")
            why = (f"said {said!r}, but the truth is {check.truth!r} ({check.where})"
                   if check.rule == WRONG else
                   f"said {said!r}, which no source supports (scenario, fixtures, tool results, "
                   "what the customer said): an invented value")
            facts.append(_finding(check.rule, Severity.MAJOR, turn.index,
                                  quote(turn.text, check.value.start, check.value.end), why))
    actions: list[Finding] = []
    if episode.scenario.tools or episode.scenario.expected.tool_calls:
        earlier: list[ToolCall] = []
        for turn in turns:
            # Every reply that says the action is done is its own false statement: a reviewer
            # must see the third "Done: your address is changed", not only the first.
            for verdict in check_claims(turn, earlier):
                claim = verdict.claim
                actions.append(_finding(verdict.rule, Severity.CRITICAL, turn.index,
                                        quote(turn.text, claim.start, claim.end, 0), verdict.why))
            earlier.extend(turn.tool_calls)
    return facts, actions


def _asked_turn(episode: Episode, fact: Fact) -> int | None:
    """The customer turn that asked for ``fact``: the first to share a word with it, else
    the opening."""
    words = content_words(" ".join([fact.id.replace("_", " "), fact.description, *fact.any_of]))
    customer = [t for t in episode.transcript.turns if t.speaker is Speaker.CUSTOMER]
    hit = next((t for t in customer if content_words(t.text) & words), None)
    first = hit or (customer[0] if customer else None)
    return first.index if first else None


def score(episode: Episode, facts: list[FactMatch], judge_errors: tuple[str, ...] = (),
          judge_calls: int = 0, judged_claims: tuple[Finding, ...] = ()) -> Evaluation:
    """The accuracy Evaluation given which facts were conveyed (and claims the judge found)."""
    expected, turns = episode.scenario.expected, episode.transcript.agent_turns()
    calls = [c for t in turns for c in t.tool_calls]
    findings = []
    for m in facts:
        if m.turn is None:
            asked = _asked_turn(episode, m.fact)
            findings.append(_finding(
                f"accuracy.fact_missing.{m.fact.id}", Severity.MAJOR, asked,
                episode.transcript.turns[asked].text if asked is not None else "",
                f"the customer asked here, and the agent never conveyed "
                f"{m.fact.description or m.fact.id!r} (any of {m.fact.any_of})"))
    conveyed = sum(m.turn is not None for m in facts)
    claims = _claims(episode, turns) + list(judged_claims)
    made, missing_calls = _tool_calls(episode, calls)
    state_ok, state_diff = (0, []) if episode.end_state is None else _end_state(episode)
    wrong, unbacked = _grounded(episode, turns)
    findings += claims + missing_calls + state_diff + unbacked + wrong
    state_checks = len(expected.end_state) if episode.end_state is not None else 0
    checks = len(facts) + len(expected.forbidden_claims) + len(expected.tool_calls) + state_checks
    passed_checks = conveyed + len(expected.forbidden_claims) - len(claims) + made + state_ok
    checks += len(unbacked) + len(wrong)  # each is a failed check of its own
    value = passed_checks / checks if checks else 1.0
    if episode.termination is Termination.AGENT_ERROR:
        value = 0.0
    scores = {
        "accuracy.score": round(value, 6),
        "accuracy.facts_recall": round(conveyed / len(facts), 6) if facts else 1.0,
        "accuracy.forbidden_claims": float(len(claims)),
        "accuracy.unbacked_claims": float(len(unbacked)),
        "accuracy.wrong_facts": float(sum(f.rule_id == WRONG for f in wrong)),
        "accuracy.unsupported_values": float(sum(f.rule_id == UNSUPPORTED for f in wrong)),
        "accuracy.passed": float(value >= 1.0),
    }
    if expected.tool_calls:
        scores["accuracy.tool_calls"] = round(made / len(expected.tool_calls), 6)
    if state_checks:
        scores["accuracy.end_state"] = round(state_ok / state_checks, 6)
    return Evaluation(scores=scores, findings=tuple(findings), passed=value >= 1.0,
                      judge_calls=judge_calls, judge_errors=judge_errors)


@register
class AccuracyEvaluator:
    """Deterministic fact, claim, tool-call and end-state checks; the judge for paraphrases."""

    name = NAME
    metrics = (
        mean("accuracy.score", True, "Mean per-episode accuracy (facts conveyed, claims avoided, "
             "tool calls, end state).", score="accuracy.score"),
        mean("accuracy.pass_rate", True, "Share of episodes whose accuracy checks all passed.",
             score="accuracy.passed"),
        mean("accuracy.facts_recall", True,
             "Mean share of a scenario's required facts the agent conveyed.",
             score="accuracy.facts_recall"),
        mean("accuracy.tool_call_recall", True,
             "Mean share of expected tool calls made with the right arguments.",
             score="accuracy.tool_calls"),
        mean("accuracy.end_state_match", True,
             "Mean share of expected end-state values the fixtures ended with.",
             score="accuracy.end_state"),
        rate("accuracy.unbacked_claim_rate", False,
             "Share of episodes claiming an action (refund, cancel) no tool call backs.",
             "unbacked", lambda r: r.scores.get("accuracy.unbacked_claims", 0.0) > 0),
    )

    def evaluate(self, episode: Episode) -> Evaluation:
        return score(episode, match_facts(episode))

    async def aevaluate(self, episode: Episode, judge: Judge) -> Evaluation:
        """As ``evaluate``, but facts no phrase matched and forbidden claims no pattern
        matched are put to the judge, which may find paraphrases."""
        facts = match_facts(episode)
        unmatched = [m for m in facts if m.turn is None]
        found = {f.rule_id for f in _claims(episode, episode.transcript.agent_turns())}
        unclaimed = [c for c in episode.scenario.expected.forbidden_claims
                     if f"accuracy.forbidden_claim.{c.id}" not in found]
        asks = [judge.ask(_fact_question(m.fact), episode.transcript) for m in unmatched]
        asks += [judge.ask(_claim_question(c), episode.transcript) for c in unclaimed]
        answers = await asyncio.gather(*asks, return_exceptions=True)
        errors, conveyed, claims = [], {}, []
        subjects: list[FactMatch | Claim] = [*unmatched, *unclaimed]
        for subject, answer in zip(subjects, answers, strict=True):
            label = subject.fact.id if isinstance(subject, FactMatch) else subject.id
            if isinstance(answer, JudgeFailed):
                errors.append(f"{label}: {answer.kind}: {answer}")
                continue
            if isinstance(answer, BaseException):
                raise answer
            if answer.turn is None or episode.transcript.turns[answer.turn].speaker is not Speaker.AGENT:
                continue  # a fact or claim counts only where the agent said it
            if isinstance(subject, FactMatch) and answer.passed:
                conveyed[label] = FactMatch(subject.fact, answer.turn, answer.evidence)
            elif isinstance(subject, Claim) and not answer.passed:
                claims.append(_finding(
                    f"accuracy.forbidden_claim.{subject.id}", subject.severity, answer.turn,
                    answer.evidence, f"the agent claimed {subject.description or subject.id!r}, "
                    f"which the scenario forbids (judge: {answer.explanation})"))
        merged = [conveyed.get(m.fact.id, m) for m in facts]
        return score(episode, merged, tuple(errors), len(asks), tuple(claims))


def _fact_question(fact: Fact) -> str:
    return (f"The agent told the customer {fact.description or fact.id} (in any wording, e.g. "
            f"{fact.any_of}). 'pass' if it did, citing the turn; 'fail' if it never did.")


def _claim_question(claim: Claim) -> str:
    return (f"The agent must NOT claim: {claim.description or claim.id} (in any wording, e.g. "
            f"matching {claim.patterns}). 'fail' if it did, citing the turn; 'pass' if not.")
