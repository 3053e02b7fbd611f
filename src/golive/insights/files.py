"""Running insights and shrink over a run folder: what they read and the files they write."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import yaml

from golive.errors import InputError
from golive.harness.plan import episode_seed
from golive.harness.suite import load_suite
from golive.insights.models import INSIGHTS_JSON, INSIGHTS_MD, Insights
from golive.insights.patterns import find_patterns
from golive.insights.render import markdown
from golive.insights.shrink import Shrunk, shrink, trait_count
from golive.results.io import RESULTS_FILE, read_results
from golive.results.manifest import read_manifest
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
        from golive.llm.spec import parse_model_spec, preflight_model

        # MODEL[@BASE_URL], like --judge and --simulator; --analyst-api-base still works.
        spec = parse_model_spec(analyst, "analyst")
        if analyst_api_base and spec.api_base and analyst_api_base != spec.api_base:
            raise InputError(f"two base URLs for the analyst: {spec.api_base} and {analyst_api_base}",
                             field="--analyst-api-base", hint="write MODEL@BASE_URL only")
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


def run_shrink(folder: Path, episode_id: str, *, agent: str | None = None,
               mode: str | None = None, max_calls: int = 400) -> tuple[Shrunk, Path]:
    """Shrink one failed episode of a run; write the reduced YAML files and transcript."""
    manifest = read_manifest(folder)
    original = next((r for r in _results(folder) if r.episode_id == episode_id), None)
    if original is None:
        raise InputError(f"no episode {episode_id!r} in {folder / RESULTS_FILE}")
    loaded = load_suite(Path(manifest.suite_source))
    scenario = next(s for s in loaded.scenarios if s.id == original.scenario_id)
    persona = next(p for p in loaded.personas if p.id == original.persona_id)
    seed = episode_seed(manifest.seed, scenario.id, persona.id, 0)
    try:
        shrunk = shrink(original, scenario, persona, agent or manifest.agent, seed=seed,
                        max_turns=manifest.max_turns, mode=mode, max_calls=max_calls)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    out = folder / "shrink" / episode_id
    _write(out, shrunk, manifest.suite_name, manifest.seed, agent or manifest.agent)
    return shrunk, out


def _dump(data: dict[str, object]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _write(out: Path, shrunk: Shrunk, suite: str, seed: int, agent: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    persona = shrunk.persona.model_dump(mode="json", exclude_defaults=True)
    scenario = shrunk.scenario.model_dump(mode="json", exclude_defaults=True)
    (out / "persona.yaml").write_text(_dump({"kind": "persona", **persona}), encoding="utf-8")
    (out / "scenario.yaml").write_text(_dump({"kind": "scenario", **scenario}), encoding="utf-8")
    (out / "suite.yaml").write_text(_dump({
        "kind": "suite", "name": f"{suite}-shrunk", "seed": seed,
        "scenarios": ["scenario.yaml"], "personas": ["persona.yaml"], "repeats": 1,
        "max_turns": shrunk.scenario.max_turns or 10, "agent": agent,
    }), encoding="utf-8")
    (out / "transcript.md").write_text(_transcript_md(shrunk.result), encoding="utf-8")
    (out / "shrink.json").write_text(json.dumps(sizes(shrunk), indent=2) + "\n", encoding="utf-8")


def _transcript_md(result: EpisodeResult) -> str:
    lines = [f"# {result.scenario_id} × {result.persona_id}", ""]
    for turn in result.transcript.turns:
        feeling = f" ({turn.emotion.label.value} {turn.emotion.intensity:.2f})" if turn.emotion else ""
        lines.append(f"**{turn.index} {turn.speaker.value}**{feeling}: {turn.text}")
        lines.append("")
    return "\n".join(lines)


def sizes(shrunk: Shrunk) -> dict[str, object]:
    """Before/after sizes: turns, traits, characters; and the agent calls spent."""
    def chars(r: EpisodeResult) -> int:
        return sum(len(t.text) for t in r.transcript.turns)

    return {
        "mode": shrunk.mode,
        "turns": [len(shrunk.original.transcript.turns), len(shrunk.result.transcript.turns)],
        "characters": [chars(shrunk.original), chars(shrunk.result)],
        "traits": [shrunk.original_traits, trait_count(shrunk.persona)],
        "agent_calls": shrunk.calls_used,
        "max_calls": shrunk.max_calls,
        "simulator": "scripted",
    }
