"""Charts for the HTML report, drawn server-side as inline SVG (no script, no network).

Every label passes through ``html.escape``: persona and scenario ids come from user files.

Example:
    >>> svg = emotion_chart([])
    >>> svg.startswith("<svg") and "no customer turns" in svg
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from golive.results.models import CustomerEventKind, EpisodeResult, Speaker

PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#be185d", "#4d7c0f"]
W, H, PAD = 560, 240, 40
STAKES = ("low", "medium", "high")
BANDS = ((0.0, 0.5, "< 0.5"), (0.5, 0.8, "0.5–0.8"), (0.8, 1.01, "≥ 0.8"))


def _frame(title: str, body: list[str], kind: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="{kind}" '
        f'width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _axes(max_x: int, x_label: str, y_label: str) -> list[str]:
    parts = [
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="#444"/>',
        f'<line x1="{PAD}" y1="{PAD / 2}" x2="{PAD}" y2="{H - PAD}" stroke="#444"/>',
        f'<text x="{W / 2}" y="{H - 8}" text-anchor="middle" font-size="11">{escape(x_label)}</text>',
        f'<text x="10" y="{PAD / 2 - 4}" font-size="11">{escape(y_label)}</text>',
    ]
    for i in range(1, max_x + 1):
        parts.append(f'<text x="{_x(i, max_x):.1f}" y="{H - PAD + 14}" font-size="10" '
                     f'text-anchor="middle">{i}</text>')
    for v in (0.0, 0.5, 1.0):
        parts.append(f'<text x="{PAD - 4}" y="{_y(v) + 3:.1f}" font-size="10" '
                     f'text-anchor="end">{v:g}</text>')
    return parts


def _x(i: float, max_x: int) -> float:
    span = W - 2 * PAD - 120  # room on the right for the legend
    return PAD + (i - 0.5) * span / max(max_x, 1)


def _y(v: float) -> float:
    return H - PAD - v * (H - 1.5 * PAD)


def _customer_intensities(result: EpisodeResult) -> list[float]:
    return [t.emotion.intensity for t in result.transcript.turns
            if t.speaker is Speaker.CUSTOMER and t.emotion is not None]


def emotion_chart(results: Sequence[EpisodeResult]) -> str:
    """Mean emotion intensity at each customer turn, one line per persona."""
    series: dict[str, list[list[float]]] = {}
    for result in results:
        for i, value in enumerate(_customer_intensities(result)):
            slots = series.setdefault(result.persona_id, [])
            while len(slots) <= i:
                slots.append([])
            slots[i].append(value)
    if not series:
        return _frame("Emotion over turns", [_empty("no customer turns")], "emotion")
    max_x = max(len(s) for s in series.values())
    body = _axes(max_x, "customer turn", "intensity")
    for n, (persona, slots) in enumerate(sorted(series.items())):
        color = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{_x(i + 1, max_x):.1f},{_y(sum(v) / len(v)):.1f}"
                          for i, v in enumerate(slots))
        body.append(f'<polyline class="series" fill="none" stroke="{color}" stroke-width="2" '
                    f'points="{points}"/>')
        body.append(_legend(n, color, persona))
    return _frame("Emotion over turns by persona", body, "emotion")


def _legend(n: int, color: str, label: str) -> str:
    y = PAD / 2 + 14 * n
    return (f'<rect x="{W - 150}" y="{y - 8}" width="10" height="10" fill="{color}"/>'
            f'<text x="{W - 135}" y="{y + 1}" font-size="10">{escape(label[:22])}</text>')


def _empty(text: str) -> str:
    return f'<text x="{W / 2}" y="{H / 2}" text-anchor="middle" fill="#666">{escape(text)}</text>'


def tipping_points(results: Sequence[EpisodeResult]) -> list[tuple[int, float, str]]:
    """(customer turn, intensity, event) where customers asked for a person or gave up."""
    wanted = {CustomerEventKind.ASKED_FOR_HUMAN: "asked", CustomerEventKind.GAVE_UP: "gave_up"}
    points = []
    for result in results:
        number = 0
        for turn in result.transcript.turns:
            if turn.speaker is not Speaker.CUSTOMER:
                continue
            number += 1
            intensity = turn.emotion.intensity if turn.emotion else 0.0
            for event in turn.events:
                if event.kind in wanted:
                    points.append((number, intensity, wanted[event.kind]))
    return points


def handoff_points(results: Sequence[EpisodeResult]) -> list[tuple[int, float, str]]:
    """(customer turn, intensity, kind) where the bot handed off: a transfer or a consult,
    placed at the customer turn it answered, with the customer's intensity then."""
    points = []
    for result in results:
        number, intensity = 0, 0.0
        for turn in result.transcript.turns:
            if turn.speaker is Speaker.CUSTOMER:
                number += 1
                intensity = turn.emotion.intensity if turn.emotion else intensity
            elif turn.handoff is not None and number:
                points.append((number, intensity, turn.handoff.kind.value))
    return points


