"""Scoring logs stays fast: 10,000 logged conversations through ``golive score``, offline.

Plays the four bundled suites once against acme_v1 and acme_v2 (scripted customers, no
network), writes their transcripts as an OpenAI-format JSONL log of N conversations (the
played ones cycled, each with its own id), then times, in one process and one run:

- ``golive score LOGS --suite pack:...`` end to end (read, listen, score, write the run
  folder with its reports; no MLflow), split into reading+listening and the rest;
- the same with one process, to show the workers' share;
- the evaluators alone over the same transcripts (``evaluate_episode``), the floor that any
  scoring path pays.

It prints wall and CPU seconds (the main process's and the worker processes'),
conversations per second, CPU per conversation by stage (reading+listening, evaluators,
the rest: writing results and reports), and whether the run folder's results were
byte-identical across two passes.

``--distinct`` makes every conversation's texts differ (each message gets a reference
made of letters from its conversation number), so no cache keyed by text is hit across
conversations: the honest figure for a log without templated replies (its findings differ
from the cycled log's, so compare its speed, not its results).

Usage (from the repository root; about 2 minutes at 2,000 on an idle 2-core machine)::

    PYTHONPATH=src python benchmarks/score_logs_speed.py [--conversations 10000] [--distinct]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from golive.evaluators import Episode, evaluate_episode  # noqa: E402
from golive.harness.agents import resolve_agent  # noqa: E402
from golive.harness.batch import RunSettings, run_episodes  # noqa: E402
from golive.harness.logged import (  # noqa: E402
    LogScope,
    pick_scenario,
    prepare_logged,
    scope_scenarios,
    score_logs,
)
from golive.harness.plan import plan_episodes  # noqa: E402
from golive.harness.scoring import ScoreSettings  # noqa: E402
from golive.harness.suite import load_suite, suite_path  # noqa: E402
from golive.logs import read_logs  # noqa: E402
from golive.logs.export import episode_line  # noqa: E402
from golive.personas.scripted import ScriptedSimulator  # noqa: E402
from golive.results.models import EpisodeResult, Timing  # noqa: E402

PACKS = ("demo", "retail", "telecom", "banking")
BOTS = ("acme_v1", "acme_v2")


def played(pack: str) -> list[EpisodeResult]:
    """The pack's episodes against both bundled bots."""
    loaded = load_suite(suite_path(Path(f"pack:{pack}")))
    specs = plan_episodes(loaded, seed=loaded.suite.seed, repeats=loaded.suite.repeats)
    found: list[EpisodeResult] = []
    for bot in BOTS:
        def keep(result: EpisodeResult, timing: Timing) -> None:
            found.append(result)

        asyncio.run(run_episodes(specs, resolve_agent(bot), ScriptedSimulator(),
                                 RunSettings(max_turns=loaded.suite.max_turns), keep))
    return sorted(found, key=lambda r: r.episode_id)


def write_log(path: Path, episodes: list[EpisodeResult], n: int, distinct: bool = False) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(n):
            line = episode_line(episodes[i % len(episodes)])
            line["id"] = f"{line['id']}-{i}"
            if distinct:
                for message in line["messages"]:
                    if message.get("content"):
                        message["content"] = _distinct(message, _letters(path.stem, i))
            handle.write(json.dumps(line) + "\n")


def _distinct(message: dict[str, Any], ref: str) -> str:
    """The message's text made unique by ``ref``; a tool result stays JSON (a request id
    beside its data), so the grounded checks read it as data, as they would in a real log."""
    content = str(message["content"])
    if message.get("role") == "tool":
        try:
            data = json.loads(content)
        except ValueError:
            data = None
        if isinstance(data, dict):
            return json.dumps({**data, "request_ref": ref}, sort_keys=True)
    return f"{content} (ref {ref})"


