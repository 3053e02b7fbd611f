"""MLflow under crowding and kills (issue 15), through the CLI, on a real SQLite store.

Two first runs on a new mlflow.db; a run killed mid-logging and resumed (no lost
assessments, no orphan or doubled traces); a finished run resumed (no doubled metric
history or insights table). SIGTERM and a kill before the manifest named the run are in
test_mlflow_kills.py (a file of its own, so that another test worker runs it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import cli_env, run_cli

ONE = ["--scenario", "order-status", "--quiet"]
pytestmark = pytest.mark.slow


def _client(cwd: Path) -> Any:
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=f"sqlite:///{cwd / 'mlflow.db'}")


def _run_id(folder: Path) -> str:
    return str(json.loads((folder / "manifest.json").read_text())["mlflow_run_id"])


def _state(client: Any, run_id: str) -> dict[str, Any]:
    """Per episode: traces, assessments by name; and the metric history lengths."""
    run = client.get_run(run_id)
    traces = client.search_traces(locations=[run.info.experiment_id], run_id=run_id,
                                  include_spans=False, max_results=1000)
    sessions: dict[str, Counter[str]] = {}
    for trace in traces:
        session = trace.info.trace_metadata["mlflow.trace.session"]
        counts = sessions.setdefault(session, Counter())
        counts["traces"] += 1
        counts["logged"] += bool(trace.info.tags.get("golive.logged"))
        for assessment in trace.info.assessments:
            counts[assessment.name] += 1
    history = {k: len(client.get_metric_history(run_id, k)) for k in run.data.metrics}
    return {"sessions": sessions, "history": history, "status": run.info.status}


def _table_rows(client: Any, run_id: str, tmp: Path) -> int:
    path = client.download_artifacts(run_id, "insights_table.json", str(tmp))
    return len(json.loads(Path(path).read_text())["data"])


def test_two_first_runs_on_a_new_store_both_succeed(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-m", "golive", "run", "--agent", "acme_v1",
                          "--out", f"run{i}", *ONE, "--persona", "calm-*"],
                         cwd=tmp_path, env=cli_env(), text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for i in (1, 2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    client = _client(tmp_path)
    statuses = [client.get_run(_run_id(tmp_path / f"run{i}")).info.status for i in (1, 2)]
    assert statuses == ["FINISHED", "FINISHED"]


def test_logging_is_idempotent_and_resumable(tmp_path: Path) -> None:
    args = ["run", "--agent", "acme_v1", "--out", "run", *ONE, "--traces", "all"]
    assert run_cli(args, tmp_path, timeout=300).returncode == 0
    client, run_id = _client(tmp_path), _run_id(tmp_path / "run")
    complete = _state(client, run_id)
    rows = _table_rows(client, run_id, tmp_path / "t1")
    assert complete["sessions"] and all(c["logged"] == 1 for c in complete["sessions"].values())

    # Resuming a finished run adds nothing: no doubled metric history or insights rows.
    again = run_cli([*args, "--resume"], tmp_path, timeout=300)
    assert again.returncode == 0, again.stderr
    assert _state(client, run_id) == complete
    assert _table_rows(client, run_id, tmp_path / "t2") == rows

    # The state a kill mid-logging leaves: one episode's assessments half written and
    # unmarked, one episode's traces never written, the run still RUNNING.
    import mlflow

    mlflow.set_tracking_uri(f"sqlite:///{tmp_path / 'mlflow.db'}")
    experiment = client.get_run(run_id).info.experiment_id
    traces = client.search_traces(locations=[experiment], run_id=run_id, include_spans=False,
                                  max_results=1000)
    by_session: dict[str, list[Any]] = {}
    for trace in traces:
        by_session.setdefault(trace.info.trace_metadata["mlflow.trace.session"], []).append(trace)
    half, gone = sorted(by_session)[:2]
    for trace in by_session[half]:
        if trace.info.tags.get("golive.logged"):
            client.delete_trace_tag(trace.info.trace_id, "golive.logged")
        for assessment in trace.info.assessments[: len(trace.info.assessments) // 2 + 1]:
            mlflow.delete_assessment(trace.info.trace_id, assessment.assessment_id)
    client.delete_traces(experiment, trace_ids=[t.info.trace_id for t in by_session[gone]])
    client.update_run(run_id, status="RUNNING")

    resumed = run_cli([*args, "--resume"], tmp_path, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert _state(client, run_id) == complete  # nothing lost, nothing orphaned or doubled
