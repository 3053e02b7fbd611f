"""The CX lead's view of a run: contact-centre metrics with intervals, and tipping points.

The same numbers go to ``report.html`` (its own section, ``contact_centre.html.j2``) and
``summary.md``: the ``cx.*`` catalogue metrics with 95% bootstrap intervals over
scenario × persona clusters (``golive.gate.stats.run_intervals``), the escalation
reasons, cost per resolved conversation with the model's cost added, and per persona and
scenario, when customers crossed the tipping point in minutes and in messages.

Example:
    >>> view = cx_view([])
    >>> view.rows, view.tipping
    ([], [])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from golive.gate.stats import Change, Delta, run_intervals
from golive.reports.autonomy import Intent, autonomy_chart, autonomy_map, autonomy_markdown
from golive.results import contact_centre as cx
from golive.results.metrics import CATALOGUE, aggregate, fmt
from golive.results.models import EpisodeResult

#: The headline contact-centre metrics, in the order a CX lead reads them.
CX_HEADLINE = (
    "cx.containment_rate",
    "cx.escalation_rate",
    "cx.first_contact_resolution",
    "cx.abandoned_rate",
    "cx.bot_minutes",
    "cx.human_minutes",
    "cx.staff_minutes",
    "cx.first_useful_answer_minutes",
    "cx.handed_over_intensity",
    "cx.angry_handover_rate",
    "cx.predicted_csat",
    "cx.staff_cost_per_resolved",
    "cx.tipping_rate",
    "cx.minutes_to_tipping",
)
LABEL_COLOURS = {"frustrated": "#ea580c", "angry": "#dc2626", "distressed": "#9333ea"}


@dataclass(frozen=True)
class CxRow:
    """One metric with its value and 95% interval (None where it cannot be bootstrapped)."""

    name: str
    value: float
    low: float | None
    high: float | None

    @property
    def definition(self) -> str:
        """The catalogue's definition."""
        return CATALOGUE[self.name].definition

    def interval(self) -> str:
        """``[low, high]`` as people read it, or an em dash."""
        if self.low is None or self.high is None:
            return "—"
        return f"[{fmt(round(self.low, 4))}, {fmt(round(self.high, 4))}]"


@dataclass(frozen=True)
class CxView:
    """Everything the contact-centre section shows."""

    rows: list[CxRow]
    reasons: list[tuple[str, float]]
    tipping: list[cx.TippingRow]
    chart: str
    clocked: int
    episodes: int
    cost_per_resolved: float | None  # model + staff cost per resolved; None: nothing resolved
    model_usd: float | None
    autonomy: list[Intent]
    autonomy_chart: str


def cx_view(
    results: Sequence[EpisodeResult],
    model_usd: float | None = None,
    metrics: Mapping[str, float] | None = None,
) -> CxView:
    """The section's content from a run's results (and its model cost from cost.json).

    ``metrics``: ``aggregate(results)`` when the caller already has it (a report set does:
    aggregating 10,000 episodes again costs a second).
    """
    metrics = aggregate(results) if metrics is None else metrics
    names = [n for n in CX_HEADLINE if n in metrics]
    bounds = run_intervals(results, names) if names else {}
    rows = [CxRow(n, metrics[n], *bounds.get(n, (None, None))) for n in names]
    reasons = [
        (r, metrics[f"cx.escalation_reason.{r}"])
        for r in cx.ESCALATION_REASONS
        if metrics.get(f"cx.escalation_reason.{r}")
    ]
    clocked = [r for r in results if r.clock is not None]
    resolved = sum(cx.first_contact_resolved(r) for r in clocked)
    staff = sum(r.clock.staff_cost for r in clocked if r.clock is not None)
    cost = ((model_usd or 0.0) + staff) / resolved if resolved else None
    tipping = cx.tipping_rows(results)
    intents = autonomy_map(results)
    return CxView(
        rows,
        reasons,
        tipping,
        tipping_minutes_chart(results),
        len(clocked),
        len(results),
        cost,
        model_usd,
        intents,
        autonomy_chart(intents),
    )


def cx_markdown(view: CxView) -> str:
    """The summary.md section: metrics with intervals, reasons, cost, tipping points."""
    if not view.clocked:
        return (
            "\n### Contact centre\n\nNo conversation clock in these results (written "
            "before golive had one): no contact-centre metrics.\n"
        )
    parts = [
        "",
        "### Contact centre",
        "",
        f"{view.clocked} conversations on the conversation clock; 95% intervals from a "
        "bootstrap over scenario × persona.",
        "",
        "| metric | value | 95% CI |",
        "| --- | ---: | --- |",
    ]
    for row in view.rows:
        arrow = "↑" if CATALOGUE[row.name].higher_is_better else "↓"
        parts.append(f"| {row.name} {arrow} | {fmt(round(row.value, 4))} | {row.interval()} |")
    parts.append("")
    if view.reasons:
        parts.append(
            "Escalation reasons: "
            + ", ".join(f"{name.replace('_', ' ')} {share:.0%}" for name, share in view.reasons)
            + "."
        )
    parts.append(cost_sentence(view))
    parts += ["", "#### Tipping points (calm → frustrated → angry)", "", *tipping_table(view)]
    parts += [
        "",
        "#### Autonomy map (per intent; also autonomy.yaml)",
        "",
        *autonomy_markdown(view.autonomy),
    ]
    return "\n".join(parts) + "\n"


