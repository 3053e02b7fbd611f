"""The trace writer alone: CPU per episode of ``TraceWriter.write`` per variant, side by side.

Each variant runs in its own fresh process against a fresh SQLite store (created and migrated
before the clock starts), writing the same finished episodes of a golive run folder through
the code the writer child runs; variants alternate, round after round, so they share the
machine's load. CPU is ``time.process_time`` of the writer process (plus the tracking server's
CPU for the ``server`` variant); per-call CPU splits it by store call.

    golive run --agent acme_v1 --repeats 10 --no-mlflow --quiet --out /tmp/v1   # ~20 s
    PYTHONPATH=src python benchmarks/trace_writer.py /tmp/v1 --rounds 2         # ~1 min per cell

Variants (``--variants``; all by default):

- ``all_metrics``: the writer before round 4: every per-episode catalogue metric assessed.
- ``shipped``: what ``traces.TraceWriter`` does (``conversation.ASSESSED`` and the findings).
- ``spans_only``: every trace through ``log_spans``, no ``start_trace``, no assessment (the
  floor of per-turn traces through MLflow's batch span path).
- ``one_trace``: one trace per episode (all its spans), shipped assessments (not the
  session shape MLflow shows conversations in).
- ``wal``: ``shipped`` with SQLite in WAL mode, ``synchronous=OFF`` (a connect listener on
  MLflow's engine: configuration only).
- ``batch250``: ``shipped`` with 250 episodes per batch instead of 50.
- ``static_pool``: ``shipped`` with ``MLFLOW_SQLALCHEMYSTORE_POOLCLASS=StaticPool`` (one
  connection kept, no pool checkout per session).
- ``server``: ``shipped`` against a local ``mlflow server`` (REST); server CPU counted.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

VARIANTS = (
    "all_metrics",
    "shipped",
    "spans_only",
    "one_trace",
    "wal",
    "batch250",
    "static_pool",
    "server",
)


def _child(folder: str, variant: str, failed_only: bool, count: bool = False) -> dict[str, Any]:
    """One measurement (runs in a fresh process)."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    if variant == "static_pool":
        os.environ["MLFLOW_SQLALCHEMYSTORE_POOLCLASS"] = "StaticPool"
    from mlflow.tracking import MlflowClient

    from golive.results.run_folder import RunFolder
    from golive.tracking import conversation, traces

    scratch = Path(tempfile.mkdtemp(prefix="golive-tw-"))
    server = None
    try:
        uri = f"sqlite:///{scratch}/mlflow.db"
        if variant == "server":
            server, uri = _server(uri, scratch)
        client = MlflowClient(tracking_uri=uri)
        experiment = client.create_experiment("bench", artifact_location=scratch.as_uri())
        run_id = client.create_run(experiment).info.run_id
        if variant == "wal":
            _wal(uri)
        folder_ = RunFolder.open(Path(folder))
        results = [r for r in folder_.results() if not failed_only or not r.passed]
        timings = folder_.timings()
        writer = traces.TraceWriter(uri, experiment, run_id)
        _variant(variant, writer, conversation, traces)
        split = _split(writer)
        statements = _statements(uri)
        server_before = _proc_cpu(server.pid) if server else 0.0
        profile = cProfile.Profile() if count else None
        start = time.process_time()
        if profile is not None:
            profile.enable()
        written = writer.write(results, timings)
        if profile is not None:
            profile.disable()
        cpu = time.process_time() - start
        sql = statements[0] if statements else None  # the writer's, before the check below
        server_cpu = (_proc_cpu(server.pid) - server_before) if server else 0.0
        stored, token = 0, None
        while True:  # every trace arrived (a tracking server pages by 500)
            page = client.search_traces(
                locations=[experiment], max_results=500, page_token=token, include_spans=False
            )
            stored += len(page)
            token = page.token
            if not token:
                break
        return {
            "variant": variant,
            "episodes": len(results),
            "traces": written,
            "python_calls_per_episode": (
                round(pstats.Stats(profile).total_calls / len(results)) if profile else None
            ),
            "sql_per_episode": round(sql / len(results), 1) if sql is not None else None,
            "stored": stored,
            "cpu_ms_per_episode": round(1000 * cpu / len(results), 1),
            "server_ms_per_episode": round(1000 * server_cpu / len(results), 1),
            "split_ms_per_episode": {
                k: round(1000 * v / len(results), 1) for k, v in split.items()
            },
        }
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(30)
        shutil.rmtree(scratch, ignore_errors=True)


def _statements(uri: str) -> list[int]:
    """A counter of the SQL statements MLflow's engine executes (in-process stores only)."""
    if not uri.startswith("sqlite:"):
        return []
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
    from sqlalchemy import event

    counter = [0]

    def count(*_: Any) -> None:
        counter[0] += 1

    event.listen(SqlAlchemyStore._engine_map[uri], "before_cursor_execute", count)
    return counter


