"""The HTML report: one self-contained file, every transcript text escaped."""

from __future__ import annotations

from collections.abc import Sequence

from golive.reports.markdown import fmt
from golive.reports.tables import breakdown
from golive.results.manifest import Manifest
from golive.results.metrics import CATALOGUE
from golive.results.models import EpisodeResult


def render_html(manifest: Manifest, metrics: dict[str, float], results: Sequence[EpisodeResult]) -> str:
    """Render the report; autoescaping keeps an agent's ``<script>`` as text."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("golive.reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    template = env.get_template("report.html.j2")
    return template.render(
        manifest=manifest,
        metrics=[(k, fmt(v)) for k, v in sorted(metrics.items())],
        catalogue=CATALOGUE,
        results=results,
        passed=sum(r.passed for r in results),
        scenarios=breakdown(results, "scenario_id"),
        personas=breakdown(results, "persona_id"),
    )
