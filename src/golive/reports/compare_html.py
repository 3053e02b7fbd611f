"""The comparison of two runs as one self-contained HTML page.

Metric changes with their paired intervals, the scenarios that regressed or improved, and
the episodes that changed most as side-by-side transcripts (the same customer, seed and
scenario played against both versions, turn by turn). Every text is escaped; the page runs
no script.

Example:
    >>> page = compare_html([], [], "v1", "v2")
    >>> "No shared episodes" in page and "<script" not in page
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest

from golive._redact import redact
from golive.reports.compare import SIDE_BY_SIDE, compare
from golive.reports.contact_centre import staff_terms
from golive.reports.templating import template_environment
from golive.results.metrics import CATALOGUE, fmt
from golive.results.models import EpisodeResult

#: Side-by-side transcripts on the page (the Markdown keeps its short list).
HTML_SIDE_BY_SIDE = max(SIDE_BY_SIDE, 12)


def compare_html(
    run_a: Sequence[EpisodeResult],
    run_b: Sequence[EpisodeResult],
    name_a: str,
    name_b: str,
    resamples: int = 1000,
    confidence: float = 0.95,
) -> str:
    """Render the comparison page of run B (candidate) against run A (baseline)."""
    c = compare(run_a, run_b, name_a, name_b, resamples, confidence, HTML_SIDE_BY_SIDE)
    env = template_environment(filters={"redact": redact, "fmt": fmt})
    rows = [(d, CATALOGUE[name].higher_is_better) for name, d in c.deltas.items()]
    unpaired = [
        (name, c.metrics_a[name], c.metrics_b[name])
        for name in CATALOGUE
        if name in c.metrics_a and name in c.metrics_b and name != "run.episodes"
    ]
    return env.get_template("compare.html.j2").render(
        c=c,
        rows=rows,
        trade_offs={name for name in c.deltas if not CATALOGUE[name].baseline_checked},
        staff=[line[2:] for line in staff_terms(c.deltas, redact(name_a), redact(name_b))
               .splitlines() if line.startswith("- ")],
        unpaired=unpaired,
        zip_longest=zip_longest,
        regressed=[x for x in c.changes if x.score < 0],
        improved=[x for x in reversed(c.changes) if x.score > 0],
    )
