"""MLflow traces read back as logs (``mlflow:EXPERIMENT@URI#SESSIONS``): a run's traces are
its conversations; an unknown experiment or session is an error that names what is there."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from golive.logs import read_logs
from tests.logs.test_readers import _error


@pytest.mark.slow
def test_an_unknown_mlflow_experiment_lists_the_ones_there(fresh_store: str) -> None:
    uri = fresh_store
    message = _error([f"mlflow:nothing-here@{uri}"])
    assert (
        "no MLflow experiment 'nothing-here'" in message and "hint: experiments there:" in message
    )


@pytest.mark.slow
def test_mlflow_traces_of_a_run_read_back_as_its_conversations(
    cli: Any, tmp_path: Path, fresh_store: str
) -> None:
    uri = fresh_store  # tmp_path/mlflow.db, already migrated: this is about reading traces
    played = cli(
        "run",
        "pack:demo",
        "--agent",
        "acme_v2",
        "--scenario",
        "order-status",
        "--traces",
        "all",
        "--tracking-uri",
        uri,
        "--quiet",
        "--out",
        "run",
    )
    assert played.returncode in (0, 1), played.stderr
    results = [json.loads(x) for x in (tmp_path / "run" / "results.jsonl").read_text().splitlines()]
    some = [r["episode_id"] for r in results][:2]
    read = {c.id: c for c in read_logs([f"mlflow:golive-demo@{uri}"])}
    assert sorted(read) == sorted(r["episode_id"] for r in results)
    for r in results:
        said = [(t["speaker"], t["text"]) for t in r["transcript"]["turns"]]
        got = [
            ("customer" if m.role == "user" else "agent", m.text)
            for m in read[r["episode_id"]].messages
        ]
        assert got == said
        calls = [c["name"] for t in r["transcript"]["turns"] for c in t["tool_calls"]]
        assert [c.name for m in read[r["episode_id"]].messages for c in m.tool_calls] == calls
    chosen = list(read_logs([f"mlflow:golive-demo@{uri}#{','.join(some)}"]))
    assert sorted(c.id for c in chosen) == sorted(some)
    missing = _error([f"mlflow:golive-demo@{uri}#nope"])
    assert "no traces of session 'nope'" in missing and "hint:" in missing
