"""Running insights over a run folder: what it reads and the files it writes."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from golive.errors import InputError
from golive.insights.models import INSIGHTS_MD, Insights
from golive.insights.patterns import find_patterns
from golive.insights.render import markdown
from golive.results.run_folder import RunFolder


def run_insights(
    path: Path,
    *,
    min_support: int = 5,
    analyst: str | None = None,
    analyst_api_base: str | None = None,
) -> Insights:
    """Find the run's failure patterns (and, with a model, the analyst's notes); write files.

    ``analyst`` is ``MODEL[@BASE_URL]``, the form every model role takes; one preflight call
    checks it first (exit 3 when it does not answer).
    """
    folder = RunFolder.open(path)
    results = list(folder.results())
    insights = find_patterns(results, folder.path.name, min_support=min_support)
    if analyst:
        from golive.insights.analyst import analyse
        from golive.llm import Gateway
        from golive.llm.spec import parse_model_spec, preflight_model

        # MODEL[@BASE_URL], like --judge and --simulator; --analyst-api-base still works.
        spec = parse_model_spec(analyst, "analyst")
        if analyst_api_base and spec.api_base and analyst_api_base != spec.api_base:
            raise InputError(
                f"two base URLs for the analyst: {spec.api_base} and {analyst_api_base}",
                field="--analyst-api-base",
                hint="write MODEL@BASE_URL only",
            )
        api_base = spec.api_base or analyst_api_base
        gateway = Gateway(api_key="golive-local" if api_base else None)
        by_id = {r.episode_id: r for r in results}

        async def go() -> Insights:
            try:
                await preflight_model(replace(spec, api_base=api_base), "analyst", gateway)
                return await analyse(insights, by_id, gateway, spec.model, api_base=api_base)
            finally:
                await gateway.aclose()  # its connections belong to this loop

        insights = asyncio.run(go())
    folder.write_insights(insights)
    folder.write_text(INSIGHTS_MD, markdown(insights))
    return insights


def load_insights(path: Path) -> Insights:
    """A run folder's insights.json, computing it if missing."""
    text = RunFolder.open(path).insights_json()
    if text is not None:
        return Insights.model_validate_json(text)
    return run_insights(path)
