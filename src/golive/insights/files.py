"""Running insights over a run folder: what it reads and the files it writes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from golive.errors import InputError
from golive.insights.models import INSIGHTS_JSON, INSIGHTS_MD, Insights
from golive.insights.patterns import find_patterns
from golive.insights.render import markdown
from golive.results.io import RESULTS_FILE, read_results
from golive.results.models import EpisodeResult


def _results(folder: Path) -> list[EpisodeResult]:
    path = folder / RESULTS_FILE
    if not path.exists():
        raise InputError(f"no {RESULTS_FILE} in {folder}", hint="pass a folder made by golive run")
    return list(read_results(path))


def run_insights(
    folder: Path, *, min_support: int = 5, analyst: str | None = None,
    analyst_api_base: str | None = None,
) -> Insights:
    """Find the run's failure patterns (and, with a model, the analyst's notes); write files."""
    results = _results(folder)
    insights = find_patterns(results, folder.name, min_support=min_support)
    if analyst:
        from golive.insights.analyst import analyse
        from golive.llm import Gateway

        gateway = Gateway(api_key="golive-local" if analyst_api_base else None)
        by_id = {r.episode_id: r for r in results}
        insights = asyncio.run(analyse(insights, by_id, gateway, analyst, api_base=analyst_api_base))
    text = json.dumps(insights.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    (folder / INSIGHTS_JSON).write_text(text, encoding="utf-8")
    (folder / INSIGHTS_MD).write_text(markdown(insights), encoding="utf-8")
    return insights


def load_insights(folder: Path) -> Insights:
    """A run folder's insights.json, computing it if missing."""
    path = folder / INSIGHTS_JSON
    if path.exists():
        return Insights.model_validate_json(path.read_text(encoding="utf-8"))
    return run_insights(folder)
