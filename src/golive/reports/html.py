"""The HTML report: one self-contained file, every transcript text escaped.

It stays light at thousands of episodes: every score and table covers every episode, but
only ``max_transcripts`` transcripts are included, failures first (worst first).

Example:
    >>> str(highlight("say <b>hi</b> now", ["<b>hi</b>"]))
    'say <mark>&lt;b&gt;hi&lt;/b&gt;</mark> now'
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

from markupsafe import Markup, escape

from golive._redact import redact
from golive.insights.models import Insights
from golive.reports.charts import emotion_chart, stakes_chart, tipping_chart
from golive.reports.contact_centre import CxView, cost_sentence, cx_view
from golive.reports.tables import breakdown
from golive.results.fidelity import fidelity
from golive.results.manifest import Manifest
from golive.results.metrics import CATALOGUE, fmt
from golive.results.models import EpisodeResult, Severity
from golive.results.reviews import Review, current, history

MAX_TRANSCRIPTS = 200
_RANK = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


def highlight(text: str, quotes: Sequence[str]) -> Markup:
    """Escape ``text`` and wrap each quoted piece of evidence found in it in ``<mark>``."""
    spans: list[tuple[int, int]] = []
    for quote in quotes:
        at = text.find(quote) if quote else -1
        if at >= 0 and not any(a < at + len(quote) and at < b for a, b in spans):
            spans.append((at, at + len(quote)))
    out, pos = Markup(""), 0
    for start, end in sorted(spans):
        out += escape(text[pos:start]) + Markup("<mark>") + escape(text[start:end]) + Markup("</mark>")
        pos = end
    return out + escape(text[pos:])


def sample(results: Sequence[EpisodeResult], limit: int) -> list[EpisodeResult]:
    """Failures first (worst finding first), then passes, each in episode order."""

    def key(r: EpisodeResult) -> tuple[int, int, str]:
        worst = min((_RANK[f.severity] for f in r.findings), default=3)
        return (int(r.passed), worst, r.episode_id)

    # nsmallest keeps only ``limit`` episodes in memory while it reads them all.
    return heapq.nsmallest(limit, results, key=key)


def render_html(
    manifest: Manifest,
    metrics: dict[str, float],
    results: Sequence[EpisodeResult],
    max_transcripts: int = MAX_TRANSCRIPTS,
    insights: Insights | None = None,
    reviews: Sequence[Review] = (),
    cx: CxView | None = None,
) -> str:
    """Render the report; autoescaping keeps an agent's ``<script>`` as text.

    ``cx``: the contact-centre section (default: from ``results``, without model cost).
    """
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("golive.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["highlight"] = highlight
    env.filters["redact"] = redact
    template = env.get_template("report.html.j2")
    shown = sample(results, max_transcripts)
    if insights is not None:  # every example a pattern links to must be on the page
        wanted = {e for m in insights.modes for p in m.patterns for e in p.examples}
        have = {r.episode_id for r in shown}
        shown += [r for r in results if r.episode_id in wanted - have]
    cx = cx or cx_view(results)
    return template.render(
        cx=cx, cx_chart=Markup(cx.chart), cost_sentence=cost_sentence(cx),
        autonomy_chart=Markup(cx.autonomy_chart),
        manifest=manifest,
        metrics=[(k, fmt(v)) for k, v in sorted(metrics.items())],
        catalogue=CATALOGUE,
        results=results,
        shown=shown,
        passed=sum(r.passed for r in results),
        scenarios=breakdown(results, "scenario_id"),
        personas=breakdown(results, "persona_id"),
        fidelity=fidelity(results),
        insights=insights,
        reviews=sorted(current(reviews).values(), key=lambda rv: (rv.decision.value, rv.key[0], rv.rule_id)),
        standing=current(reviews),
        earlier={key: len(found) - 1 for key, found in history(reviews).items()},
        charts={
            "emotion": Markup(emotion_chart(results)),
            "tipping": Markup(tipping_chart(results)),
            "stakes": Markup(stakes_chart(results)),
        },
    )
