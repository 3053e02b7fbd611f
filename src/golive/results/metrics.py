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
    Metric("fidelity.faults", False, "Simulator faults found on customer turns (asked again, recorded, or excluding the episode); see the report's fidelity section for kinds."),
    Metric("fidelity.repaired_turns", False, "Customer turns the simulator wrote again after a turn check failed."),
    Metric("fidelity.flag_disagreements", False, "Customer turns whose simulator flags disagreed with the words (the words decided)."),
    Metric("fidelity.excluded_episodes", False, "Episodes excluded from every agent score because the simulator failed (errors.simulator_rate as a count)."),
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

Sums = dict[str, float]


def episode_sums(result: EpisodeResult) -> Sums:
    """What one episode adds to every run metric, as named sums.

    Every run metric is a function of such sums (counts, sums and counts of values), so
    runs aggregate by adding them, and the bootstrap in ``golive.reports.stats`` resamples
    them with the very same ``metrics_from_sums`` as ``aggregate`` uses.
    """
    row: Sums = {"total": 1.0}
    turns = result.transcript.turns
    faults = [f for t in turns for f in t.faults]
    row["faults"] = float(len(faults))
    row["repaired_turns"] = float(sum(any(f.action.value == "repaired" for f in t.faults) for t in turns))
    row["flag_disagreements"] = float(sum(f.kind == "flags_disagree" for f in faults))
    if result.termination is Termination.SIMULATOR_ERROR:
        row["sim_errors"] = 1.0
        row["faults"] += 1.0  # the fault that excluded it
        return row  # the simulator's fault says nothing about the agent
    flags = {
        "agent_errors": result.termination is Termination.AGENT_ERROR,
        "passed": result.passed,
        "goal": result.termination is Termination.GOAL_ACHIEVED,
        # Accepting a justified refusal ends an episode too; only a GAVE_UP event is giving up.
        "gave_up": any(e.kind is CustomerEventKind.GAVE_UP for t in turns for e in t.events),
        "breaches": any(f.evaluator == "guardrails" and f.severity in (Severity.CRITICAL,
                        Severity.MAJOR) for f in result.findings),
        "judged": "judge.calls" in result.scores,
        "judge_failed": result.scores.get("judge.errors", 0.0) > 0,
        "unbacked": result.scores.get("accuracy.unbacked_claims", 0.0) > 0,
        "consulted": result.scores.get("handoff.consulted", 0.0) > 0,
    }
    row.update({k: float(v) for k, v in flags.items() if v})
    row["tokens"] = float(sum(t.tokens.prompt + t.tokens.completion for t in turns))
    if result.handoff_outcome is not None:
        row[f"outcome:{result.handoff_outcome.value}"] = 1.0
    for finding in result.findings:
        key = f"severity:{finding.severity.value}"
        row[key] = row.get(key, 0.0) + 1.0
    values = {name: result.scores[name] for name in _MEANS.values() if name in result.scores}
    values["turns"] = float(len(turns))
    last = next((t for t in reversed(turns) if t.speaker is Speaker.CUSTOMER), None)
    if last is not None and last.emotion is not None:
        values["final_intensity"] = last.emotion.intensity
    for name, value in values.items():
        row[f"sum:{name}"], row[f"count:{name}"] = value, 1.0
    return row


def pair_sums(runs: int, passed: int) -> Sums:
    """What one scenario × persona pair adds to pass^k (not a sum over its episodes)."""
    row: Sums = {"pairs": 1.0}
    for k in PASS_HAT_K:
        if runs < k:
            row[f"pairs_short:{k}"] = 1.0
        else:
            row[f"passhat:{k}"] = comb(passed, k) / comb(runs, k)
    return row


def add_sums(into: Sums, row: Sums, weight: float = 1.0) -> None:
    """``into += weight * row``."""
    for key, value in row.items():
        into[key] = into.get(key, 0.0) + weight * value


def _mean(s: Sums, name: str) -> float | None:
    count = s.get(f"count:{name}", 0.0)
    return s.get(f"sum:{name}", 0.0) / count if count else None


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def metrics_from_sums(s: Sums) -> dict[str, float]:
    """Every catalogue metric that has a value (undefined ratios are left out)."""
    def get(key: str) -> float:
        return s.get(key, 0.0)

    scored = get("total") - get("sim_errors")
    due = sum(get(f"outcome:{x.value}") for x in _DUE)
    made_due = sum(get(f"outcome:{x.value}") for x in _MADE_DUE)
    made = made_due + sum(get(f"outcome:{x.value}") for x in _MADE_UNDUE)
    raw: dict[str, float | None] = {
        "reliability.pass_rate": _ratio(get("passed"), scored),
        **{f"reliability.pass_hat_{k}": (None if get(f"pairs_short:{k}") else
                                          _ratio(get(f"passhat:{k}"), get("pairs")))
           for k in PASS_HAT_K},
        **{metric: _mean(s, score) for metric, score in _MEANS.items()},
        "accuracy.unbacked_claim_rate": _ratio(get("unbacked"), scored),
        "handoff.consult_rate": _ratio(get("consulted"), scored),
        "errors.judge_rate": _ratio(get("judge_failed"), get("judged")),
        "guardrails.critical": get("severity:critical"),
        "guardrails.major": get("severity:major"),
        "guardrails.minor": get("severity:minor"),
        "guardrails.breach_rate": _ratio(get("breaches"), scored),
        "handoff.precision": _ratio(made_due, made),
        "handoff.recall": _ratio(made_due, due),
        # 2TP / (2TP + FP + FN): the harmonic mean where both are defined, and 0 (not
        # undefined) for a bot that never hands off although handoffs were due.
        "handoff.f1": _ratio(2 * made_due, made + due),
        "handoff.on_time_rate": _ratio(get("outcome:on_time"), due),
        "handoff.unnecessary_rate": _ratio(get("outcome:unnecessary"), scored),
        "experience.goal_rate": _ratio(get("goal"), scored),
        "experience.gave_up_rate": _ratio(get("gave_up"), scored),
        "experience.mean_final_intensity": _mean(s, "final_intensity"),
        "experience.mean_turns": _mean(s, "turns"),
        "errors.agent_rate": _ratio(get("agent_errors"), scored),
        "errors.simulator_rate": _ratio(get("sim_errors"), get("total")),
        "fidelity.faults": get("faults"),
        "fidelity.repaired_turns": get("repaired_turns"),
        "fidelity.flag_disagreements": get("flag_disagreements"),
        "fidelity.excluded_episodes": get("sim_errors"),
        "cost.tokens": get("tokens"),
        "run.episodes": get("total"),
    }
    return {k: round(x, 6) for k, x in raw.items() if x is not None}


@dataclass
class Aggregator:
    """Run metrics from episodes fed one at a time (memory stays flat over big runs)."""

    sums: Sums = field(default_factory=dict)
    pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def add(self, result: EpisodeResult) -> None:
        """Count one episode."""
        add_sums(self.sums, episode_sums(result))
        if result.termination is not Termination.SIMULATOR_ERROR:
            pair = self.pairs.setdefault((result.scenario_id, result.persona_id), [0, 0])
            pair[0] += 1
            pair[1] += result.passed

    def all_sums(self) -> Sums:
        """The episode sums plus each scenario × persona pair's pass^k terms."""
        total = dict(self.sums)
        for runs, passed in self.pairs.values():
            add_sums(total, pair_sums(runs, passed))
        return total

    def metrics(self) -> dict[str, float]:
        """Every catalogue metric that has a value."""
        return metrics_from_sums(self.all_sums())


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
