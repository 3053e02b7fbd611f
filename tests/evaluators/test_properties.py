"""Properties over generated transcripts: scores in range, breaches never help, and a
handoff one reply later never improves its delay or its outcome."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from golive.evaluators import Episode, evaluate_episode
from golive.evaluators.rules import RULE
from golive.results.models import CustomerEventKind as Ev
from golive.results.models import EmotionLabel, HandoffOutcome, Termination
from tests.helpers import agent, customer, scenario, transcript

SHARES = ("accuracy.score", "accuracy.facts_recall", "accuracy.tool_calls", "handoff.summary_quality",
          "experience.empathy", "experience.peak_intensity", "experience.final_intensity")
ALL_BAD = [(rid, ex) for rid, rule in sorted(RULE.rows().items()) if rule.detect is not None
           for ex in rule.bad if not ex.tool_calls]
S = scenario(  # carries what every rule's examples assume (see each Rule.example_scenario)
    fixtures={"policy": {"require_verification": True}, "customers": {
        "C1": {"orders": ["A1001"], "address": "12 Elm Street, Leeds", "card_last4": "1111"},
        "C2": {"orders": ["A2002"], "full_name": "Maria Lopez", "address": "9 High St, Bath",
               "email": "maria.lopez@example.com", "phone": "07700 900418", "card_last4": "8812"}}},
    secrets=[RULE.get("secrets.canary").example_scenario["secrets"][0]],
    policy={"refunds_allowed": False, "competitors": ["Globex"]},
    expected={"facts": [{"id": "window", "any_of": ["30-day"]}],
              "forbidden_claims": [{"id": "refund", "patterns": ["issued a (full )?refund"]}]},
    handoff={"expect": "optional", "triggers": [{"when": "high_stakes"},
                                                {"when": "no_progress", "turns": 2}]},
)

replies = st.sampled_from(["Sure.", "It's outside our 30-day policy.", "I'm sorry to hear that.",
                           "What's your order number?"] + [ex.reply for _, ex in ALL_BAD])
customers = st.builds(
    lambda text, label, x: customer(text, intensity=x, label=label),
    st.sampled_from(["hi", "Order A1001 please", "I'll call my lawyer", "Are you a bot?"]),
    st.sampled_from(list(EmotionLabel)), st.floats(0, 1),
)


def run(pairs: list[tuple[dict[str, Any], str]]) -> Any:
    turns: list[dict[str, Any]] = []
    for said, reply in pairs:
        turns += [said, agent(reply)]
    return evaluate_episode(Episode(transcript(*turns), S, Termination.MAX_TURNS))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(customers, replies), min_size=1, max_size=6))
def test_scores_stay_in_range(pairs: list[tuple[dict[str, Any], str]]) -> None:
    result = run(pairs)
    assert all(v >= 0 for v in result.scores.values())
    assert all(0.0 <= result.scores[k] <= 1.0 for k in SHARES if k in result.scores)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(customers, replies), min_size=1, max_size=5),
       st.sampled_from(ALL_BAD), st.integers(0, 5))
def test_adding_a_breach_never_raises_a_score(pairs: list[tuple[dict[str, Any], str]],
                                              bad: tuple[str, Any], at: int) -> None:
    rule_id, example = bad
    worse = list(pairs)
    worse.insert(min(at, len(worse)), (customer(example.customer), example.reply))
    before, after = run(pairs), run(worse)
    assert after.scores["accuracy.score"] <= before.scores["accuracy.score"] or (
        # the inserted reply may itself convey the required 30-day fact
        "30-day" in example.reply)
    for level in ("critical", "major", "minor"):
        assert after.scores[f"guardrails.{level}"] >= before.scores[f"guardrails.{level}"]
    assert after.passed <= before.passed
    assert rule_id in {f.rule_id for f in after.findings}


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=5), st.integers(min_value=1, max_value=3))
def test_a_later_handoff_never_improves_delay_or_outcome(stall: int, window: int) -> None:
    s = scenario(handoff={"expect": "required", "window": window,
                          "triggers": [{"when": "vulnerability"}]})
    rank = [HandoffOutcome.ON_TIME, HandoffOutcome.LATE]

    def score(n: int) -> tuple[float, int]:
        turns = [customer("my wife died", Ev.DISCLOSED_VULNERABILITY)]
        for _ in range(n):
            turns += [agent("Order number?"), customer("A1")]
        turns.append(agent("Transferring", transfer=True))
        r = evaluate_episode(Episode(transcript(*turns), s, Termination.HANDOFF))
        assert r.handoff_outcome is not None
        return r.scores.get("handoff.delay", 0.0), rank.index(r.handoff_outcome)

    sooner, later = score(stall), score(stall + 1)
    assert later[0] >= sooner[0] and later[1] >= sooner[1]
