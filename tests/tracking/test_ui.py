"""`golive ui` starts MLflow's UI on a run's store, answers on 127.0.0.1, and stops cleanly."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import cli_env, run_cli

pytestmark = pytest.mark.slow


def _store(tmp_path: Path) -> tuple[Path, str, str]:
    """A SQLite store holding one golive experiment and run, and a run folder naming them."""
    from golive.tracking import MlflowTracker

    db = tmp_path / "mlflow.db"
    tracker = MlflowTracker(f"sqlite:///{db}", "golive-ui-test", traces="none")
    run_id = tracker.start({"suite": "ui"}, "ui")
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "manifest.json").write_text(
        json.dumps({"tracking_uri": tracker.tracking_uri, "mlflow_run_id": run_id}),
        encoding="utf-8",
    )
    return folder, tracker.experiment_id, run_id


def test_golive_ui_serves_the_run_store_and_says_where_the_sessions_are(tmp_path: Path) -> None:
    folder, experiment, run_id = _store(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "golive", "ui", str(folder), "--port", "0"],
        cwd=tmp_path,
        env=cli_env(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        while not any(line.startswith("Ctrl+C") for line in lines):
            line = proc.stdout.readline()
            assert line, "".join(lines)  # it exited before answering
            lines.append(line)
        text = "".join(lines)
        url = next(line.split()[-1] for line in lines if line.startswith("MLflow UI: "))
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{url}/health", timeout=10) as answer:
            assert answer.status == 200
        with urllib.request.urlopen(url, timeout=10) as answer:  # the UI's page itself
            assert answer.status == 200 and b"<html" in answer.read().lower()
        assert f"{url}/#/experiments/{experiment}/chat-sessions" in text
        assert f"{url}/#/experiments/{experiment}/runs/{run_id}" in text
        assert "click" in text and "session" in text
    finally:
        proc.send_signal(signal.SIGTERM)  # the process this test started
        proc.wait(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the server it started stops with it
        try:
            urllib.request.urlopen(f"{url}/health", timeout=2)
        except OSError:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the MLflow server outlived golive ui")


def test_golive_ui_names_a_missing_store(tmp_path: Path) -> None:
    done = run_cli(["ui"], tmp_path)
    assert done.returncode == 2
    assert f"no MLflow store at {tmp_path / 'mlflow.db'}" in done.stderr
    assert "run `golive run` here first" in done.stderr
    other = run_cli(["ui", "nowhere"], tmp_path)
    assert other.returncode == 2 and "'nowhere' is neither a run folder" in other.stderr
