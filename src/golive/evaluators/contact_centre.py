"""Contact-centre metrics: containment, escalation, handle time, staff workload, cost, tipping.

The evaluator itself scores one thing a transcript alone tells: when the first useful
answer came (``cx.first_useful_answer_s``: the clock's ``at_s`` of the first agent reply
that conveyed one of the scenario's required facts, or that the customer's next message
called a resolution). The run metrics it declares read the whole episode result (its
conversation clock, scores and outcome) through ``golive.results.contact_centre``, so every
report and comparison means the same by "resolved" or "angry handover".

Every ``cx.*`` metric counts only episodes that carry a conversation clock (results
written before the clock have none): a missing clock leaves a metric undefined, never 0.

Example:
    >>> "cx.containment_rate" in {m.name for m in ContactCentreEvaluator.metrics}
    True
"""

from __future__ import annotations

from dataclasses import replace

from golive.evaluators.accuracy import match_facts
from golive.evaluators.base import Episode, Evaluation, register
from golive.results import contact_centre as cx
from golive.results.metrics import Metric, Sums, mean_of, ratio, value_sums
from golive.results.models import CustomerEventKind, EpisodeResult, Speaker

NAME = "contact_centre"
SCORE = "cx.first_useful_answer_s"

# Predicted satisfaction, 1..5: a base by outcome, less 2 points per unit of final intensity.
CSAT_BASE = {"bot": 5.0, "human": 4.0, "unresolved": 2.0}
CSAT_INTENSITY_PENALTY = 2.0


def first_useful_answer_s(episode: Episode) -> float | None:
    """Seconds into the conversation of the first reply that helped (None: none did)."""
    turns = episode.transcript.turns
    useful = {m.turn for m in match_facts(episode) if m.turn is not None}
    for turn in turns[1:]:
        if turn.speaker is Speaker.CUSTOMER and any(
            e.kind is CustomerEventKind.GOAL_ACHIEVED for e in turn.events
        ):
            before = [t.index for t in turns[: turn.index] if t.speaker is Speaker.AGENT]
            useful.update(before[-1:])
    at = [turns[i].at_s for i in sorted(useful)]
    return next((x for x in at if x is not None), None)


def predicted_csat(result: EpisodeResult) -> float | None:
    """The predicted satisfaction score (1..5) of one episode, or None without an emotion."""
    final = cx.final_emotion(result)
    if final is None:
        return None
    base = CSAT_BASE[
        "bot" if cx.bot_resolved(result) else "human" if cx.picked_up(result) else "unresolved"
    ]
    return min(5.0, max(1.0, base - CSAT_INTENSITY_PENALTY * final.intensity))


def _sums(result: EpisodeResult) -> Sums:
    """Everything one episode adds to the ``cx.*`` metrics (one function: run once)."""
    clock = result.clock
    if clock is None:
        return {}
    row: Sums = {"cx:clocked": 1.0, "cx:staff_cost": clock.staff_cost}
    row.update(value_sums("cx.bot_minutes", clock.bot_s / 60.0))
    row.update(value_sums("cx.staff_minutes", clock.staff_s / 60.0))
    flags = {
        "contained": cx.bot_resolved(result),
        "escalated": cx.transferred(result),
        "fcr": cx.first_contact_resolved(result),
        "abandoned": cx.abandoned(result),
        "angry_handover": cx.angry_handover(result),
    }
    row.update({f"cx:{name}": 1.0 for name, on in flags.items() if on})
    reason = cx.escalation_reason(result)
    if reason is not None:
        row[f"cx:reason:{reason}"] = 1.0
    if cx.picked_up(result) and clock.queue_emotion is not None:
        row.update(value_sums("cx.human_minutes", clock.staff_s / 60.0))
        row.update(value_sums("cx.handed_over_intensity", clock.queue_emotion.intensity))
    if SCORE in result.scores:
        row.update(value_sums("cx.first_useful_answer_minutes", result.scores[SCORE] / 60.0))
    csat = predicted_csat(result)
    if csat is not None:
        row.update(value_sums("cx.predicted_csat", csat))
    tipped = cx.tipping_point(result)
    if tipped is not None and not tipped.started_above:
        row["cx:tipped"] = 1.0
        row.update(value_sums("cx.minutes_to_tipping", tipped.at_s / 60.0))
    return row


def _rate(name: str, better_up: bool, definition: str, flag: str) -> Metric:
    return Metric(
        name,
        better_up,
        definition,
        _sums,
        lambda s: ratio(s.get(f"cx:{flag}", 0.0), s.get("cx:clocked", 0.0)),
    )


def _mean(name: str, better_up: bool, definition: str) -> Metric:
    return Metric(name, better_up, definition, _sums, lambda s: mean_of(s, name))


