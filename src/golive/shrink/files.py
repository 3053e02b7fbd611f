"""``golive shrink``: shrink one failed episode of a run folder and write what is left.

Writes ``shrink/<episode_id>/``: the reduced persona, scenario and suite (replayable with
``golive run``), the transcript and ``shrink.json`` (sizes before and after).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from golive.errors import InputError
from golive.harness.plan import episode_seed
from golive.harness.suite import load_suite
from golive.results.models import EpisodeResult
from golive.results.run_folder import SHRINK_DIR, RunFolder
from golive.shrink.search import Shrunk, shrink, trait_count


def run_shrink(path: Path, episode_id: str, *, agent: str | None = None,
               mode: str | None = None, max_calls: int = 400) -> tuple[Shrunk, Path]:
    """Shrink one failed episode of a run; write the reduced YAML files and transcript."""
    folder = RunFolder.open(path)
    manifest = folder.manifest()
    original = next((r for r in folder.results() if r.episode_id == episode_id), None)
    if original is None:
        raise InputError(f"no episode {episode_id!r} in {folder.results_path}")
    loaded = load_suite(Path(manifest.suite_source))
    scenario = next(s for s in loaded.scenarios if s.id == original.scenario_id)
    persona = next(p for p in loaded.personas if p.id == original.persona_id)
    seed = episode_seed(manifest.seed, scenario.id, persona.id, 0)
    try:
        shrunk = shrink(original, scenario, persona, agent or manifest.agent, seed=seed,
                        max_turns=manifest.max_turns, mode=mode, max_calls=max_calls)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    out = folder.file(SHRINK_DIR) / episode_id
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
