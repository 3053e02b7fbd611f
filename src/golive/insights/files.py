"""Running insights over a run folder: what it reads and the files it writes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from golive.insights.models import INSIGHTS_MD, Insights
from golive.insights.patterns import find_patterns
from golive.insights.render import markdown
from golive.results.run_folder import RunFolder


def run_insights(
    path: Path, *, min_support: int = 5, analyst: str | None = None,
    analyst_api_base: str | None = None,
) -> Insights:
    """Find the run's failure patterns (and, with a model, the analyst's notes); write files."""
    folder = RunFolder.open(path)
    results = list(folder.results())
    insights = find_patterns(results, folder.path.name, min_support=min_support)
    if analyst:
        from golive.insights.analyst import analyse
        from golive.llm import Gateway

        gateway = Gateway(api_key="golive-local" if analyst_api_base else None)
        by_id = {r.episode_id: r for r in results}
        insights = asyncio.run(analyse(insights, by_id, gateway, analyst, api_base=analyst_api_base))
    folder.write_insights(insights)
    folder.write_text(INSIGHTS_MD, markdown(insights))
    return insights


def load_insights(path: Path) -> Insights:
    """A run folder's insights.json, computing it if missing."""
    text = RunFolder.open(path).insights_json()
    if text is not None:
        return Insights.model_validate_json(text)
    return run_insights(path)
