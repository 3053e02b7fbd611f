"""MLflow under kills (issue 15), through the CLI, on a real SQLite store: SIGTERM and a
kill before the manifest named the run (the MLflow run is ended with a status, and resume
finishes the earlier one). Crowding and kills mid-logging: test_mlflow_resume.py.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import cli_env, run_cli
from tests.tracking.test_mlflow_resume import ONE, _client, _run_id

pytestmark = pytest.mark.slow


def test_sigterm_ends_the_mlflow_run_and_resume_finishes_it(tmp_path: Path) -> None:
    args = ["run", "--agent", "tests.harness.hostile_agents:slow", "--out", "run", *ONE,
            "--persona", "calm-*"]
    proc = subprocess.Popen([sys.executable, "-m", "golive", *args], cwd=tmp_path, env=cli_env(),
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        manifest = tmp_path / "run" / "manifest.json"
        deadline = time.monotonic() + 120
        while not (manifest.exists() and '"mlflow_run_id": "' in manifest.read_text()):
            assert time.monotonic() < deadline and proc.poll() is None, proc.stderr
            time.sleep(0.1)
        time.sleep(0.5)  # into the episode
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM
    client, run_id = _client(tmp_path), _run_id(tmp_path / "run")
    assert client.get_run(run_id).info.status == "KILLED"
    done = run_cli([*args, "--resume"], tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _run_id(tmp_path / "run") == run_id
    assert client.get_run(run_id).info.status == "FINISHED"


def test_a_run_the_manifest_never_named_is_finished_on_resume(tmp_path: Path) -> None:
    args = ["run", "--agent", "acme_v1", "--out", "run", *ONE, "--persona", "calm-*"]
    assert run_cli(args, tmp_path, timeout=300).returncode == 0
    client, folder = _client(tmp_path), tmp_path / "run"
    run_id = _run_id(folder)
    # A kill between creating the MLflow run and writing its id into the manifest.
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["mlflow_run_id"] = None
    (folder / "manifest.json").write_text(json.dumps(manifest))
    client.update_run(run_id, status="RUNNING")
    done = run_cli([*args, "--resume"], tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert _run_id(folder) == run_id  # the earlier run, adopted, not a second one
    runs = client.search_runs([client.get_run(run_id).info.experiment_id])
    assert [r.info.status for r in runs] == ["FINISHED"]