def tipping_chart(results: Sequence[EpisodeResult]) -> str:
    """Turn × intensity at which customers asked for a person (circles) or gave up (squares),
    and where the bot handed off (green diamonds: transfers; hollow: consults)."""
    points = tipping_points(results)
    handoffs = handoff_points(results)
    if not points and not handoffs:
        return _frame("Handoff tipping points",
                      [_empty("no customer asked for a person or gave up; the bot never handed off")],
                      "tipping")
    max_x = max(p[0] for p in [*points, *handoffs])
    body = _axes(max_x, "customer turn", "intensity")
    for turn, intensity, kind in points:
        x, y = _x(turn, max_x), _y(intensity)
        if kind == "asked":
            body.append(f'<circle class="point asked" cx="{x:.1f}" cy="{y:.1f}" r="5" '
                        f'fill="#ea580c" fill-opacity="0.5"/>')
        else:
            body.append(f'<rect class="point gave_up" x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" '
                        f'height="8" fill="#b91c1c" fill-opacity="0.5"/>')
    for turn, intensity, kind in handoffs:
        # Nudged right of the customer's own marks: the handoff is the bot's reply to that turn.
        x, y = _x(turn, max_x) + 9, _y(intensity)
        fill = 'fill="#16a34a" fill-opacity="0.6"' if kind == "transfer" else 'fill="none"'
        body.append(f'<path class="handoff-mark {kind}" d="M{x:.1f} {y - 6:.1f} L{x + 6:.1f} {y:.1f} '
                    f'L{x:.1f} {y + 6:.1f} L{x - 6:.1f} {y:.1f} Z" {fill} stroke="#15803d"/>')
    body += [_legend(0, "#ea580c", "asked for a person"), _legend(1, "#b91c1c", "gave up"),
             _legend(2, "#16a34a", "bot transferred"), _legend(3, "#15803d", "bot consulted")]
    return _frame("Handoff tipping points", body, "tipping")


def stakes_matrix(results: Sequence[EpisodeResult]) -> list[list[int]]:
    """Episode counts: rows are stakes (low, medium, high), columns accuracy bands."""
    grid = [[0] * len(BANDS) for _ in STAKES]
    for result in results:
        stakes = str(result.attributes.get("stakes", "low"))
        accuracy = result.scores.get("accuracy.score")
        if stakes not in STAKES or accuracy is None:
            continue
        col = next(i for i, (lo, hi, _) in enumerate(BANDS) if lo <= accuracy < hi)
        grid[STAKES.index(stakes)][col] += 1
    return grid


def stakes_chart(results: Sequence[EpisodeResult]) -> str:
    """Accuracy band × stakes: green cells can run alone, red ones need a human to review."""
    grid = stakes_matrix(results)
    cell_w, cell_h, left, top = 120, 50, 90, 40
    body = [f'<text x="{left}" y="12" font-size="11">accuracy →</text>']
    for c, (_, _, label) in enumerate(BANDS):
        body.append(f'<text x="{left + c * cell_w + cell_w / 2}" y="{top - 2}" font-size="11" '
                    f'text-anchor="middle">{escape(label)}</text>')
    for r, stakes in enumerate(STAKES):
        y = top + r * cell_h
        body.append(f'<text x="{left - 6}" y="{y + cell_h / 2 + 4}" font-size="11" '
                    f'text-anchor="end">{stakes} stakes</text>')
        for c in range(len(BANDS)):
            risk = r - c  # high stakes with low accuracy is the worst corner
            color = "#fecaca" if risk >= 1 else "#fef3c7" if risk == 0 else "#bbf7d0"
            if grid[r][c] == 0:
                color = "#f5f5f5"
            x = left + c * cell_w
            body.append(f'<rect class="cell" x="{x}" y="{y}" width="{cell_w - 2}" '
                        f'height="{cell_h - 2}" fill="{color}"/>')
            body.append(f'<text x="{x + cell_w / 2}" y="{y + cell_h / 2 + 4}" font-size="13" '
                        f'text-anchor="middle">{grid[r][c]}</text>')
    return _frame("Accuracy against stakes", body, "stakes")