def cost_sentence(view: CxView) -> str:
    """Cost per resolved conversation, saying what it includes."""
    if view.cost_per_resolved is None:
        return "Cost per resolved conversation: undefined (no conversation was resolved)."
    model = (
        "model cost unknown (no cost.json), staff only"
        if view.model_usd is None
        else f"model ${view.model_usd:.4f} in all"
    )
    return (
        f"Cost per resolved conversation: {view.cost_per_resolved:.2f} "
        f"(staff time at clock.staff_cost_per_hour, {model})."
    )


def tipping_table(view: CxView) -> list[str]:
    """Per persona × scenario: how many tipped, when (minutes, message), where, to what."""
    if not view.tipping:
        return ["No conversations with a clock."]
    lines = [
        "| persona | scenario | tipped | minutes (median) | message (median) | in queue | "
        "reached |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in view.tipping:
        minutes = f"{row.minutes:.1f}" if row.minutes is not None else "—"
        turns = f"{row.turns:g}" if row.turns is not None else "—"
        lines.append(
            f"| {row.persona} | {row.scenario} | {row.tipped}/{row.episodes} | "
            f"{minutes} | {turns} | {row.in_queue} | {', '.join(row.labels) or '—'} |"
        )
    return lines


def tipping_minutes_chart(results: Sequence[EpisodeResult]) -> str:
    """Inline SVG: one row per persona, a dot at each tipping point's minute, coloured by
    the label reached (hollow: in the queue)."""
    rows = [r for r in cx.tipping_rows(results)]
    personas = sorted({r.persona for r in rows})
    points = []
    for result in results:
        point = cx.tipping_point(result)
        if point is not None and not point.started_above and result.persona_id in personas:
            points.append((result.persona_id, point))
    width, pad, left, row_h = 560, 30, 130, 22
    height = pad * 2 + row_h * max(1, len(personas))
    top = max([p.at_s / 60.0 for _, p in points] + [1.0])
    scale = (width - left - pad) / top
    body = [
        f'<text x="{left}" y="{height - 6}" font-size="11">minutes into the conversation '
        f"(0 to {top:.1f}); filled: in the conversation, hollow: in the queue</text>"
    ]
    for i, persona in enumerate(personas):
        y = pad + i * row_h
        body.append(
            f'<text x="{left - 6}" y="{y + 4}" font-size="11" text-anchor="end">'
            f"{escape(persona)}</text>"
        )
        body.append(f'<line x1="{left}" y1="{y}" x2="{width - pad}" y2="{y}" stroke="#ddd"/>')
        for who, p in points:
            if who == persona:
                colour = LABEL_COLOURS.get(p.label, "#444")
                fill = "none" if p.turn is None else colour
                body.append(
                    f'<circle cx="{left + p.at_s / 60.0 * scale:.1f}" cy="{y}" r="5" '
                    f'fill="{fill}" stroke="{colour}"><title>{escape(persona)}: '
                    f"{escape(p.label)} at {p.at_s / 60.0:.1f} min</title></circle>"
                )
    if not points:
        body.append(
            f'<text x="{left}" y="{pad}" font-size="12">no customer crossed the '
            "tipping point</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="tipping-minutes" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        "<title>Tipping points in minutes, per persona</title>" + "".join(body) + "</svg>"
    )


def staff_terms(deltas: Mapping[str, Delta], name_a: str, name_b: str) -> str:
    """The comparison in a CX lead's words, from the paired bootstrap's deltas.

    Each sentence states the change and its 95% interval; a change the interval cannot
    tell from noise is said to be undecided, never an improvement; a metric missing from
    either run is said to be missing.

    Example:
        >>> from golive.gate.stats import Change, Delta
        >>> d = {"cx.containment_rate": Delta("cx.containment_rate", 0.4, 0.56, 0.04, 0.32,
        ...                                   Change.IMPROVED, 25)}
        >>> print(staff_terms(d, "v1", "v2").splitlines()[2])
        - v2 contains 16 points more of its conversations than v1 (95% CI +4 to +32 points).
    """
    lines = [f"### {name_b} against {name_a}, in staff terms", ""]
    lines.append("- " + _containment(deltas.get("cx.containment_rate"), name_a, name_b))
    lines.append("- " + _resolution(deltas.get("cx.first_contact_resolution"), name_a, name_b))
    lines.append("- " + _angry(deltas.get("cx.angry_handover_rate"), name_a, name_b))
    lines.append("- " + _staff_hours(deltas.get("cx.staff_minutes"), name_a, name_b))
    lines.append("- " + _tipping(deltas.get("cx.tipping_rate"), name_a, name_b))
    lines.append("")
    lines.append(
        'From the same paired bootstrap as the table above; "undecided" means the '
        "interval includes no change, which is not an improvement."
    )
    return "\n".join(lines) + "\n"


def _missing(what: str) -> str:
    return f"{what}: not measured in both runs (no conversation clock), so not compared."


def _undecided(what: str, d: Delta, scale: float, unit: str) -> str:
    return (
        f"{what}: undecided, the 95% CI ({d.low * scale:+.0f} to {d.high * scale:+.0f}"
        f"{unit}) includes no change; not an improvement."
    )


def _containment(d: Delta | None, a: str, b: str) -> str:
    if d is None:
        return _missing("Containment")
    if d.change is Change.WITHIN_NOISE:
        return _undecided("Containment", d, 100, " points")
    points = round(d.delta * 100)
    if d.change is Change.SAME or points == 0:
        return f"{b} contains the same share of conversations as {a} ({d.b:.0%})."
    word = "more" if points > 0 else "fewer"
    return (
        f"{b} contains {abs(points)} points {word} of its conversations than {a} "
        f"(95% CI {d.low * 100:+.0f} to {d.high * 100:+.0f} points)."
    )


def _resolution(d: Delta | None, a: str, b: str) -> str:
    if d is None:
        return _missing("First-contact resolution")
    if d.change is Change.WITHIN_NOISE:
        return _undecided("First-contact resolution", d, 100, " points")
    points = round(d.delta * 100)
    if d.change is Change.SAME or points == 0:
        return f"{b} resolves as many conversations at first contact as {a} ({d.b:.0%})."
    word = "more" if points > 0 else "fewer"
    return (
        f"{b} resolves {abs(points)} points {word} conversations at first contact "
        f"({d.a:.0%} → {d.b:.0%}; 95% CI {d.low * 100:+.0f} to {d.high * 100:+.0f} "
        "points); customers left unresolved come back or leave, which staff-hours "
        "below do not count."
    )


def _angry(d: Delta | None, a: str, b: str) -> str:
    if d is None:
        return _missing("Angry customers handed to staff")
    per = f"{d.b * 1000:.0f} per 1,000 conversations against {d.a * 1000:.0f}"
    if d.change is Change.WITHIN_NOISE:
        return (
            f"Angry customers handed to staff ({per}): undecided, the 95% CI "
            f"({d.low * 1000:+.0f} to {d.high * 1000:+.0f} per 1,000) includes no change; "
            "not an improvement."
        )
    if d.change is Change.SAME or d.delta == 0:
        return f"{b} hands as many angry customers to staff as {a} ({per})."
    word = "fewer" if d.delta < 0 else "more"
    if d.a > 0:
        share = f"{abs(d.delta) / d.a:.0%} {word}"
    else:
        share = f"{abs(d.delta) * 1000:.0f} per 1,000 conversations {word} (from none)"
    return (
        f"{b} hands {share} angry customers to staff than {a} ({per}; 95% CI "
        f"{d.low * 1000:+.0f} to {d.high * 1000:+.0f} per 1,000)."
    )


def _staff_hours(d: Delta | None, a: str, b: str) -> str:
    if d is None:
        return _missing("Staff time")
    hours = d.delta * 1000 / 60  # staff minutes per conversation -> hours per 1,000
    ci = f"95% CI {d.low * 1000 / 60:+.0f} to {d.high * 1000 / 60:+.0f} hours"
    if d.change is Change.WITHIN_NOISE:
        return (
            f"Staff time: undecided, the {ci} per 1,000 conversations includes no "
            "change; not an improvement."
        )
    if d.change is Change.SAME or round(hours) == 0:
        return f"{b} needs about the same staff time as {a} per 1,000 conversations."
    verb = "saves" if hours < 0 else "needs"
    extra = "" if hours < 0 else " more"
    return (
        f"{b} {verb} about {abs(hours):.0f}{extra} staff-hours per 1,000 conversations "
        f"compared with {a} ({ci})."
    )


def _tipping(d: Delta | None, a: str, b: str) -> str:
    if d is None:
        return _missing("Tipping point")
    if d.change is Change.WITHIN_NOISE:
        return _undecided("Customers past the tipping point", d, 100, " points")
    if d.change is Change.SAME or round(d.delta * 100) == 0:
        return f"Customers cross the tipping point as often with {b} as with {a} ({d.b:.0%})."
    word = "fewer" if d.delta < 0 else "more"
    return (
        f"Customers cross the tipping point in {d.b:.0%} of conversations with {b}, "
        f"{abs(d.delta) * 100:.0f} points {word} than with {a} (95% CI "
        f"{d.low * 100:+.0f} to {d.high * 100:+.0f} points)."
    )
