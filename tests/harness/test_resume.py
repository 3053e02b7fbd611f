"""``--resume`` after a real SIGKILL: only unfinished episodes are redone, same bytes."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import cli_env, run_cli
from tests.harness.fault_agents import CALL_LOG_ENV

AGENT = "tests.harness.fault_agents:slow_acme"
RUN = ["run", "--agent", AGENT, "--quiet", "--concurrency", "2"]


def _start(folder: Path, log: Path, cwd: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**cli_env(), CALL_LOG_ENV: str(log)}
    return subprocess.Popen(
        [sys.executable, "-m", "golive", *RUN, "--out", str(folder), *extra],
        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def _wait_for_results(path: Path, at_least: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 300  # a hang guard: a loaded CI machine starts runs slowly
    while len(_lines(path)) < at_least:
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline, "the run made no progress"
        time.sleep(0.02)


@pytest.mark.slow
def test_sigkilled_run_resumes_redoing_only_unfinished_episodes(tmp_path: Path) -> None:
    folder, log1, log2 = tmp_path / "run", tmp_path / "calls1.log", tmp_path / "calls2.log"
    proc = _start(folder, log1, tmp_path)  # with MLflow: the resumed run must reuse its run
    _wait_for_results(folder / "results.jsonl", 6, proc)
    run_id = json.loads((folder / "manifest.json").read_text())["mlflow_run_id"]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    raw = (folder / "results.jsonl").read_bytes()
    finished = {json.loads(line)["episode_id"] for line in raw.splitlines(keepends=True)
                if line.endswith(b"\n")}
    assert 6 <= len(finished) < 25, "kill landed mid-way"

    resumed = _start(folder, log2, tmp_path, "--resume")
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    redone = collections.Counter(_lines(log2))
    assert not finished & set(redone), "a finished episode was played again"
    assert set(redone) | finished == {json.loads(x)["episode_id"] for x in _lines(folder / "results.jsonl")}
    assert len(_lines(folder / "results.jsonl")) == 25

    assert json.loads((folder / "manifest.json").read_text())["mlflow_run_id"] == run_id
    _assert_one_finished_mlflow_run(tmp_path, run_id)

    clean = tmp_path / "clean"
    fresh = _start(clean, tmp_path / "calls3.log", tmp_path, "--no-mlflow")
    fresh.communicate(timeout=120)
    assert fresh.returncode == 0
    assert (folder / "results.jsonl").read_bytes() == (clean / "results.jsonl").read_bytes()
    # Every episode the resumed run played made exactly the calls it makes uninterrupted.
    full = collections.Counter(_lines(tmp_path / "calls3.log"))
    assert all(redone[e] == full[e] for e in redone)
    assert len(_lines(folder / "timings.jsonl")) == 25


def _assert_one_finished_mlflow_run(cwd: Path, run_id: str) -> None:
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=f"sqlite:///{cwd / 'mlflow.db'}")
    run = client.get_run(run_id)
    assert run.info.status == "FINISHED" and run.data.metrics["run.episodes"] == 25
    runs = client.search_runs([run.info.experiment_id])
    assert [r.info.run_id for r in runs] == [run_id], "resume opened a second MLflow run"


@pytest.mark.slow
def test_resume_refuses_a_folder_whose_manifest_differs_and_names_the_field(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    first = run_cli(["run", "--agent", "acme_v2", "--no-mlflow", "--quiet", "--out", str(folder),
                     "--scenario", "order-status"], tmp_path)
    assert first.returncode == 0, first.stderr
    again = run_cli(["run", "--agent", "acme_v2", "--no-mlflow", "--quiet", "--out", str(folder),
                     "--scenario", "order-status", "--resume", "--seed", "8"], tmp_path)
    assert again.returncode == 2
    assert f"cannot resume {folder}: seed: folder has 7, this run has 8" in again.stderr
    other = run_cli(["run", "--agent", "acme_v1", "--no-mlflow", "--quiet", "--out", str(folder),
                     "--scenario", "order-status", "--resume"], tmp_path)
    assert other.returncode == 2 and "agent: folder has 'acme_v2', this run has 'acme_v1'" in other.stderr


def test_resume_of_an_empty_folder_says_there_is_nothing_to_resume(tmp_path: Path) -> None:
    result = run_cli(["run", "--agent", "acme_v2", "--no-mlflow", "--quiet", "--out", str(tmp_path / "none"),
                      "--resume"], tmp_path)
    assert result.returncode == 2
    assert "holds no manifest.json: nothing to resume" in result.stderr
