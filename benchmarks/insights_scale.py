"""How long `golive insights` takes over a 10,000-episode run (target: under a minute).

Usage: python benchmarks/insights_scale.py [--episodes 10000]

It plays the demo suite against acme_v1 with enough repeats (scripted simulator, no
MLflow), then times reading the results and finding the patterns, separately.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from golive.harness.rehearsal import RunConfig, run_suite
from golive.insights import find_patterns
from golive.insights.files import run_insights
from golive.results import RunFolder


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=10_000)
    args = parser.parse_args()
    repeats = max(1, args.episodes // 25)  # the demo suite has 25 scenario × persona pairs
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        outcome = run_suite(RunConfig(agent="acme_v1", repeats=repeats, mlflow=False, quiet=True,
                                      concurrency=32, out=Path(tmp) / "run"))
        played = time.perf_counter() - started
        started = time.perf_counter()
        results = list(RunFolder(outcome.folder).results())
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        insights = find_patterns(results)
        mined = time.perf_counter() - started
        started = time.perf_counter()
        run_insights(outcome.folder)
        whole = time.perf_counter() - started
    print(f"episodes: {len(results)} (played in {played:.1f} s)")
    print(f"read results.jsonl: {loaded:.2f} s; find patterns: {mined:.2f} s; "
          f"`golive insights` end to end: {whole:.2f} s")
    print(f"failure modes: {len(insights.modes)}, patterns: "
          f"{sum(len(m.patterns) for m in insights.modes)}")


if __name__ == "__main__":
    main()