def _proc_cpu(pid: int) -> float:
    """User+system CPU seconds of a process and its live children (gunicorn/uvicorn workers)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        pids.append(int(child))
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _server(backend: str, scratch: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mlflow",
            "server",
            "--backend-store-uri",
            backend,
            "--default-artifact-root",
            scratch.as_uri(),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "1",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(scratch / "server.log").open("wb"),
    )
    import urllib.request

    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    return proc, f"http://127.0.0.1:{port}"


def _wal(uri: str) -> None:
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
    from sqlalchemy import event

    engine = SqlAlchemyStore._engine_map[uri]

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, record: Any) -> None:
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.close()

    engine.dispose()  # new connections take the pragmas


def _split(writer: Any) -> dict[str, float]:
    """Wrap the store calls the writer makes: CPU seconds per call name."""
    split: dict[str, float] = {}
    for owner, name in (
        (writer.tracing, "start_trace"),
        (writer.tracing, "log_spans"),
        (writer.client, "link_traces_to_run"),
        (writer.tracing, "log_assessment"),
        (writer, "build"),
    ):
        original = getattr(owner, name, None)
        if original is None:
            continue

        def timed(*a: Any, _f: Any = original, _n: str = name, **k: Any) -> Any:
            t = time.process_time()
            try:
                return _f(*a, **k)
            finally:
                split[_n] = split.get(_n, 0.0) + time.process_time() - t

        setattr(owner, name, timed)
    return split


def _variant(variant: str, writer: Any, conversation: Any, traces: Any) -> None:
    """Bend the shipped writer into ``variant`` (benchmark only)."""
    if variant == "all_metrics":  # before this round: every per-episode catalogue metric
        from golive.results.metrics import CATALOGUE

        skip = ("run.", "reliability.pass_hat_", "fidelity.", "errors.simulator", "cost.")
        conversation.ASSESSED = tuple(n for n in CATALOGUE if not n.startswith(skip))
    if variant == "batch250":
        traces.BATCH_EPISODES = 250
    if variant == "spans_only":

        def send(batch: list[Any]) -> int:
            spans = [s for e in batch for s in e.spans]
            writer.tracing.log_spans(writer.experiment_id, spans)
            ids = [t for e in batch for t in e.trace_ids]
            for start in range(0, len(ids), 100):
                writer.client.link_traces_to_run(ids[start : start + 100], writer.run_id)
            return len(ids)

        writer.send = send
    if variant == "one_trace":
        original = conversation.group_turns

        def one(turns: Any) -> list[Any]:
            groups = original(turns)
            return [[t for g in groups for t in g]] if groups else groups

        conversation.group_turns = one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", help="a golive run folder (results.jsonl, timings.jsonl)")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--all-episodes",
        action="store_true",
        help="passing episodes too (default: failed episodes only)",
    )
    parser.add_argument(
        "--count",
        action="store_true",
        help="one more round under cProfile: Python calls and SQL statements "
        "per episode (load-independent; CPU figures of that round are inflated)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.folder, args.child, not args.all_episodes, args.count)))
        return
    rows: dict[str, list[dict[str, Any]]] = {v: [] for v in args.variants}
    counted: dict[str, dict[str, Any]] = {}
    loads = [os.getloadavg()[0]]
    for round_ in range(args.rounds + (1 if args.count else 0)):
        for variant in args.variants:
            cmd = [sys.executable, __file__, args.folder, "--child", variant]
            if args.all_episodes:
                cmd.append("--all-episodes")
            if round_ == args.rounds:
                cmd.append("--count")
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            if round_ == args.rounds:
                counted[variant] = row
            else:
                rows[variant].append(row)
            loads.append(os.getloadavg()[0])
            print(json.dumps(row), file=sys.stderr)
    print(f"load average (1 min) {min(loads):.1f}–{max(loads):.1f}\n")
    print(
        "| variant | episodes | traces | CPU per episode | server CPU per episode | "
        "split (last round) | Python calls per episode | SQL per episode |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |")
    for variant, runs in rows.items():
        cpu = ", ".join(f"{r['cpu_ms_per_episode']:.1f}" for r in runs)
        srv = ", ".join(f"{r['server_ms_per_episode']:.1f}" for r in runs)
        split = "; ".join(f"{k} {v}" for k, v in runs[-1]["split_ms_per_episode"].items())
        calls = counted.get(variant, {}).get("python_calls_per_episode") or "—"
        sql = counted.get(variant, {}).get("sql_per_episode") or "—"
        print(
            f"| {variant} | {runs[0]['episodes']} | {runs[0]['traces']} | {cpu} ms | "
            f"{srv} ms | {split} | {calls} | {sql} |"
        )


if __name__ == "__main__":
    main()
