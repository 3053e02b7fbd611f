"""`golive run` logs to a real `mlflow server` on localhost; read everything back with MlflowClient."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from golive.cli.audit import import_
from golive.errors import InputError
from golive.reports.compare import compare_results
from golive.results import RunFolder
from golive.tracking.baseline import open_run
from golive.tracking.traces import SESSION_KEY, TraceWriter, group_turns
from tests.conftest import run_cli, served_bot

pytestmark = pytest.mark.slow
SECRET = "sk-test-secret-1234567890"


@pytest.fixture(scope="module")
def logged(mlflow_server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One gated run of one scenario (5 personas) logged to the server."""
    cwd = tmp_path_factory.mktemp("logged")
    done = run_cli(["run", "--agent", "acme_v2", "--scenario", "wants-a-person", "--gate",
                    "--tracking-uri", mlflow_server, "--out", str(cwd / "run"), "--quiet",
                    "--traces", "all"], cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    manifest = json.loads((cwd / "run" / "manifest.json").read_text(encoding="utf-8"))
    return {"cwd": cwd, "folder": cwd / "run", "run_id": manifest["mlflow_run_id"]}


@pytest.fixture(scope="module")
def secret_run(mlflow_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """acme_v1 over real HTTP, its URL carrying a credential: one episode with findings."""
    cwd = tmp_path_factory.mktemp("secret")
    with served_bot("acme_v1") as port:
        agent = f"http://golive:{SECRET}@127.0.0.1:{port}/v1"
        done = run_cli(["run", "--agent", agent, "--scenario", "wants-a-person", "--persona",
                        "calm-*", "--tracking-uri", mlflow_server, "--traces", "all",
                        "--out", str(cwd / "run"),
                        "--quiet"], cwd)
        assert done.returncode == 0, done.stdout + done.stderr
    manifest = json.loads((cwd / "run" / "manifest.json").read_text(encoding="utf-8"))
    yield {"folder": cwd / "run", "run_id": manifest["mlflow_run_id"]}


def _client(url: str) -> Any:
    from mlflow.tracking import MlflowClient

    return MlflowClient(tracking_uri=url)


def test_params_metrics_tags_and_artifacts_are_on_the_server(mlflow_server: str, logged: dict[str, Any]) -> None:
    run = _client(mlflow_server).get_run(logged["run_id"])
    params, metrics = run.data.params, run.data.metrics
    for name in ("suite_hash", "agent", "agent_label", "simulator", "seed", "concurrency",
                 "golive_version", "repeats"):
        assert params.get(name), name
    assert params["agent"] == "acme_v2" and params["simulator"] == "scripted"
    assert metrics["run.episodes"] == 5 and "handoff.recall" in metrics
    assert "scenario.wants-a-person.pass_rate" in metrics and "persona.angry-alex.pass_rate" in metrics
    assert run.data.tags["golive.gate"] == "pass" and run.info.status == "FINISHED"
    names = {a.path for a in _client(mlflow_server).list_artifacts(logged["run_id"])}
    assert {"results.jsonl", "timings.jsonl", "manifest.json", "report.html", "summary.md",
            "junit.xml", "audit.csv", "audit.html"} <= names


def test_every_agent_turn_is_a_trace_grouped_by_episode_session(
    mlflow_server: str, logged: dict[str, Any]
) -> None:
    client = _client(mlflow_server)
    run = client.get_run(logged["run_id"])
    traces = client.search_traces(locations=[run.info.experiment_id], run_id=logged["run_id"],
                                  max_results=500)
    results = list(RunFolder(logged["folder"]).results())
    assert len(traces) == sum(len(group_turns(r.transcript.turns)) for r in results)
    sessions = {t.info.trace_metadata[SESSION_KEY] for t in traces}
    assert sessions == {r.episode_id for r in results}
    spans = [s for t in traces for s in t.data.spans]
    kinds = {s.name.split(" · ")[0] for s in spans}
    assert {"customer", "agent"} <= kinds
    assert any(s.span_type == "TOOL" for s in spans) or not any(
        t.tool_calls for r in results for t in r.transcript.turns)
    for trace in traces:
        root = next(s for s in trace.data.spans if s.parent_id is None)
        assert root.start_time_ns <= min(s.start_time_ns for s in trace.data.spans)
        assert trace.info.execution_duration is not None and trace.info.execution_duration >= 0
    assessed = [a.name for t in traces for a in (t.info.assessments or [])]
    assert assessed.count("reliability.pass_rate") == len(results)
    assert "handoff.outcome" in assessed and "accuracy.score" in assessed
    # Logging the same finished episodes again (a resumed run) adds no trace.
    writer = TraceWriter(mlflow_server, run.info.experiment_id, logged["run_id"])
    assert writer.write(results, {}) == 0


def test_baseline_latest_passing_and_compare_by_run_id(mlflow_server: str, logged: dict[str, Any]) -> None:
    cwd, folder = logged["cwd"], str(logged["folder"])
    gate = run_cli(["gate", folder, "--baseline", "latest-passing", "--tracking-uri", mlflow_server], cwd)
    assert gate.returncode == 0, gate.stdout + gate.stderr
    # The only passing run of this suite and agent is the gated run itself: never its own
    # baseline (tests/gate/test_baseline_match.py covers a real latest-passing pick).
    assert "no passing baseline yet" in gate.stdout and "vs baseline" not in gate.stdout
    # The same download path `golive compare RUN_ID DIR` takes, in-process (one import of MLflow).
    baseline = open_run(logged["run_id"], mlflow_server).load_results()
    text = compare_results(baseline, RunFolder.open(Path(folder)).load_results(), "mlflow", "local",
                           resamples=200)
    assert "5 shared episodes" in text
    with pytest.raises(InputError, match=f"could not download results.jsonl of MLflow run {'0' * 32}"):
        open_run("0" * 32, mlflow_server)


def test_audit_decisions_become_mlflow_feedback(
    mlflow_server: str, secret_run: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    logged = secret_run
    folder: Path = logged["folder"]
    with (folder / "audit.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, "acme_v1 leaves findings on this scenario"
    rows[0].update(reviewer="rita", decision="false_positive", reason="policy allows it")
    with (folder / "audit.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    import_(folder / "audit.csv", run_dir=None, mlflow=True)
    assert "1 decision(s) as trace feedback, 0 as run tags" in capsys.readouterr().out
    traces = _client(mlflow_server).search_traces(locations=[_experiment(mlflow_server, logged)],
                                                  run_id=logged["run_id"], max_results=500)
    reviews = [a for t in traces for a in (t.info.assessments or []) if a.name.startswith("review.")]
    assert [(r.value, r.source.source_id) for r in reviews] == [("false_positive", "rita")]


def _experiment(url: str, logged: dict[str, Any]) -> str:
    return str(_client(url).get_run(logged["run_id"]).info.experiment_id)


def test_no_secret_reaches_params_tags_or_artifacts(mlflow_server: str, secret_run: dict[str, Any]) -> None:
    client, run_id, tmp = _client(mlflow_server), secret_run["run_id"], secret_run["folder"].parent
    run = client.get_run(run_id)
    assert all(SECRET not in v for v in [*run.data.params.values(), *run.data.tags.values()])
    assert run.data.params["agent"].startswith("http://***@127.0.0.1:")
    for artifact in client.list_artifacts(run_id):
        local = client.download_artifacts(run_id, artifact.path, str(tmp / "dl"))
        assert SECRET not in Path(local).read_text(encoding="utf-8"), artifact.path


def test_traces_failed_logs_only_failed_episodes(mlflow_server: str, logged: dict[str, Any]) -> None:
    from golive.tracking import MlflowTracker

    results = list(RunFolder(logged["folder"]).results())
    mixed = [results[0].model_copy(update={"passed": False}), *results[1:]]
    tracker = MlflowTracker(mlflow_server, "golive-trace-policy", traces="failed")
    tracker.start({"suite": "policy"}, "policy")
    assert tracker.log_traces(mixed, {}) == len(group_turns(results[0].transcript.turns))
    assert MlflowTracker(mlflow_server, "golive-trace-policy", traces="none").log_traces(mixed, {}) == 0


def test_the_trace_writer_starts_with_the_first_traced_episode(
    mlflow_server: str, logged: dict[str, Any]
) -> None:
    from golive.tracking import MlflowTracker

    results = list(RunFolder(logged["folder"]).results())
    tracker = MlflowTracker(mlflow_server, "golive-trace-feed", traces="failed")
    run_id = tracker.start({"suite": "feed"}, "feed")
    tracker.start_feed()
    for passed in results[1:]:
        tracker.offer(passed, None)
    assert tracker.feed is None  # nothing to trace yet: no writer process
    failed = results[0].model_copy(update={"passed": False})
    tracker.offer(failed, None)
    assert tracker.feed is not None
    assert tracker.log_traces([failed, *results[1:]], {}) == 0  # the writer stored them all
    traces = _client(mlflow_server).search_traces(
        locations=[tracker.experiment_id], run_id=run_id, max_results=500
    )
    assert {t.info.trace_metadata[SESSION_KEY] for t in traces} == {failed.episode_id}
    assert len(traces) == len(group_turns(failed.transcript.turns))


def test_an_unknown_trace_policy_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli(["run", "--traces", "some", "--no-mlflow"], tmp_path)
    assert done.returncode == 2 and "unknown --traces 'some'" in done.stderr
    assert "use all, failed or none" in done.stderr
