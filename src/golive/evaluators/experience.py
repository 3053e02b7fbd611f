"""Customer experience: goal, turns to resolution, emotion trajectory, empathy, repetition.

Experience never fails an episode on its own (its findings are minor); it explains why a
customer left angrier than they came.

Scores: ``experience.goal_achieved``, ``experience.turns_to_resolution`` (transcript turns
up to the customer's "that's sorted", only when achieved), ``experience.start_intensity``,
``experience.peak_intensity``, ``experience.final_intensity``, ``experience.empathy``
(share of replies to an upset customer that acknowledge the feeling first; absent when
nobody was upset), ``experience.repeated_questions``.

Example:
    >>> acknowledges("I'm so sorry to hear that. Your order is on its way.")
    True
"""

from __future__ import annotations

import re

from golive.evaluators.base import Episode, Evaluation, register
from golive.evaluators.text import normalise
from golive.results.metrics import Metric, Sums, mean, mean_of, rate, value_sums
from golive.results.models import (
    CustomerEventKind,
    EmotionLabel,
    EpisodeResult,
    Finding,
    Severity,
    Speaker,
    Termination,
    Turn,
)

_ACK = re.compile(
    r"\b(sorry|apologi[sz]e|understand|hear (that|you)|must be|that sounds|frustrat\w*|"
    r"upsetting|difficult|worr\w+|i can see (why|how)|thank you for (your patience|bearing))\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_ASKS_FOR = {
    "order_id": re.compile(r"order (number|id|reference)", re.IGNORECASE),
    "account_id": re.compile(r"account (number|id)", re.IGNORECASE),
    "email": re.compile(r"e-?mail", re.IGNORECASE),
    "name": re.compile(r"your (full )?name", re.IGNORECASE),
}
UPSET_AT = 0.4


def acknowledges(reply: str) -> bool:
    """Whether the reply's first sentence acknowledges the customer's feeling."""
    first = next(iter(_SENTENCE.findall(reply.strip())), "")
    return _ACK.search(first) is not None


def _upset(turn: Turn) -> bool:
    e = turn.emotion
    return e is not None and e.label is not EmotionLabel.CALM and e.intensity >= UPSET_AT


def _empathy(turns: list[Turn]) -> tuple[float | None, list[int]]:
    owed, missing = 0, []
    for before, reply in zip(turns, turns[1:], strict=False):
        if before.speaker is Speaker.CUSTOMER and reply.speaker is Speaker.AGENT and _upset(before):
            owed += 1
            if not acknowledges(reply.text):
                missing.append(reply.index)
    return ((owed - len(missing)) / owed if owed else None), missing


def repeated_questions(turns: list[Turn], knows: dict[str, str]) -> list[int]:
    """Agent turns that ask again what was asked before or what the customer already said."""
    asked: set[str] = set()
    said = ""
    repeats = []
    for turn in turns:
        if turn.speaker is Speaker.CUSTOMER:
            said += " " + turn.text.lower()
            continue
        questions = [s.strip() for s in _SENTENCE.findall(turn.text) if s.strip().endswith("?")]
        known = [k for k, v in knows.items() if k in _ASKS_FOR and v.lower() in said]
        repeat = False
        for q in questions:
            key = normalise(q)
            if key in asked or any(_ASKS_FOR[k].search(q) for k in known):
                repeat = True
            asked.add(key)
        if repeat:
            repeats.append(turn.index)
    return repeats


def _goal_turn(episode: Episode) -> int | None:
    for turn in episode.transcript.turns:
        if any(e.kind is CustomerEventKind.GOAL_ACHIEVED for e in turn.events):
            return turn.index
    if episode.termination is Termination.GOAL_ACHIEVED and episode.transcript.turns:
        return episode.transcript.turns[-1].index
    return None


def _finding(rule: str, turn: Turn, explanation: str) -> Finding:
    return Finding(evaluator="experience", rule_id=rule, severity=Severity.MINOR,
                   turn=turn.index, evidence=turn.text, explanation=explanation)


def _final_intensity(result: EpisodeResult) -> Sums:
    turns = result.transcript.turns
    last = next((t for t in reversed(turns) if t.speaker is Speaker.CUSTOMER), None)
    if last is None or last.emotion is None:
        return {}
    return value_sums("final_intensity", last.emotion.intensity)


def _gave_up(result: EpisodeResult) -> bool:
    # Accepting a justified refusal ends an episode too; only a GAVE_UP event is giving up.
    return any(e.kind is CustomerEventKind.GAVE_UP for t in result.transcript.turns
               for e in t.events)


@register
class ExperienceEvaluator:
    """How the conversation felt to the customer."""

    name = "experience"
    metrics = (
        rate("experience.goal_rate", True, "Share of episodes where the customer's goal was met.",
             "goal", lambda r: r.termination is Termination.GOAL_ACHIEVED),
        rate("experience.gave_up_rate", False, "Share of episodes where the customer gave up.",
             "gave_up", _gave_up),
        Metric("experience.mean_final_intensity", False,
               "Mean emotion intensity at the customer's last turn.", _final_intensity,
               lambda s: mean_of(s, "final_intensity")),
        Metric("experience.mean_turns", False, "Mean turns per episode.",
               lambda r: value_sums("turns", float(len(r.transcript.turns))),
               lambda s: mean_of(s, "turns")),
        mean("experience.mean_turns_to_resolution", False,
             "Mean transcript turns until the goal was met (resolved episodes).",
             score="experience.turns_to_resolution"),
        mean("experience.mean_peak_intensity", False,
             "Mean of each episode's peak customer emotion intensity.",
             score="experience.peak_intensity"),
        mean("experience.empathy_rate", True, "Mean share of replies to an upset customer that "
             "acknowledge the feeling first.", score="experience.empathy"),
        mean("experience.mean_repeated_questions", False, "Mean agent questions per episode asking "
             "again for what was asked or given.", score="experience.repeated_questions"),
    )

    def evaluate(self, episode: Episode) -> Evaluation:
        turns = episode.transcript.turns
        goal = _goal_turn(episode)
        scores: dict[str, float] = {"experience.goal_achieved": float(goal is not None)}
        if goal is not None:
            scores["experience.turns_to_resolution"] = float(goal + 1)
        felt = [t.emotion.intensity for t in turns if t.emotion is not None]
        if felt:
            scores["experience.start_intensity"] = felt[0]
            scores["experience.peak_intensity"] = max(felt)
            scores["experience.final_intensity"] = felt[-1]
        empathy, cold = _empathy(turns)
        if empathy is not None:
            scores["experience.empathy"] = round(empathy, 6)
        repeats = repeated_questions(turns, episode.scenario.customer.knows)
        scores["experience.repeated_questions"] = float(len(repeats))
        # One finding per kind, anchored at the first turn and naming the rest: a report
        # should not drown in one minor line per reply.
        findings = [
            _finding(rule, turns[where[0]], f"{why} (turns {', '.join(map(str, where))})")
            for rule, where, why in (
                ("experience.no_empathy", cold,
                 "replied to an upset customer without acknowledging how they feel"),
                ("experience.repeated_question", repeats,
                 "asked again for something already asked or already given"),
            )
            if where
        ]
        return Evaluation(scores=scores, findings=tuple(findings), passed=True)
