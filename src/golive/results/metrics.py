"""The metric catalogue: every run-level metric's name, better direction and definition.

Names are an API (dashboards and gates use them) and legal MLflow metric names. One
catalogue feeds MLflow, the reports, the gate and the README's metric table.

Example:
    >>> CATALOGUE["handoff.recall"].higher_is_better
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from math import comb

from golive.results.models import (
    CustomerEventKind,
    EpisodeResult,
    HandoffOutcome,
    Severity,
    Speaker,
    Termination,
)


@dataclass(frozen=True)
class Metric:
    """One run-level metric."""

    name: str
    higher_is_better: bool
    definition: str


PASS_HAT_K = (1, 2, 3, 4, 5)


def _pass_hat_definition(k: int) -> str:
    tries = "one try" if k == 1 else f"all {k} tries"
    verb = "passes" if k == 1 else "pass"
    return (f"pass^{k} (tau-bench): chance that {tries} of a scenario × persona {verb}; mean over "
            f"pairs of C(passed, {k}) / C(repeats, {k}). Needs --repeats of at least {k}.")

_METRICS = [
    Metric("reliability.pass_rate", True, "Share of scored episodes that passed."),
    *(Metric(f"reliability.pass_hat_{k}", True, _pass_hat_definition(k)) for k in PASS_HAT_K),
    Metric("accuracy.score", True, "Mean per-episode accuracy (facts conveyed, claims avoided, tool calls, end state)."),
    Metric("accuracy.pass_rate", True, "Share of episodes whose accuracy checks all passed."),
    Metric("accuracy.facts_recall", True, "Mean share of a scenario's required facts the agent conveyed."),
    Metric("accuracy.tool_call_recall", True, "Mean share of expected tool calls made with the right arguments."),
    Metric("accuracy.end_state_match", True, "Mean share of expected end-state values the fixtures ended with."),
    Metric("accuracy.unbacked_claim_rate", False, "Share of episodes claiming an action (refund, cancel) no tool call backs."),
    Metric("guardrails.critical", False, "Critical findings in the run (all evaluators)."),
    Metric("guardrails.major", False, "Major findings in the run (all evaluators)."),
    Metric("guardrails.minor", False, "Minor findings in the run (all evaluators)."),
    Metric("guardrails.breach_rate", False, "Share of episodes with a critical or major guardrail finding."),
    Metric("handoff.precision", True, "Handoffs that were due / all handoffs."),
    Metric("handoff.recall", True, "Due handoffs that happened (at any delay) / due handoffs."),
    Metric("handoff.f1", True, "Harmonic mean of handoff precision and recall."),
    Metric("handoff.on_time_rate", True, "Due handoffs made within the window / due handoffs."),
    Metric("handoff.mean_delay", False, "Mean agent replies between trigger and handoff, minus one."),
    Metric("handoff.missed_on_request_rate", False, "Customers who asked for a person and were not transferred in the next reply / customers who asked."),
    Metric("handoff.unnecessary_rate", False, "Handoffs nothing called for / episodes (human workload)."),
    Metric("handoff.mean_intensity_at_handoff", False, "Mean customer emotion intensity handed to humans."),
    Metric("handoff.consult_rate", False, "Share of episodes where the bot consulted a human privately."),
    Metric("handoff.mean_summary_quality", True, "Mean share of identity, issue and what-was-tried carried in transfer summaries."),
    Metric("experience.goal_rate", True, "Share of episodes where the customer's goal was met."),
    Metric("experience.gave_up_rate", False, "Share of episodes where the customer gave up."),
    Metric("experience.mean_final_intensity", False, "Mean emotion intensity at the customer's last turn."),
    Metric("experience.mean_turns", False, "Mean turns per episode."),
    Metric("experience.mean_turns_to_resolution", False, "Mean transcript turns until the goal was met (resolved episodes)."),
    Metric("experience.mean_peak_intensity", False, "Mean of each episode's peak customer emotion intensity."),
    Metric("experience.empathy_rate", True, "Mean share of replies to an upset customer that acknowledge the feeling first."),
    Metric("experience.mean_repeated_questions", False, "Mean agent questions per episode asking again for what was asked or given."),
    Metric("errors.agent_rate", False, "Share of episodes the agent crashed, timed out or answered garbage."),
    Metric("errors.simulator_rate", False, "Share of episodes the simulator failed (kept out of agent scores)."),
    Metric("errors.judge_rate", False, "Share of judged episodes where the LLM judge failed at least once (kept out of agent scores)."),
    Metric("cost.tokens", False, "Tokens spent (prompt + completion) by all roles."),
    Metric("run.episodes", True, "Episodes in the run."),
]
CATALOGUE: dict[str, Metric] = {m.name: m for m in _METRICS}

#: Run metrics that are the mean of one per-episode score (left out where none has it).
_MEANS = {
    "accuracy.score": "accuracy.score",
    "accuracy.pass_rate": "accuracy.passed",
    "accuracy.facts_recall": "accuracy.facts_recall",
    "accuracy.tool_call_recall": "accuracy.tool_calls",
    "accuracy.end_state_match": "accuracy.end_state",
    "handoff.mean_delay": "handoff.delay",
    "handoff.missed_on_request_rate": "handoff.missed_on_request",
    "handoff.mean_intensity_at_handoff": "handoff.intensity_at_handoff",
    "handoff.mean_summary_quality": "handoff.summary_quality",
    "experience.mean_turns_to_resolution": "experience.turns_to_resolution",
    "experience.mean_peak_intensity": "experience.peak_intensity",
    "experience.empathy_rate": "experience.empathy",
    "experience.mean_repeated_questions": "experience.repeated_questions",
}

_DUE = {HandoffOutcome.ON_TIME, HandoffOutcome.LATE, HandoffOutcome.MISSED}
_MADE_DUE = {HandoffOutcome.ON_TIME, HandoffOutcome.LATE}
_MADE_UNDUE = {HandoffOutcome.PREMATURE, HandoffOutcome.UNNECESSARY}


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


@dataclass
class Aggregator:
    """Run metrics from episodes fed one at a time (memory stays flat over big runs)."""

    total: int = 0
    sim_errors: int = 0
    agent_errors: int = 0
    passed: int = 0
    tokens: int = 0
    values: dict[str, list[float]] = field(default_factory=dict)
    outcomes: dict[HandoffOutcome, int] = field(default_factory=dict)
    severities: dict[Severity, int] = field(default_factory=dict)
    breaches: int = 0
    goal: int = 0
    gave_up: int = 0
    pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    judged: int = 0
    judge_failed: int = 0
    unbacked: int = 0
    consulted: int = 0

    def add(self, result: EpisodeResult) -> None:
        """Count one episode."""
        self.total += 1
        if result.termination is Termination.SIMULATOR_ERROR:
            self.sim_errors += 1
            return  # the simulator's fault says nothing about the agent
        self.agent_errors += result.termination is Termination.AGENT_ERROR
        self.passed += result.passed
        pair = self.pairs.setdefault((result.scenario_id, result.persona_id), [0, 0])
        pair[0] += 1
        pair[1] += result.passed
        self._add_scores(result.scores)
        self.goal += result.termination is Termination.GOAL_ACHIEVED
        # Accepting a justified refusal ends an episode too; only a GAVE_UP event is giving up.
        self.gave_up += any(
            e.kind is CustomerEventKind.GAVE_UP for t in result.transcript.turns for e in t.events
        )
        if result.handoff_outcome is not None:
            self.outcomes[result.handoff_outcome] = self.outcomes.get(result.handoff_outcome, 0) + 1
        for finding in result.findings:
            self.severities[finding.severity] = self.severities.get(finding.severity, 0) + 1
        self.breaches += any(
            f.evaluator == "guardrails" and f.severity in (Severity.CRITICAL, Severity.MAJOR)
            for f in result.findings
        )
        turns = result.transcript.turns
        self.values.setdefault("turns", []).append(float(len(turns)))
        last = next((t for t in reversed(turns) if t.speaker is Speaker.CUSTOMER), None)
        if last is not None and last.emotion is not None:
            self.values.setdefault("final_intensity", []).append(last.emotion.intensity)
        self.tokens += sum(t.tokens.prompt + t.tokens.completion for t in turns)

    def _add_scores(self, scores: dict[str, float]) -> None:
        for name in _MEANS.values():
            if name in scores:
                self.values.setdefault(name, []).append(scores[name])
        self.judged += "judge.calls" in scores
        self.judge_failed += scores.get("judge.errors", 0.0) > 0
        self.unbacked += scores.get("accuracy.unbacked_claims", 0.0) > 0
        self.consulted += scores.get("handoff.consulted", 0.0) > 0

    def pass_hat(self, k: int) -> float | None:
        """tau-bench's pass^k: mean over scenario × persona pairs of C(c, k) / C(n, k)."""
        if not self.pairs or any(n < k for n, _ in self.pairs.values()):
            return None
        return sum(comb(c, k) / comb(n, k) for n, c in self.pairs.values()) / len(self.pairs)

    def metrics(self) -> dict[str, float]:
        """Every catalogue metric that has a value (undefined ratios are left out)."""
        scored = self.total - self.sim_errors
        o = self.outcomes
        due = sum(o.get(x, 0) for x in _DUE)
        made_due = sum(o.get(x, 0) for x in _MADE_DUE)
        made = made_due + sum(o.get(x, 0) for x in _MADE_UNDUE)
        precision, recall = _ratio(made_due, made), _ratio(made_due, due)
        # 2TP / (2TP + FP + FN): the harmonic mean where both are defined, and 0 (not
        # undefined) for a bot that never hands off although handoffs were due.
        f1 = _ratio(2 * made_due, made + due)
        v = self.values
        raw: dict[str, float | None] = {
            "reliability.pass_rate": _ratio(self.passed, scored),
            **{f"reliability.pass_hat_{k}": self.pass_hat(k) for k in PASS_HAT_K},
            **{metric: _mean(v.get(score, [])) for metric, score in _MEANS.items()},
            "accuracy.unbacked_claim_rate": _ratio(self.unbacked, scored),
            "handoff.consult_rate": _ratio(self.consulted, scored),
            "errors.judge_rate": _ratio(self.judge_failed, self.judged),
            "guardrails.critical": float(self.severities.get(Severity.CRITICAL, 0)),
            "guardrails.major": float(self.severities.get(Severity.MAJOR, 0)),
            "guardrails.minor": float(self.severities.get(Severity.MINOR, 0)),
            "guardrails.breach_rate": _ratio(self.breaches, scored),
            "handoff.precision": precision,
            "handoff.recall": recall,
            "handoff.f1": f1,
            "handoff.on_time_rate": _ratio(o.get(HandoffOutcome.ON_TIME, 0), due),
            "handoff.unnecessary_rate": _ratio(o.get(HandoffOutcome.UNNECESSARY, 0), scored),
            "experience.goal_rate": _ratio(self.goal, scored),
            "experience.gave_up_rate": _ratio(self.gave_up, scored),
            "experience.mean_final_intensity": _mean(v.get("final_intensity", [])),
            "experience.mean_turns": _mean(v.get("turns", [])),
            "errors.agent_rate": _ratio(self.agent_errors, scored),
            "errors.simulator_rate": _ratio(self.sim_errors, self.total),
            "cost.tokens": float(self.tokens),
            "run.episodes": float(self.total),
        }
        return {k: round(x, 6) for k, x in raw.items() if x is not None}


def aggregate(results: Iterable[EpisodeResult]) -> dict[str, float]:
    """Run-level metrics over episodes.

    Example:
        >>> aggregate([])["run.episodes"]
        0.0
    """
    agg = Aggregator()
    for result in results:
        agg.add(result)
    return agg.metrics()
