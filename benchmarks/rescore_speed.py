"""Scoring stays fast: re-score 10,000 stored episodes offline, twice, and compare.

Plays the four bundled suites once against acme_v1, acme_v2 and the three clean styles
(scripted customers, no network), keeps the transcripts, then re-scores N episodes (the
stored ones, cycled) with every evaluator, as ``golive rescore`` would: no agent, no
simulator, only ``evaluate_episode`` over transcript and scenario. It prints the time, the
rate, and whether two passes gave byte-identical results (the sha256 of every episode's
scores and findings as JSON).

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/rescore_speed.py [--episodes 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from golive.evaluators import Episode, evaluate_episode  # noqa: E402
from golive.harness.agents import resolve_agent  # noqa: E402
from golive.harness.batch import RunSettings, run_episodes  # noqa: E402
from golive.harness.plan import plan_episodes  # noqa: E402
from golive.harness.suite import load_suite, suite_path  # noqa: E402
from golive.personas.scripted import ScriptedSimulator  # noqa: E402
from golive.results.models import EpisodeResult, Timing  # noqa: E402
from golive.scenarios.models import Scenario  # noqa: E402

BOTS = ("acme_v1", "acme_v2", "tests.defects.styles:plain", "tests.defects.styles:terse",
        "tests.defects.styles:warm")


def stored() -> list[tuple[EpisodeResult, Scenario]]:
    """Transcripts of the bundled suites against several bots, with their scenarios."""
    found: list[tuple[EpisodeResult, Scenario]] = []
    for pack in ("demo", "retail", "telecom", "banking"):
        loaded = load_suite(suite_path(Path(f"pack:{pack}")))
        scenarios = {s.id: s for s in loaded.scenarios}
        specs = plan_episodes(loaded, seed=loaded.suite.seed, repeats=loaded.suite.repeats)
        for bot in BOTS:
            agent = resolve_agent(bot)
            results: list[EpisodeResult] = []

            def keep(result: EpisodeResult, timing: Timing, into: list[EpisodeResult] = results) -> None:
                into.append(result)

            asyncio.run(run_episodes(specs, agent, ScriptedSimulator(),
                                     RunSettings(max_turns=loaded.suite.max_turns), keep))
            found += [(r, scenarios[r.scenario_id]) for r in sorted(results, key=lambda r: r.episode_id)]
    return found


def rescore(episodes: list[tuple[EpisodeResult, Scenario]], n: int) -> tuple[float, float, str]:
    """Wall and CPU seconds to score ``n`` episodes, and a digest of everything they scored."""
    digest = hashlib.sha256()
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        result, scenario = episodes[i % len(episodes)]
        evaluation = evaluate_episode(Episode(result.transcript, scenario, result.termination,
                                              end_state=result.end_state))
        digest.update(json.dumps({"scores": evaluation.scores, "passed": evaluation.passed,
                                  "findings": [f.model_dump(mode="json") for f in evaluation.findings]},
                                 sort_keys=True).encode())
    return time.perf_counter() - started, time.process_time() - cpu, digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--episodes", type=int, default=10_000)
    args = parser.parse_args()
    episodes = stored()
    turns = sum(len(r.transcript.turns) for r, _ in episodes) / len(episodes)
    first, first_cpu, a = rescore(episodes, args.episodes)
    second, second_cpu, b = rescore(episodes, args.episodes)
    print(f"{len(episodes)} stored episodes (mean {turns:.1f} turns), re-scored {args.episodes} twice")
    for name, wall, cpu in (("pass 1", first, first_cpu), ("pass 2", second, second_cpu)):
        print(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU ({args.episodes / cpu:,.0f} episodes per CPU second)")
    print(f"byte-identical across passes: {a == b} (sha256 {a[:16]})")
    return 0 if a == b else 1


if __name__ == "__main__":
    raise SystemExit(main())
