"""What golive's simulator fidelity costs per customer turn (target: under 1 ms).

Usage: python benchmarks/turn_checks.py [--rounds 5]

It plays the four bundled suites against both bundled bots with the scripted simulator (no
MLflow), then, for every customer turn of those transcripts, times exactly what the LLM
simulator runs on a candidate turn: every registered turn check (``run_checks``, which
includes reading the events from the words and reconciling them with the flags) and the
event reconciliation of the accepted turn. Building the per-episode facts (role card
shingles, scenario text) happens once per episode and is timed separately.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from golive.harness.rehearsal import RunConfig, run_suite
from golive.harness.suite import load_suite, suite_path
from golive.personas import _prompts
from golive.personas.fidelity import TurnContext, run_checks
from golive.personas.fidelity.base import words
from golive.personas.identity import make_identity
from golive.personas.llm import episode_facts, parse_turn
from golive.personas.words import fold, read_words, reconcile
from golive.results.io import read_results
from golive.results.models import Speaker


def _contexts(folder: Path, pack: str) -> tuple[list[TurnContext], list[float]]:
    loaded = load_suite(suite_path(Path(f"pack:{pack}")))
    scenarios = {s.id: s for s in loaded.scenarios}
    personas = {p.id: p for p in loaded.personas}
    contexts: list[TurnContext] = []
    build_s: list[float] = []
    for result in read_results(folder / "results.jsonl"):
        scenario, persona = scenarios[result.scenario_id], personas[result.persona_id]
        started = time.perf_counter()
        identity = make_identity(persona.locale, result.seed, scenario.customer.knows)
        facts = episode_facts(scenario, persona, identity,
                              _prompts.system_prompt(scenario, persona, identity))
        build_s.append(time.perf_counter() - started)
        turns = result.transcript.turns
        for turn in turns:
            if turn.speaker is Speaker.CUSTOMER:
                contexts.append(TurnContext(
                    message=turn.text, goal_status="in_progress", facts=facts,
                    transcript=turns[: turn.index], flagged=turn.events,
                    intensity=turn.emotion.intensity if turn.emotion else 0.0))
    return contexts, build_s


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    contexts: list[TurnContext] = []
    build_s: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for pack in ("demo", "retail", "telecom", "banking"):
            for agent in ("acme_v1", "acme_v2"):
                out = run_suite(RunConfig(suite=Path(f"pack:{pack}"), agent=agent, mlflow=False,
                                          quiet=True, out=Path(tmp) / f"{pack}-{agent}"))
                found, built = _contexts(out.folder, pack)
                contexts += found
                build_s += built
    per_turn: list[float] = []
    cpu: list[float] = []  # CPU time: what the checks cost, whatever else the machine runs
    parse: list[float] = []
    for _ in range(args.rounds):
        # Cold caches each round: within a round, a turn finds only its own episode's
        # earlier messages already read, as in a real run.
        for cached in (fold, words, read_words):
            cached.cache_clear()
        for ctx in contexts:
            fresh = replace(ctx)  # per-context cached properties start empty
            started, started_cpu = time.perf_counter(), time.process_time()
            run_checks(fresh)
            reconcile(fresh.message, fresh.flagged, fresh.disclosed, fresh.human_offered)
            per_turn.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            # Side by side, the JSON parse and schema check every LLM turn already pays.
            text = json.dumps({"message": ctx.message, "emotion": {"label": "calm", "intensity": 0.2},
                               "goal_status": "in_progress", "wants_human": False})
            started = time.perf_counter()
            parse_turn(text)
            parse.append(time.perf_counter() - started)
    per_turn.sort()
    mean_ms = statistics.fmean(per_turn) * 1000
    p99_ms = per_turn[int(0.99 * (len(per_turn) - 1))] * 1000
    print(f"customer turns: {len(contexts)} ({args.rounds} rounds, {len(per_turn)} timings)")
    print(f"turn checks + events from words: mean {mean_ms:.3f} ms, median "
          f"{statistics.median(per_turn) * 1000:.3f} ms, p99 {p99_ms:.3f} ms, "
          f"max {per_turn[-1] * 1000:.3f} ms per customer turn (budget 1 ms: mean is "
          f"{mean_ms:.0%} of it)")
    print(f"CPU time per customer turn: mean {statistics.fmean(cpu) * 1000:.3f} ms "
          f"(the wall-clock mean includes time the process waited for a core)")
    print(f"side by side, parse_turn (JSON + schema) per turn: mean "
          f"{statistics.fmean(parse) * 1000:.3f} ms; checks / parse = "
          f"{statistics.fmean(per_turn) / statistics.fmean(parse):.2f}")
    print(f"per-episode facts (once per episode): mean {statistics.fmean(build_s) * 1000:.3f} ms "
          f"over {len(build_s)} episodes")


if __name__ == "__main__":
    main()
