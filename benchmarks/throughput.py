"""golive's throughput against the physical limit, a raw aiohttp ceiling and MLflow's simulator.

Run from the repository root (takes ~4 minutes on 2 cores; ``--quick`` ~1 minute;
``--throughput-only`` ~3 minutes):

    .venv/bin/python benchmarks/throughput.py

Everything talks to ``benchmarks/server.py``, an OpenAI-compatible aiohttp server on
127.0.0.1 in its own process that answers every call after ``--latency`` seconds. The
limit of a run is ``concurrency / (LLM calls per conversation × latency)``; calls per
conversation are counted by the server, not assumed. golive's workload: the demo suite,
an LLM customer simulator (one call per customer turn through golive's gateway, served by
the same server; the words are the scripted simulator's so conversations end as they do
offline) and the agent as an OpenAI-compatible endpoint on that server (one call per reply).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
HERE = Path(__file__).resolve().parent


# --- the stand-in LLM server ------------------------------------------------------------
class Server:
    """``benchmarks/server.py`` in a child process."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "server.py"), "--latency", str(latency)],
            stdout=subprocess.PIPE, text=True,
        )
        assert self.proc.stdout is not None
        port = int(self.proc.stdout.readline().split()[1])
        self.root = f"http://127.0.0.1:{port}"
        self.base = f"{self.root}/v1"

    def served(self) -> int:
        with urllib.request.urlopen(f"{self.root}/stats") as r:
            return int(json.loads(r.read())["n"])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


# --- the ceiling: a raw aiohttp client, one POST per task ---------------------------------
async def _raw(base: str, concurrency: int, calls: int) -> float:
    import aiohttp

    payload = {"model": "bench", "messages": [{"role": "user", "content": "hi"}]}
    left = iter(range(calls))
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def worker() -> None:
            for _ in left:
                async with session.post(f"{base}/chat/completions", json=payload) as r:
                    await r.read()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return calls / (time.perf_counter() - started)


def ceiling(server: Server, concurrency: int) -> tuple[float, float]:
    """Ratio to the limit a raw aiohttp client reaches (1 call per 'conversation'), and the
    CPU milliseconds this process spent per call."""
    calls = 10 * concurrency
    cpu = time.process_time()
    rate = asyncio.run(_raw(server.base, concurrency, calls))
    return rate / (concurrency / server.latency), (time.process_time() - cpu) / calls * 1000


# --- golive ---------------------------------------------------------------------------------
def _register_llm_simulator(base: str) -> str:
    from golive.llm import LLMRequest, current_gateway
    from golive.personas.scripted import ScriptedSimulator
    from golive.personas.simulator import get_simulator, register_simulator
    from golive.results.models import TokenUsage

    class Customer:
        def __init__(self, inner: Any, seed: int) -> None:
            self.inner, self.seed = inner, seed

        async def next_turn(self, transcript: Sequence[Any]) -> Any:
            last = transcript[-1].text if transcript else "start"
            request = LLMRequest(model="openai/bench", api_base=base, seed=self.seed,
                                 messages=[{"role": "user", "content": f"{len(transcript)} {last}"}])
            answer = await current_gateway().complete(request)
            turn = await self.inner.next_turn(transcript)
            tokens = TokenUsage(prompt=answer.prompt_tokens, completion=answer.completion_tokens)
            return dataclasses.replace(turn, tokens=tokens)

    class BenchSimulator:
        name = "bench-llm"

        def session(self, scenario: Any, persona: Any, seed: int) -> Customer:
            return Customer(ScriptedSimulator().session(scenario, persona, seed), seed)

    get_simulator("scripted")  # fills the registry's built-ins first
    register_simulator("bench-llm", lambda _spec: BenchSimulator())
    return "bench-llm"


def _play_seconds(folder: Path) -> float:
    from golive.results import RunFolder

    rows = RunFolder(folder).timings().values()
    return max(r.started_at + r.duration_s for r in rows) - min(r.started_at for r in rows)


