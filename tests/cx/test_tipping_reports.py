"""Tipping points in minutes and turns: report.html section, summary.md, MLflow metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golive.harness.rehearsal import RunConfig, run_suite
from golive.reports.contact_centre import cx_view, tipping_minutes_chart
from golive.results import RunFolder
from golive.results import contact_centre as cx


@pytest.fixture(scope="module")
def v1_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cx-v1") / "run"
    return run_suite(RunConfig(agent="acme_v1", mlflow=False, quiet=True, out=out)).folder


def test_tipping_rows_agree_with_the_transcripts(v1_run: Path) -> None:
    results = RunFolder(v1_run).load_results()
    rows = {(r.persona, r.scenario): r for r in cx.tipping_rows(results)}
    assert sum(r.episodes for r in rows.values()) == len(results)
    for result in results:
        row = rows[(result.persona_id, result.scenario_id)]
        crossed = [
            t
            for t in result.transcript.turns
            if t.emotion is not None and t.emotion.intensity >= cx.HIGH
        ]
        if crossed and row.episodes == 1:
            first = crossed[0]
            assert row.tipped == 1 and row.minutes == pytest.approx((first.at_s or 0) / 60)
            assert row.turns == cx.customer_turn_number(result, first.index)
            assert first.emotion is not None and row.labels == (first.emotion.label.value,)


def test_report_and_summary_show_the_contact_centre_section(v1_run: Path) -> None:
    html = (v1_run / "report.html").read_text(encoding="utf-8")
    assert '<section id="contact-centre">' in html and 'id="tipping-points"' in html
    assert 'data-chart="tipping-minutes"' in html
    summary = (v1_run / "summary.md").read_text(encoding="utf-8")
    assert "### Contact centre" in summary and "#### Tipping points" in summary
    view = cx_view(RunFolder(v1_run).load_results())
    for row in view.rows:  # every headline metric with its interval, in both files
        assert f"| {row.name} " in summary and row.name in html
        assert row.low is not None and row.high is not None and row.low <= row.value <= row.high
    for row in view.tipping:
        assert f"| {row.persona} | {row.scenario} | {row.tipped}/{row.episodes} |" in summary


def test_chart_escapes_persona_ids_and_says_when_nobody_tipped() -> None:
    assert "no customer crossed the tipping point" in tipping_minutes_chart([])


@pytest.mark.slow
def test_tipping_metrics_reach_mlflow(tmp_path: Path, fresh_store: str) -> None:
    uri = fresh_store  # tmp_path/mlflow.db, already migrated
    outcome = run_suite(
        RunConfig(
            agent="acme_v1",
            quiet=True,
            out=tmp_path / "r",
            tracking_uri=uri,
            scenario_filter="wants-a-person",
        )
    )
    manifest = json.loads((outcome.folder / "manifest.json").read_text())
    from mlflow.tracking import MlflowClient

    metrics = MlflowClient(tracking_uri=uri).get_run(manifest["mlflow_run_id"]).data.metrics
    expected = cx.tipping_metrics(RunFolder(outcome.folder).load_results())
    assert "tipping.calm-carla.wants-a-person.minutes" in expected
    for name, value in expected.items():
        assert metrics[name] == pytest.approx(value)
    assert "cx.tipping_rate" in metrics and "cx.minutes_to_tipping" in metrics
