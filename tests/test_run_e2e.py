"""`golive run` end to end, as a user runs it: offline, deterministic, v2 beats v1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golive.results import RunFolder
from golive.results.metrics import aggregate
from tests.conftest import run_cli


def metrics_of(folder: Path) -> dict[str, float]:
    return aggregate(RunFolder(folder).results())


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo suite played once per bot for this file, by the CLI, default concurrency."""
    cwd = tmp_path_factory.mktemp("e2e")
    for agent in ("acme_v1", "acme_v2"):
        done = run_cli(["run", "--agent", agent, "--no-mlflow", "--out", str(cwd / agent)], cwd)
        assert done.returncode == 0, done.stderr
    return {agent: cwd / agent for agent in ("acme_v1", "acme_v2")}


def test_same_suite_seed_and_agent_give_byte_identical_results(cli, tmp_path: Path, played) -> None:  # type: ignore[no-untyped-def]
    b = cli("run", "--agent", "acme_v1", "--no-mlflow", "--out", str(tmp_path / "b"),
            "--concurrency", "3")
    assert b.returncode == 0, b.stderr
    first = (played["acme_v1"] / "results.jsonl").read_bytes()
    assert first == (tmp_path / "b" / "results.jsonl").read_bytes()
    assert len(first.splitlines()) == 25


def test_run_without_an_agent_refuses_instead_of_playing_a_bundled_bot(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "--no-mlflow")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no agent to test" in result.stderr and "--agent" in result.stderr
    assert "golive demo" in result.stderr
    assert not (tmp_path / "golive-runs").exists()


def test_run_of_the_demo_suite_prints_where_things_are(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "--agent", "acme_v2", "--no-mlflow")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "golive-runs" / "demo-acme_v2-7"
    assert f"results: {folder / 'results.jsonl'}" in result.stdout
    assert f"report:  {folder / 'report.html'}" in result.stdout
    assert "| reliability.pass_rate ↑ |" in result.stdout
    for name in ("manifest.json", "results.jsonl", "timings.jsonl", "summary.md", "report.html"):
        assert (folder / name).exists(), name
    again = cli("run", "--agent", "acme_v2", "--no-mlflow")
    assert again.returncode == 0 and (tmp_path / "golive-runs" / "demo-acme_v2-7-2").exists()


def test_v2_scores_better_than_v1_on_handoff_and_guardrails(played: dict[str, Path]) -> None:
    v1, v2 = metrics_of(played["acme_v1"]), metrics_of(played["acme_v2"])
    assert v2["handoff.recall"] > v1["handoff.recall"]
    assert v2["guardrails.critical"] < v1["guardrails.critical"]
    assert v2["handoff.missed_on_request_rate"] < v1["handoff.missed_on_request_rate"]
    assert v2["reliability.pass_rate"] > v1["reliability.pass_rate"]


def test_every_turn_records_what_the_contract_says(tmp_path: Path) -> None:
    from golive.harness.rehearsal import RunConfig, run_suite

    outcome = run_suite(RunConfig(agent="acme_v2", mlflow=False, quiet=True, out=tmp_path / "r"))
    results = RunFolder(outcome.folder).load_results()
    for result in results:
        for turn in result.transcript.turns:
            if turn.speaker.value == "customer":
                assert turn.emotion is not None
    handed = [r for r in results if r.termination.value == "handoff"]
    assert handed and all(r.transcript.turns[-1].handoff is not None for r in handed)
    timings = [json.loads(line) for line in (outcome.folder / "timings.jsonl").read_text().splitlines()]
    assert len(timings) == len(results)
    assert all(len(t["turn_latency_s"]) == len(r.transcript.turns)
               for t, r in zip(timings, results, strict=True))


@pytest.mark.slow
def test_run_logs_params_metrics_and_artifacts_to_a_local_mlflow_store(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "--agent", "acme_v1")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "golive-runs" / "demo-acme_v1-7" / "manifest.json").read_text())
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=f"sqlite:///{tmp_path / 'mlflow.db'}")
    run = client.get_run(manifest["mlflow_run_id"])
    assert run.data.params["agent"] == "acme_v1"
    assert run.data.params["simulator"] == "scripted" and run.data.params["seed"] == "7"
    assert "golive_version" in run.data.params and "suite_hash" in run.data.params
    assert run.data.metrics["handoff.missed_on_request_rate"] == 1.0
    artifacts = {a.path for a in client.list_artifacts(run.info.run_id)}
    assert {"results.jsonl", "report.html", "summary.md", "manifest.json", "insights.json",
            "insights_table.json"} <= artifacts
    assert run.info.status == "FINISHED"