def golive_run(server: Server | None, concurrency: int, episodes: int, *, mlflow: bool = False,
               tmp: Path, cache: bool = False, traces: str = "failed",
               passing: bool = False) -> dict[str, float]:
    """Play ``episodes`` (demo suite, repeated) and measure conversations/s.

    The agent is the server's one-line bot (every episode fails), or with ``passing`` the
    server's ``acme_v2`` (most pass), or without a server ``acme_v2`` in process.
    """
    from golive.harness.rehearsal import RunConfig, run_suite

    repeats = max(1, round(episodes / 25))
    agent = (f"{server.root}/bot/v1" if passing else server.base) if server else "acme_v2"
    simulator = _register_llm_simulator(server.base) if server else "scripted"
    before = server.served() if server else 0
    out = Path(tempfile.mkdtemp(dir=tmp))
    started, cpu = time.perf_counter(), time.process_time()
    outcome = run_suite(RunConfig(
        agent=agent, simulator=simulator, repeats=repeats, concurrency=concurrency,
        mlflow=mlflow, tracking_uri=f"sqlite:///{tmp / 'mlflow.db'}", quiet=True,
        out=out / "run", cache=cache, cache_dir=out / "cache", timeout_s=120, traces=traces,
    ))
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    n = int(outcome.metrics["run.episodes"])
    turns = outcome.metrics["experience.mean_turns"] * n
    calls = (server.served() - before) if server else 0
    play = _play_seconds(out / "run")
    row = {"episodes": n, "turns": turns, "calls_per_conv": calls / n, "wall_s": wall,
           "play_s": play, "conv_per_s": n / play, "errors": outcome.metrics["errors.agent_rate"],
           "failed": n * (1 - outcome.metrics["reliability.pass_rate"]), "cpu_s": cpu}
    if server:
        row["ratio"] = row["conv_per_s"] / (concurrency / (row["calls_per_conv"] * server.latency))
    return row


# --- MLflow's own simulator -------------------------------------------------------------------
def mlflow_peer(server: Server, concurrency: int, conversations: int, max_turns: int,
                tmp: Path) -> dict[str, float]:
    """``mlflow.genai.simulators.ConversationSimulator`` on the same server."""
    os.environ.update({
        "OPENAI_API_KEY": "sk-local", "OPENAI_API_BASE": server.base, "OPENAI_BASE_URL": server.base,
        "MLFLOW_GENAI_SIMULATOR_MAX_WORKERS": str(concurrency),
    })
    import logging

    import mlflow
    import requests
    from mlflow.genai.simulators import ConversationSimulator

    logging.getLogger("mlflow").setLevel(logging.ERROR)
    mlflow.set_tracking_uri(f"sqlite:///{tmp / 'peer.db'}")
    mlflow.set_experiment("peer")
    http = requests.Session()
    http.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=max(10, concurrency)))

    def predict_fn(messages: list[dict[str, Any]], **_: Any) -> dict[str, Any]:
        reply = http.post(f"{server.base}/chat/completions",
                          json={"model": "bench", "messages": messages}, timeout=120)
        return dict(reply.json())

    cases = [{"goal": f"Find out where order A{1000 + i} is", "persona": "A calm customer"}
             for i in range(conversations)]
    simulator = ConversationSimulator(test_cases=cases, max_turns=max_turns,
                                      user_model="openai:/bench")
    from mlflow.genai.simulators import simulator as module

    fetch = module._fetch_traces
    fetched: list[float] = []

    def timed_fetch(*a: Any, **k: Any) -> Any:  # how much of simulate() is reading traces back
        t = time.perf_counter()
        try:
            return fetch(*a, **k)
        finally:
            fetched.append(time.perf_counter() - t)

    module._fetch_traces = timed_fetch  # type: ignore[attr-defined]
    before = server.served()
    started = time.perf_counter()
    simulator.simulate(predict_fn)
    wall = time.perf_counter() - started
    module._fetch_traces = fetch  # type: ignore[attr-defined]
    calls = (server.served() - before) / conversations
    conv_s = conversations / wall
    return {"conv_per_s": conv_s, "calls_per_conv": calls, "fetch_s": sum(fetched),
            "wall_s": wall, "ratio": conv_s / (concurrency / (calls * server.latency))}


