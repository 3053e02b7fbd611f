"""How long ``golive mutate`` takes on each bundled pack, offline, beside a plain ``golive run``.

For each pack it runs, as a user would (a subprocess each, start-up included):
``golive run pack:P --agent acme_v2 --no-mlflow`` and ``golive mutate pack:P --agent acme_v2
--no-mlflow`` (all seventeen built-in operators), and prints wall and CPU seconds side by side
with their ratio, then the table of every operator's verdict on every pack (from each
``mutation.json``). Scripted customers: no network, no model. The issue's target: one pack
under two minutes on this machine.

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/mutation_speed.py [--packs demo retail] [--mlflow]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKS = ("demo", "retail", "telecom", "banking")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    return env


def timed(args: list[str], cwd: Path) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall and CPU seconds (the child's user + system) of ``golive ARGS``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "golive", *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=1800,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        raise SystemExit(
            f"golive {' '.join(args)} exited {done.returncode}:\n{done.stderr[-2000:]}"
        )
    return wall, cpu, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--packs", nargs="*", default=list(PACKS))
    parser.add_argument("--agent", default="acme_v2")
    parser.add_argument(
        "--mlflow",
        action="store_true",
        help="log the mutation run to MLflow (a fresh SQLite store in the scratch folder)",
    )
    args = parser.parse_args(argv)
    tables: dict[str, dict[str, str]] = {}
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print(
        "| pack | run: wall s | run: CPU s | mutate: wall s | mutate: CPU s | mutate/run (wall) "
        "| mutant episodes | score |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="golive-mutation-bench-") as scratch:
        work = Path(scratch)
        for pack in args.packs:
            run_wall, run_cpu, _ = timed(
                [
                    "run",
                    f"pack:{pack}",
                    "--agent",
                    args.agent,
                    "--no-mlflow",
                    "--quiet",
                    "--out",
                    str(work / f"run-{pack}"),
                ],
                work,
            )
            tracking = (
                ["--tracking-uri", f"sqlite:///{work / 'mlflow.db'}"]
                if args.mlflow
                else ["--no-mlflow"]
            )
            out = work / f"mutate-{pack}"
            wall, cpu, _ = timed(
                [
                    "mutate",
                    f"pack:{pack}",
                    "--agent",
                    args.agent,
                    "--quiet",
                    "--out",
                    str(out),
                    *tracking,
                ],
                work,
            )
            data = json.loads((out / "mutation.json").read_text(encoding="utf-8"))
            episodes = sum(r["episodes"] for r in data["operators"])
            print(
                f"| {pack} | {run_wall:.1f} | {run_cpu:.1f} | {wall:.1f} | {cpu:.1f} | "
                f"{wall / run_wall:.1f}x | {episodes} | {data['score']:.2f} |",
                flush=True,
            )
            for row in data["operators"]:
                cell = row["verdict"] + (f" ({row['reason']})" if row["reason"] else "")
                cell += f" {row['failed']}/{row['fired']}/{row['episodes']}"
                tables.setdefault(row["operator"], {})[pack] = cell
    print("\nEach cell: verdict, then failed / fired / played episodes of that mutant.")
    print("\n| operator | " + " | ".join(args.packs) + " |")
    print("| --- |" + " --- |" * len(args.packs))
    for operator, cells in tables.items():
        print(f"| {operator} | " + " | ".join(cells.get(p, "") for p in args.packs) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
