"""`--baseline latest-passing` takes the newest passing run of the same suite (by hash) and
agent, says which, and records it in the run folder's gate.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

SUITE = """\
kind: suite
name: {name}
seed: 3
scenarios: ['pack:demo/{scenario}']
personas: ['library:calm-carla', 'library:angry-alex']
"""


@pytest.mark.slow
def test_latest_passing_matches_suite_hash_and_agent_and_says_which_run(
    tmp_path: Path, fresh_store: str
) -> None:
    uri = fresh_store  # tmp_path/mlflow.db, already migrated
    for name, scenario in (("alpha", "order-status"), ("beta", "wants-a-person")):
        (tmp_path / f"{name}.yaml").write_text(SUITE.format(name=name, scenario=scenario))

    def run(suite: str, agent: str, out: str) -> tuple[int, str, Path]:
        done = run_cli(
            [
                "run",
                f"{suite}.yaml",
                "--agent",
                agent,
                "--tracking-uri",
                uri,
                "--quiet",
                # Baselines are chosen from runs, tags and metrics; no trace writer needed.
                "--traces",
                "none",
                "--gate",
                "--baseline",
                "latest-passing",
                "--out",
                str(tmp_path / out),
            ],
            tmp_path,
        )
        return done.returncode, done.stdout + done.stderr, tmp_path / out

    code, text, first = run("alpha", "acme_v2", "a1")
    assert code == 0, text
    assert "no passing baseline yet" in text
    first_id = json.loads((first / "manifest.json").read_text())["mlflow_run_id"]
    _mlflow_has_the_gated_report(uri, first_id, tmp_path / "down")
    # Another suite in the same store: it used to take alpha's run and exit 2 (no shared episodes).
    code, text, _ = run("beta", "acme_v2", "b1")
    assert code == 0, text
    assert "no passing baseline yet" in text
    # Another agent on the same suite must not be compared with acme_v2's run either.
    code, text, _ = run("alpha", "tests.sample_agents:sync_echo", "a-echo")
    assert "no passing baseline yet" in text, text
    code, text, again = run("alpha", "acme_v2", "a2")
    assert code == 0, text
    assert f"baseline latest-passing: MLflow run {first_id} (alpha-acme_v2" in text
    assert "agent 'acme_v2')" in text
    record = json.loads((again / "gate.json").read_text())
    assert record["verdict"] == "pass" and record["baseline"]["spec"] == "latest-passing"
    assert first_id in record["baseline"]["chosen"]
    # Gating the first run again never takes the run itself as its own baseline.
    regate = run_cli(
        ["gate", str(first), "--baseline", "latest-passing", "--tracking-uri", uri], tmp_path
    )
    again_id = json.loads((again / "manifest.json").read_text())["mlflow_run_id"]
    assert (
        f"MLflow run {again_id}" in regate.stdout
        and first_id not in regate.stdout.split("baseline")[1].splitlines()[0]
    )


def _mlflow_has_the_gated_report(uri: str, run_id: str, into: Path) -> None:
    """MLflow keeps the report as the gate left it (with its verdict) and the gate record."""
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    assert client.get_run(run_id).data.tags["golive.gate"] == "pass"
    into.mkdir()
    report = Path(client.download_artifacts(run_id, "report.html", str(into)))
    assert 'data-verdict="pass"' in report.read_text(encoding="utf-8")
    gate = Path(client.download_artifacts(run_id, "gate.json", str(into)))
    assert json.loads(gate.read_text(encoding="utf-8"))["verdict"] == "pass"
