"""Reviews that stick: decisions survive `golive report`, re-export and a second import,
show in every report and in MLflow, and change the gate only with `--reviews`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import copy_store, run_cli

REFUND = "refund-outside-policy"


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def reviewed(
    tmp_path_factory: pytest.TempPathFactory, migrated_store: Path
) -> dict[str, Any]:
    """acme_v1 on two episodes (one failed and traced, one passed with a minor finding),
    logged to MLflow, exported, reviewed and imported."""
    cwd = tmp_path_factory.mktemp("reviews")
    uri = copy_store(migrated_store, cwd)  # cwd/mlflow.db, already migrated
    run = cwd / "run"
    done = run_cli(["run", "--agent", "acme_v1", "--scenario", "[or]*", "--persona", "angry-alex",
                    "--tracking-uri", uri, "--quiet", "--out", str(run)], cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    assert run_cli(["audit", "export", str(run)], cwd).returncode == 0
    rows = _rows(run / "audit.csv")
    criticals = [r for r in rows if r["scenario"] == REFUND and r["severity"] == "critical"]
    risk = next(r for r in rows if r["rule_id"] == "tone.dismissive")
    minor = next(r for r in rows if r["scenario"] == "order-status")
    for r in criticals:
        r.update(reviewer="rita", decision="false_positive", reason="refund was pre-authorised")
    risk.update(reviewer="sam", decision="accepted_risk", reason="tone fix ships next sprint")
    minor.update(reviewer="rita", decision="confirmed", reason="no acknowledgement of anger")
    reviewed_csv = cwd / "reviewed.csv"
    _write(reviewed_csv, rows)
    first = run_cli(["audit", "import", str(reviewed_csv), "--run-dir", str(run)], cwd)
    assert first.returncode == 0, first.stdout + first.stderr
    manifest = json.loads((run / "manifest.json").read_text())
    return {"cwd": cwd, "run": run, "uri": uri, "rows": rows, "first": first.stdout,
            "criticals": criticals, "risk": risk, "minor": minor,
            "run_id": manifest["mlflow_run_id"]}


@pytest.mark.slow
def test_a_decision_without_reviewer_or_reason_is_refused_with_file_line_and_field(
    reviewed: dict[str, Any], tmp_path: Path
) -> None:
    rows = [dict(r) for r in reviewed["rows"]]
    for r in rows:
        r.update(reviewer="", decision="", reason="")
    rows[0].update(decision="confirmed", reason="quoted policy")        # no reviewer
    rows[1].update(decision="accepted_risk", reviewer="sam")            # no reason
    bad = tmp_path / "bad.csv"
    _write(bad, rows)
    # Each row's context spans several lines: errors name the line where the row starts.
    second = 2 + rows[0]["context"].count("\n") + 1 + rows[0]["quote"].count("\n") + rows[0]["explanation"].count("\n")
    before = (reviewed["run"] / "reviews.jsonl").read_text()
    done = run_cli(["audit", "import", str(bad), "--run-dir", str(reviewed["run"])], tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{bad}:2: reviewer: the confirmed decision has no reviewer" in done.stderr
    assert f"{bad}:{second}: reason: the accepted_risk decision has no reason" in done.stderr
    assert (reviewed["run"] / "reviews.jsonl").read_text() == before  # nothing half-imported


@pytest.mark.slow
def test_the_log_holds_who_what_why_and_when(reviewed: dict[str, Any]) -> None:
    assert "6 new decision(s) (accepted_risk 1, confirmed 1, false_positive 4)" in reviewed["first"]
    lines = [json.loads(x) for x in (reviewed["run"] / "reviews.jsonl").read_text().splitlines()]
    assert len(lines) == 6
    assert all(x["reviewer"] and x["reason"] and x["time"].endswith("+00:00") for x in lines)
    assert {x["decision"] for x in lines} == {"false_positive", "accepted_risk", "confirmed"}


@pytest.mark.slow
def test_reviews_survive_report_and_reexport_and_show_in_every_report(reviewed: dict[str, Any]) -> None:
    run, cwd = reviewed["run"], reviewed["cwd"]
    assert run_cli(["report", str(run), "--no-step-summary"], cwd).returncode == 0
    for _ in range(2):  # report rebuilt, then exported again: the decisions stay
        rows = {r["finding_id"]: r for r in _rows(run / "audit.csv")}
        risk = rows[reviewed["risk"]["finding_id"]]
        assert (risk["reviewer"], risk["decision"], risk["reason"]) == (
            "sam", "accepted_risk", "tone fix ships next sprint")
        assert all(rows[r["finding_id"]]["decision"] == "false_positive" for r in reviewed["criticals"])
        assert run_cli(["audit", "export", str(run)], cwd).returncode == 0
    summary = (run / "summary.md").read_text()
    assert "### Reviews (6 findings; accepted_risk 1, confirmed 1, false_positive 4)" in summary
    assert "**accepted_risk** `tone.dismissive`" in summary and "by sam: tone fix ships next sprint" in summary
    html = (run / "report.html").read_text()
    assert 'id="reviews"' in html and "refund was pre-authorised" in html
    assert "(reviewed: false_positive by rita: refund was pre-authorised)" in html
    audit = (run / "audit.html").read_text()
    assert "6 reviewed" in audit and "tone fix ships next sprint" in audit


def test_the_gate_changes_only_with_reviews_and_names_the_reviewer(reviewed: dict[str, Any]) -> None:
    run, cwd = reviewed["run"], reviewed["cwd"]
    plain = run_cli(["gate", str(run)], cwd)
    assert plain.returncode == 1, plain.stdout
    assert "FAIL guardrails.critical == 0: is 4" in plain.stdout
    assert "not applied; gate with --reviews to apply them" in plain.stdout
    applied = run_cli(["gate", str(run), "--reviews"], cwd)
    assert applied.returncode == 0, applied.stdout
    assert "ok   guardrails.critical == 0 (is 0)" in applied.stdout
    assert ("note reviews: dropped critical commitment.unauthorised_refund in "
            in applied.stdout and "false_positive by rita: refund was pre-authorised" in applied.stdout)
    # The accepted risk stays counted and visible, with its reason.
    assert ("note reviews: still counted, major tone.dismissive in " in applied.stdout
            and "accepted_risk by sam: tone fix ships next sprint" in applied.stdout)
    record = json.loads((run / "gate.json").read_text())
    assert record["verdict"] == "pass" and any("rita" in r["text"] for r in record["reasons"])


def test_a_second_import_appends_and_the_latest_decision_wins(reviewed: dict[str, Any], tmp_path: Path) -> None:
    run, cwd = reviewed["run"], reviewed["cwd"]
    # The whole re-exported CSV again: nothing new, nothing replaced.
    again = run_cli(["audit", "import", str(run / "audit.csv")], cwd)
    assert again.returncode == 0 and "0 new decision(s) (none new); 6 finding(s) reviewed" in again.stdout
    # One changed decision, alone in its file: it is added; the other five stay.
    rows = [dict(r) for r in reviewed["rows"]]
    for r in rows:
        r.update(reviewer="", decision="", reason="")
    changed = next(r for r in rows if r["finding_id"] == reviewed["risk"]["finding_id"])
    changed.update(reviewer="lee", decision="confirmed", reason="legal says it is a breach")
    one = tmp_path / "one.csv"
    _write(one, rows)
    done = run_cli(["audit", "import", str(one), "--run-dir", str(run), "--no-mlflow"], cwd)
    assert done.returncode == 0, done.stderr
    assert "1 new decision(s) (confirmed 1); 6 finding(s) reviewed in all, 7 decision(s)" in done.stdout
    assert run_cli(["audit", "export", str(run)], cwd).returncode == 0
    now = {r["finding_id"]: r for r in _rows(run / "audit.csv")}
    assert now[changed["finding_id"]]["decision"] == "confirmed"
    assert now[changed["finding_id"]]["reviewer"] == "lee"
    assert sum(r["decision"] == "false_positive" for r in now.values()) == 4
    audit = (run / "audit.html").read_text()
    assert "legal says it is a breach" in audit and "tone fix ships next sprint" in audit  # history


def test_every_decision_reaches_mlflow_on_its_trace_or_on_the_run(reviewed: dict[str, Any]) -> None:
    from mlflow.tracking import MlflowClient

    from golive.tracking.sessions import session_traces

    assert "5 decision(s) as trace feedback, 1 as run tags" in reviewed["first"]
    client = MlflowClient(tracking_uri=reviewed["uri"])
    run = client.get_run(reviewed["run_id"])
    traces = session_traces(client, run.info.experiment_id, reviewed["run_id"])
    failed = reviewed["risk"]["episode_id"]
    assert failed in traces and reviewed["minor"]["episode_id"] not in traces  # passed: untraced
    assessments = client.get_trace(traces[failed]).info.assessments
    reviews = [a for a in assessments if a.source.source_type == "HUMAN"]
    assert {a.source.source_id for a in reviews} == {"rita", "sam"}
    assert sorted(a.feedback.value for a in reviews).count("false_positive") == 4
    tag = next(v for k, v in run.data.tags.items() if k.startswith("golive.review."))
    assert tag.startswith("confirmed by rita at ") and tag.endswith("no acknowledgement of anger")
    assert run.data.metrics["reviews.false_positive"] == 4.0
    artifacts = [f.path for f in client.list_artifacts(reviewed["run_id"])]
    assert "reviews.jsonl" in artifacts


def test_a_csv_from_another_run_is_refused_naming_the_row(reviewed: dict[str, Any], tmp_path: Path) -> None:
    rows = [dict(r) for r in reviewed["rows"]]
    for r in rows:
        r.update(reviewer="", decision="", reason="")
    rows[0].update(episode_id="000000000000", reviewer="rita", decision="confirmed", reason="x")
    other = tmp_path / "other.csv"
    _write(other, rows)
    done = run_cli(["audit", "import", str(other), "--run-dir", str(reviewed["run"])], tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{other}:2: episode_id: this run has no finding {rows[0]['rule_id']}" in done.stderr
    assert "in episode 000000000000" in done.stderr