# --- peak memory ------------------------------------------------------------------------------
def peak_memory_mb(episodes: int, tmp: Path) -> tuple[float, float]:
    """Peak RSS of ``golive run`` over ``episodes`` (scripted, acme_v2), and its wall time."""
    out = Path(tempfile.mkdtemp(dir=tmp))
    cmd = [sys.executable, "-m", "golive", "run", "--agent", "acme_v2", "--no-mlflow", "--quiet",
           "--repeats", str(max(1, episodes // 25)), "--concurrency", "32", "--out", str(out / "r")]
    # A small wrapper reports its child's peak: a child forked from this (large) process
    # would inherit our own high-water mark in ru_maxrss.
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "stdout=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    started = time.perf_counter()
    peak_kb = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, text=True,
                             capture_output=True).stdout.split()[-1]
    return int(peak_kb) / 1024, time.perf_counter() - started


# --- the report -------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 16, 64, 256])
    parser.add_argument("--quick", action="store_true", help="fewer episodes, no 10,000 run")
    parser.add_argument("--no-peer", action="store_true", help="skip MLflow's simulator")
    parser.add_argument("--mlflow-only", action="store_true",
                        help="only the table of what MLflow logging adds")
    parser.add_argument("--throughput-only", action="store_true",
                        help="only the concurrency table (ceiling, golive, MLflow's simulator)")
    parser.add_argument("--best-of", type=int, default=1,
                        help="runs per cell of the MLflow table (the fastest is kept)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="golive-bench-"))
    server = Server(args.latency)
    print(f"server {server.base}, latency {args.latency * 1000:g} ms, "
          f"{os.cpu_count()} CPUs, python {sys.version.split()[0]}\n")
    try:
        if not args.mlflow_only:
            throughput_table(server, args, tmp)
        if args.throughput_only:
            return
        if not args.mlflow_only:
            overhead_table(server, args, tmp)
        mlflow_table(server, args, tmp)
        if not args.quick and not args.mlflow_only:
            memory_table(tmp)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def throughput_table(server: Server, args: argparse.Namespace, tmp: Path) -> None:
    """golive beside the raw client (and MLflow's simulator) at each concurrency.

    ``golive ÷ raw`` is golive's ratio to the limit over the raw client's, both measured
    in this row, one after the other. CPU is this process's (``time.process_time``), per
    call the server answered: golive's covers the whole run (play, scoring, reports). On a
    shared machine the CPU per call is the robust figure; the ratios follow the load
    average, printed per row.
    """
    print("| concurrency | limit conv/s | raw aiohttp ratio | golive conv/s | golive ratio "
          "| **golive ÷ raw** | CPU ms/call raw, golive | calls/conv | MLflow conv/s "
          "| MLflow ratio | golive ÷ MLflow | load |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for c in args.concurrency:
        raw, raw_cpu = ceiling(server, c)
        # Enough waves that the last, partly filled one weighs little.
        waves = 4 if args.quick else (8 if c <= 64 else 6)
        episodes = waves * c if c > 1 else 4
        g = golive_run(server, c, episodes, tmp=tmp)
        limit = c / (g["calls_per_conv"] * server.latency)
        cpu_call = g["cpu_s"] / (g["calls_per_conv"] * g["episodes"]) * 1000
        load = os.getloadavg()[0]
        peer = "| — | — | — |"
        if not args.no_peer and c <= 64:
            turns = max(1, round(g["turns"] / g["episodes"] / 2))
            m = mlflow_peer(server, c, max(4, min(2 * c, 64)), turns, tmp)
            peer = (f"| {m['conv_per_s']:.2f} ({m['calls_per_conv']:.1f} calls/conv, "
                    f"{m['fetch_s']:.1f} of {m['wall_s']:.1f} s reading traces back) "
                    f"| {m['ratio']:.3f} | {g['conv_per_s'] / m['conv_per_s']:.1f}× |")
        print(f"| {c} | {limit:.2f} | {raw:.2f} | {g['conv_per_s']:.2f} | {g['ratio']:.2f} "
              f"| **{g['ratio'] / raw:.2f}** | {raw_cpu:.2f}, {cpu_call:.2f} "
              f"| {g['calls_per_conv']:.1f} {peer} {load:.1f} |", flush=True)
    print()


def overhead_table(server: Server, args: argparse.Namespace, tmp: Path) -> None:
    n = 250 if args.quick else 1000
    zero = golive_run(None, 16, n, tmp=tmp)
    per_turn = zero["play_s"] / zero["turns"] * 1000
    print(f"harness overhead, zero-latency agent (acme_v2) + scripted simulator, {zero['episodes']} "
          f"episodes, concurrency 16: {per_turn:.3f} ms per turn ({zero['turns']:.0f} turns, "
          f"{zero['play_s']:.2f} s playing, {zero['wall_s']:.2f} s end to end)")
    zero_ml = golive_run(None, 16, n, tmp=tmp, mlflow=True)
    print(f"  same with MLflow logging: {zero_ml['wall_s']:.2f} s end to end "
          f"(+{zero_ml['wall_s'] - zero['wall_s']:.2f} s)")
    cold = golive_run(server, 64, n, tmp=tmp, cache=True)
    print(f"disk cache on (cold: every answer written), concurrency 64: {cold['conv_per_s']:.2f} "
          f"conv/s, ratio {cold['ratio']:.2f}")
    print()


def mlflow_table(server: Server, args: argparse.Namespace, tmp: Path) -> None:
    """What MLflow logging adds to the 100 ms run, per trace policy, failing and passing bot.

    Each row's runs go one after the other in this process (off, all, failed, none), so the
    percentages compare runs made under the same load; ``--best-of`` repeats each and keeps
    the fastest. The store is created first: its one-time schema migration is not a run's.
    """
    from golive.tracking import MlflowTracker

    n = 250 if args.quick else 1000
    MlflowTracker(f"sqlite:///{tmp / 'mlflow.db'}", "warm-up")
    print(f"| bot ({n} episodes, 100 ms, concurrency 64) | failed episodes | no MLflow | "
          "--traces all | --traces failed | --traces none |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for passing in (False, True):
        def best(passing: bool = passing, **kw: Any) -> dict[str, float]:
            runs = [golive_run(server, 64, n, tmp=tmp, passing=passing, **kw)
                    for _ in range(args.best_of)]
            return min(runs, key=lambda r: r["wall_s"])

        off = best()
        cells = []
        for traces in ("all", "failed", "none"):
            on = best(mlflow=True, traces=traces)
            cells.append(f"{on['wall_s']:.2f} s (+{(on['wall_s'] / off['wall_s'] - 1) * 100:.1f}%)")
        name = "acme_v2 over HTTP (passes)" if passing else "one-line bot (fails)"
        print(f"| {name} | {off['failed']:.0f} | {off['wall_s']:.2f} s | {' | '.join(cells)} |",
              flush=True)
    print()


def memory_table(tmp: Path) -> None:
    for episodes in (1000, 10000):
        mb, wall = peak_memory_mb(episodes, tmp)
        print(f"peak RSS, {episodes} episodes (golive run, acme_v2, scripted): {mb:.0f} MB "
              f"in {wall:.1f} s", flush=True)


if __name__ == "__main__":
    main()