def _letters(stem: str, i: int) -> str:
    code = ""
    i += 26 ** 3 * (len(stem) % 7)  # a pack's codes differ from another's
    while True:
        i, r = divmod(i, 26)
        code += "abcdefghijklmnopqrstuvwxyz"[r]
        if i == 0:
            return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--distinct", action="store_true",
                        help="every conversation's texts differ (no cross-conversation cache hits)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    per_pack = max(1, args.conversations // len(PACKS))
    logs: dict[str, Path] = {}
    for pack in PACKS:
        logs[pack] = work / f"{pack}.jsonl"
        write_log(logs[pack], played(pack), per_pack, args.distinct)
    total = per_pack * len(PACKS)
    turns = sum(len(c.messages) for p in logs.values() for c in read_logs([str(p)])) / total
    print(f"{total} logged conversations ({len(PACKS)} packs × {per_pack}, mean {turns:.1f} messages"
          f"{', every text distinct' if args.distinct else ', cycled'}); load average "
          f"{os.getloadavg()[0]:.1f}")

    # Counted before the clock starts: `golive score` reads each log once, inside its time.
    started = time.process_time()
    counts = {pack: sum(1 for _ in read_logs([str(path)])) for pack, path in logs.items()}
    read_s = time.process_time() - started
    digests: list[str] = []
    walls: list[float] = []
    for attempt, workers in ((1, args.workers), (2, 1)):
        started, cpu, children = time.perf_counter(), time.process_time(), _children_cpu()
        digest = hashlib.sha256()
        for pack, path in logs.items():
            out = work / f"run-{attempt}-{pack}"
            outcome = score_logs([str(path)], scope=LogScope(suite=Path(f"pack:{pack}")),
                                 settings=ScoreSettings(out=out, mlflow=False,
                                                       workers=workers))
            assert outcome.conversations == counts[pack]
            digest.update((out / "results.jsonl").read_bytes())
        wall, cpu_s = time.perf_counter() - started, time.process_time() - cpu
        workers_s = _children_cpu() - children
        digests.append(digest.hexdigest())
        walls.append(wall)
        print(f"golive score, pass {attempt} ({workers} worker processes): {wall:.1f} s wall, "
              f"{cpu_s:.1f} s CPU in the main process + {workers_s:.1f} s in workers "
              f"({(cpu_s + workers_s) / total * 1000:.1f} ms per conversation), "
              f"{total / wall:,.0f} conversations/s (reading the logs alone: {read_s:.1f} s CPU)")
        if workers == 1:
            single_cpu = cpu_s

    started = time.process_time()
    for pack, path in logs.items():
        scenarios = scope_scenarios(LogScope(suite=Path(f"pack:{pack}")))
        for conversation in read_logs([str(path)]):
            prepare_logged((conversation, pick_scenario(conversation, scenarios), None))
    listen_cpu = time.process_time() - started

    episodes = [r for p in logs.values() for r in _results(work / f"run-1-{p.stem}")]
    started, cpu = time.perf_counter(), time.process_time()
    for pack in PACKS:
        scenarios = {s.id: s for s in load_suite(suite_path(Path(f"pack:{pack}"))).scenarios}
        for r in _results(work / f"run-1-{pack}"):
            evaluate_episode(Episode(r.transcript, scenarios[r.scenario_id], r.termination,
                                     end_state=r.end_state))
    floor, floor_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"evaluators alone over the same {len(episodes)} transcripts: {floor:.1f} s wall, "
          f"{floor_cpu:.1f} s CPU ({len(episodes) / floor_cpu:,.0f} per CPU second)")
    rest = single_cpu - listen_cpu - floor_cpu
    print(f"CPU per conversation, one process: reading+listening {listen_cpu / total * 1000:.1f} ms, "
          f"evaluators {floor_cpu / total * 1000:.1f} ms, the rest (results, reports) "
          f"{rest / total * 1000:.1f} ms; total {single_cpu / total * 1000:.1f} ms")
    print(f"byte-identical across passes and worker counts: {digests[0] == digests[1]} "
          f"(sha256 {digests[0][:16]})")
    print(f"target: {total} conversations under 60 s — {'met' if walls[0] < 60 else 'NOT met'} "
          f"({walls[0]:.1f} s with {args.workers} workers, {walls[1]:.1f} s with 1)")
    return 0 if digests[0] == digests[1] else 1


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _results(folder: Path) -> list[EpisodeResult]:
    from golive.results import RunFolder

    return list(RunFolder(folder).results())


if __name__ == "__main__":
    raise SystemExit(main())
