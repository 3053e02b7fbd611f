"""Suites that cannot fail the way their author thinks: valid files, wrong expectations.

``golive validate`` prints these as warnings (``--strict`` makes them errors):

- ``handoff: expect: required`` with no trigger but the default (the customer asking for a
  person): the handoff is only due once the customer asks, so a bot that never hands off
  passes with every persona that does not;
- a reachable goal with no ``resolved_when`` phrases: the customer can never recognise a
  resolution, so every episode runs to ``max_turns`` and ``experience.goal_rate`` is 0;
- a gate threshold on a metric the suite cannot produce (``reliability.pass_hat_3`` with
  fewer than 3 repeats, ``handoff.recall`` when no scenario ever makes a handoff due, a
  judge metric with no judge): the gate would be inconclusive on every run.

Example:
    >>> from golive.harness.suite import load_suite, demo_suite_path
    >>> [w.field for w in suite_traps(load_suite(demo_suite_path()))]
    []
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from golive.errors import InputError
from golive.gate.spec import Threshold
from golive.harness.suite import LoadedSuite
from golive.scenarios.models import Expectation, Scenario, TriggerKind

_HANDOFF_DUE = ("handoff.recall", "handoff.on_time_rate", "handoff.mean_delay")


def needs_for(metric: str, repeats: int, scenarios: Sequence[Scenario], judged: bool) -> str | None:
    """Why this suite cannot produce ``metric`` (None when it can, or may)."""
    if metric.startswith("reliability.pass_hat_"):
        k = int(metric.rsplit("_", 1)[1])
        if repeats < k:
            return f"it needs at least {k} repeats and the suite has repeats: {repeats}"
    if metric in _HANDOFF_DUE and not any(s.handoff.expect is Expectation.REQUIRED for s in scenarios):
        return ("no scenario has handoff expect: required, so a handoff is due only if a "
                "persona happens to ask for a person")
    wants = {"accuracy.tool_call_recall": ("tool_calls", "expected.tool_calls"),
             "accuracy.end_state_match": ("end_state", "expected.end_state"),
             "accuracy.facts_recall": ("facts", "expected.facts")}
    if metric in wants:
        attr, name = wants[metric]
        if not any(getattr(s.expected, attr) for s in scenarios):
            return f"no scenario lists {name}"
    if metric == "errors.judge_rate" and not judged:
        return "it counts judge errors and the suite has no judge: (pass --judge to measure it)"
    return None


def scenario_traps(scenario: Scenario, file: str | None = None,
                   line_of: Callable[[Sequence[str]], int | None] | None = None) -> list[InputError]:
    """Warnings about one scenario; each names the scenario id in its field (``id:field``),
    so a checker can say it once when a suite and the scenario's file are both checked."""
    found = []

    def at(*path: str) -> int | None:
        return line_of(path) if line_of else None

    name = file or f"scenario {scenario.id}"
    spec = scenario.handoff
    # With no `triggers:` the default is the customer asking: the same trap.
    # A scenario whose customer is scripted to ask (customer.asks_for_human) is fine.
    if (spec.expect is Expectation.REQUIRED and not scenario.customer.asks_for_human
            and all(t.when is TriggerKind.ASKED_FOR_HUMAN for t in spec.triggers)):
        found.append(InputError(
            "handoff expect: required with no trigger but the customer asking: the handoff is "
            "due only if the customer asks for a person, so a bot that never hands off passes "
            "with every persona that does not ask",
            file=name, line=at("handoff", "expect"), field=f"{scenario.id}: handoff.triggers",
            hint="add triggers, e.g. [{when: vulnerability}] or [{when: emotion, label: angry, "
            "min_intensity: 0.7}] or [{when: always}], or set customer.asks_for_human: true"))
    # A required transfer ends the episode by itself: those goals need no resolution phrase.
    if (scenario.expected.goal_achievable and not scenario.customer.resolved_when
            and spec.expect is not Expectation.REQUIRED):
        found.append(InputError(
            "no resolution facts: customer.resolved_when is empty, so the customer can never "
            "recognise that the goal was met (every episode runs to max_turns, goal_rate 0)",
            file=name, line=at("customer"), field=f"{scenario.id}: customer.resolved_when",
            hint="list phrases a resolving reply contains, e.g. ['refund of', 'arrives on'], "
            "or set expected.goal_achievable: false for a policy trap"))
    return found


def suite_traps(loaded: LoadedSuite,
                line_of: Callable[[Sequence[str | int]], int | None] | None = None) -> list[InputError]:
    """Warnings about a suite: its scenarios' traps and thresholds it cannot measure."""
    found = [w for s in loaded.scenarios for w in scenario_traps(s)]
    gate = loaded.suite.gate
    if gate is None:
        return found
    for i, text in enumerate(gate.thresholds):
        threshold = Threshold.parse(text)
        why = needs_for(threshold.metric, loaded.suite.repeats, loaded.scenarios,
                        judged=loaded.suite.judge is not None)
        if why:
            found.append(InputError(
                f"threshold {text!r} is on a metric this suite cannot produce: {why}; the gate "
                "would be inconclusive on every run", file=loaded.source,
                line=line_of(("gate", "thresholds", i)) if line_of else None,
                field=f"gate.thresholds.{i}", hint="drop the threshold or change the suite"))
    return found
