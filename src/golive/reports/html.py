"""The HTML report: one self-contained file, every transcript text escaped.

It reads top down for a manager: the gate's verdict and its reasons, four headline numbers
with intervals, then the drill-down (charts, failure patterns, tables, transcripts with
filters). Each section is its own template, ``templates/report/<name>.html.j2``, rendered in
``SECTIONS`` order. The filters are a few lines of plain JavaScript inside the file, allowed
by the page's Content-Security-Policy through their hash alone. It stays light at thousands of episodes: every score and table covers every episode, but
only ``max_transcripts`` transcripts are included, failures first (worst first).

Example:
    >>> str(highlight("say <b>hi</b> now", ["<b>hi</b>"]))
    'say <mark>&lt;b&gt;hi&lt;/b&gt;</mark> now'
"""

from __future__ import annotations

import base64
import hashlib
import heapq
from collections.abc import Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    import jinja2

from golive._redact import redact
from golive.insights.models import Insights
from golive.reports.charts import emotion_chart, stakes_chart, tipping_chart
from golive.reports.contact_centre import CxView, cost_sentence, cx_view
from golive.reports.headline import headlines, verdict_banner
from golive.reports.tables import breakdown
from golive.reports.templating import template_environment
from golive.results.fidelity import fidelity
from golive.results.manifest import Manifest
from golive.results.metrics import CATALOGUE, fmt
from golive.results.models import EpisodeResult, Finding, Severity
from golive.results.reviews import Review, current, history

MAX_TRANSCRIPTS = 200
#: The report's sections, top to bottom: each is ``templates/report/<name>.html.j2``.
SECTIONS = (
    "header", "verdict", "headline", "charts", "where_it_fails", "reviews", "mutation", "contact_centre",
    "realism", "scores",
    "fidelity", "breakdowns", "transcripts",
)
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


def outcome_tokens(result: EpisodeResult) -> str:
    """What the outcome filter matches an episode on (space-separated).

    Example:
        >>> from golive.results.models import HandoffOutcome, Termination, Transcript
        >>> outcome_tokens(EpisodeResult(
        ...     episode_id="e", scenario_id="s", persona_id="p", seed=1, repeat=0, passed=False,
        ...     termination=Termination.MAX_TURNS, transcript=Transcript(),
        ...     handoff_outcome=HandoffOutcome.MISSED))
        'failed handoff-missed'
    """
    tokens = ["passed" if result.passed else "failed"]
    if result.error is not None:
        tokens.append("error")
    if result.handoff_outcome is not None:
        tokens.append(f"handoff-{result.handoff_outcome.value}")
    return " ".join(tokens)


def _filters(shown: Sequence[EpisodeResult]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each filter: its data attribute, its label, and its options (value, text)."""
    tokens = sorted({t for r in shown for t in outcome_tokens(r).split()})
    return [
        ("scenario", "Scenario", [(x, x) for x in sorted({r.scenario_id for r in shown})]),
        ("persona", "Persona", [(x, x) for x in sorted({r.persona_id for r in shown})]),
        ("outcome", "Outcome", [(t, t.replace("-", " ")) for t in tokens]),
        ("rule", "Rule", [(x, x) for x in sorted({f.rule_id for r in shown for f in r.findings})]),
    ]


def _script() -> tuple[Markup, str]:
    """The filter script and its CSP source (the page runs no other script)."""
    text = resources.files("golive.reports").joinpath("templates/report/filters.js").read_text(
        encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), f"sha256-{digest}"


def at_turn(findings: Sequence[Finding], index: int) -> list[Finding]:
    """The findings pinned on turn ``index`` (one pass, instead of a template filter chain)."""
    return [f for f in findings if f.turn == index]


@cache
def _environment() -> jinja2.Environment:
    """The report's template environment, built once per process: its compiled templates
    are reused by every report rendered after the first."""
    return template_environment(
        filters={"redact": redact},
        globals_={"highlight": highlight, "outcome_tokens": outcome_tokens, "at_turn": at_turn},
    )


def render_html(
    manifest: Manifest,
    metrics: dict[str, float],
    results: Sequence[EpisodeResult],
    max_transcripts: int = MAX_TRANSCRIPTS,
    insights: Insights | None = None,
    reviews: Sequence[Review] = (),
    mutation: dict[str, Any] | None = None,
    gate: dict[str, Any] | None = None,
    realism: dict[str, Any] | None = None,
    cx: CxView | None = None,
) -> str:
    """Render the report; autoescaping keeps an agent's ``<script>`` as text.

    ``gate`` is the run folder's ``gate.json`` record; without one the banner says the run
    was not gated (never that it passed). ``cx``: the contact-centre section (default: from
    ``results``, without model cost).
    """
    template = _environment().get_template("report.html.j2")
    shown = sample(results, max_transcripts)
    if insights is not None:  # every example a pattern links to must be on the page
        wanted = {e for m in insights.modes for p in m.patterns for e in p.examples}
        have = {r.episode_id for r in shown}
        shown += [r for r in results if r.episode_id in wanted - have]
    script, script_hash = _script()
    cx = cx or cx_view(results)
    return template.render(
        sections=SECTIONS,
        script=script,
        script_hash=script_hash,
        verdict=verdict_banner(gate),
        headline=headlines(results),
        filters=_filters(shown),
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
        mutation=mutation,
        realism=realism,
        reviews=sorted(current(reviews).values(), key=lambda rv: (rv.decision.value, rv.key[0], rv.rule_id)),
        standing=current(reviews),
        earlier={key: len(found) - 1 for key, found in history(reviews).items()},
        charts={
            "emotion": Markup(emotion_chart(results)),
            "tipping": Markup(tipping_chart(results)),
            "stakes": Markup(stakes_chart(results)),
        },
    )