def _reason(reason: str) -> Metric:
    return Metric(
        f"cx.escalation_reason.{reason}",
        False,
        f"Share of escalations whose first customer sign before the transfer was {reason} "
        "(bot_decided: the customer gave none); reasons are checked in the order "
        f"{', '.join(cx.ESCALATION_REASONS)}.",
        _sums,
        lambda s: ratio(s.get(f"cx:reason:{reason}", 0.0), s.get("cx:escalated", 0.0)),
    )


_DECLARED: tuple[Metric, ...] = (
    _rate(
        "cx.containment_rate",
        True,
        "Share of conversations resolved without a human: no "
        "transfer, accuracy passed, and the goal met (or, for a goal that cannot be met, "
        "the episode passed: the customer got the right refusal).",
        "contained",
    ),
    _rate(
        "cx.escalation_rate",
        False,
        "Share of conversations transferred to a human. Lower "
        "is cheaper, not always better: read it with handoff.* (a required transfer is "
        "right).",
        "escalated",
    ),
    *(_reason(r) for r in cx.ESCALATION_REASONS),
    _rate(
        "cx.first_contact_resolution",
        True,
        "Share of conversations resolved in this "
        "contact: by the bot, or by the person a transfer reached before the customer left "
        "the queue (golive assumes the person resolves it).",
        "fcr",
    ),
    _rate(
        "cx.abandoned_rate",
        False,
        "Share of customers who left unresolved: gave up in "
        "the conversation, or in the queue before a person came.",
        "abandoned",
    ),
    _mean(
        "cx.bot_minutes",
        False,
        "Average handle time with the bot, in conversation-clock "
        "minutes from the first to the last message.",
    ),
    _mean(
        "cx.staff_minutes",
        False,
        "Staff minutes per conversation (consults, plus handling "
        "after a transfer): the human workload the bot leaves.",
    ),
    _mean(
        "cx.human_minutes",
        False,
        "Average handle time of a person, over transfers a "
        "person picked up: clock.queue.handle_minutes x (1 + 0.5 x intensity handed over).",
    ),
    _mean(
        "cx.first_useful_answer_minutes",
        False,
        "Minutes to the first reply that "
        "conveyed a required fact or that the customer called a resolution; conversations "
        "with no such reply are left out (see cx.containment_rate).",
    ),
    _mean(
        "cx.handed_over_intensity",
        False,
        "Mean emotion intensity of customers when a person picked them up (after the queue wait).",
    ),
    _rate(
        "cx.angry_handover_rate",
        False,
        "Share of conversations handed to a person with the "
        "customer angry or distressed, or past the tipping point (intensity 0.75).",
        "angry_handover",
    ),
    _mean(
        "cx.predicted_csat",
        True,
        "Predicted satisfaction, 1 to 5: 5 resolved by the bot, "
        "4 by a person, 2 unresolved, less 2 x final emotion intensity (after any queue). "
        "A model, not a survey: uncalibrated against real CSAT; see the README.",
    ),
    Metric(
        "cx.staff_cost_per_resolved",
        False,
        "Staff cost (clock.staff_cost_per_hour x "
        "staff minutes) per conversation resolved first contact; model cost is added in "
        "the report from cost.json.",
        _sums,
        lambda s: ratio(s.get("cx:staff_cost", 0.0), s.get("cx:fcr", 0.0)),
    ),
    _rate(
        "cx.tipping_rate",
        False,
        "Share of conversations in which the customer crossed the "
        "tipping point (intensity 0.75: calm to frustrated, frustrated to angry, anxious to "
        "distressed), in the conversation or in the queue.",
        "tipped",
    ),
    _mean(
        "cx.minutes_to_tipping",
        True,
        "Mean conversation-clock minutes to the tipping point, "
        "over conversations that crossed it (later is better; fewer is better still).",
    ),
)


#: Trade-offs a better bot may move either way (it escalates the customers who need a
#: person, which costs staff time): reported, open to thresholds, but never called a
#: regression by a gate's baseline comparison.
TRADE_OFFS = frozenset(
    {
        "cx.escalation_rate",
        "cx.bot_minutes",
        "cx.staff_minutes",
        "cx.human_minutes",
        "cx.staff_cost_per_resolved",
        "cx.minutes_to_tipping",
        *(f"cx.escalation_reason.{r}" for r in cx.ESCALATION_REASONS),
    }
)

METRICS: tuple[Metric, ...] = tuple(
    replace(
        m,
        definition=m.definition + " A trade-off: not checked against a baseline.",
        baseline_checked=False,
    )
    if m.name in TRADE_OFFS
    else m
    for m in _DECLARED
)


@register
class ContactCentreEvaluator:
    """Scores the first useful answer; declares the ``cx.*`` contact-centre metrics."""

    name = NAME
    metrics = METRICS

    def evaluate(self, episode: Episode) -> Evaluation:
        at = first_useful_answer_s(episode)
        return Evaluation(scores={} if at is None else {SCORE: at})
