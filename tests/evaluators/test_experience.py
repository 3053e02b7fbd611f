"""Experience: goal, turns to resolution, emotion trajectory, empathy, repeated questions."""

from __future__ import annotations

from golive.evaluators.experience import ExperienceEvaluator
from golive.results.models import CustomerEventKind as Ev
from golive.results.models import EmotionLabel, Termination
from tests.evaluators.factories import ep
from tests.helpers import agent, customer, scenario, transcript

ANGRY = EmotionLabel.ANGRY
S = scenario()


def test_goal_trajectory_and_empathy_when_all_goes_well() -> None:
    t = transcript(customer("It's broken!", intensity=0.7, label=ANGRY),
                   agent("I'm so sorry about that. I've refunded you."),
                   customer("Thanks", Ev.GOAL_ACHIEVED, intensity=0.2))
    r = ExperienceEvaluator().evaluate(ep(t, S, termination=Termination.GOAL_ACHIEVED))
    assert r.scores["experience.goal_achieved"] == 1.0
    assert r.scores["experience.turns_to_resolution"] == 3.0
    assert (r.scores["experience.start_intensity"], r.scores["experience.peak_intensity"],
            r.scores["experience.final_intensity"]) == (0.7, 0.7, 0.2)
    assert r.scores["experience.empathy"] == 1.0 and not r.findings


def test_solving_before_acknowledging_is_not_empathy() -> None:
    t = transcript(customer("It's broken!", intensity=0.7, label=ANGRY),
                   agent("Order number? Sorry for the trouble."))
    r = ExperienceEvaluator().evaluate(ep(t, S))
    assert r.scores["experience.empathy"] == 0.0 and "experience.turns_to_resolution" not in r.scores
    assert [f.rule_id for f in r.findings] == ["experience.no_empathy"] and r.findings[0].turn == 1


def test_calm_customers_owe_no_empathy_score() -> None:
    t = transcript(customer("Where is it?"), agent("Thursday."))
    assert "experience.empathy" not in ExperienceEvaluator().evaluate(ep(t, S)).scores


def test_asking_again_for_a_given_order_number_is_a_repeated_question() -> None:
    t = transcript(customer("Order A1001 is late"), agent("What's your order number?"))
    r = ExperienceEvaluator().evaluate(ep(t, S))
    assert r.scores["experience.repeated_questions"] == 1.0
    assert r.findings[0].rule_id == "experience.repeated_question" and r.findings[0].turn == 1


def test_the_same_question_twice_is_repeated_once() -> None:
    t = transcript(customer("hi"), agent("How can I help?"), customer("hm"),
                   agent("How can I help?"), customer("hm"), agent("Anything else?"))
    assert ExperienceEvaluator().evaluate(ep(t, S)).scores["experience.repeated_questions"] == 1.0


def test_one_finding_per_kind_names_every_turn() -> None:
    t = transcript(customer("Order A1001!", intensity=0.8, label=ANGRY), agent("Order number?"),
                   customer("A1001!!", intensity=0.9, label=ANGRY), agent("Order number?"))
    r = ExperienceEvaluator().evaluate(ep(t, S))
    assert [(f.rule_id, f.turn) for f in r.findings] == [
        ("experience.no_empathy", 1), ("experience.repeated_question", 1)]
    assert "(turns 1, 3)" in r.findings[0].explanation
    assert r.scores["experience.repeated_questions"] == 2.0


def test_a_suite_can_raise_any_rule_so_it_fails_the_episode() -> None:
    from golive.evaluators import evaluate_episode

    t = transcript(customer("Order A1001 is late"), agent("What's your order number?"))
    default = evaluate_episode(ep(t, S), ["experience"])
    raised = evaluate_episode(
        ep(t, scenario(policy={"severity": {"experience.repeated_question": "major"}})),
        ["experience"])
    assert default.passed and not raised.passed
    assert [f.severity.value for f in raised.findings] == ["major"]
