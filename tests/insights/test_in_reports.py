"""Insights show up where people read a run: summary, HTML report, files, MLflow."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from golive.harness.rehearsal import RunConfig, run_suite


@pytest.fixture(scope="module")
def v1_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports") / "v1"
    return run_suite(RunConfig(agent="acme_v1", mlflow=False, quiet=True, out=out)).folder


def test_summary_lists_the_top_patterns(v1_folder: Path) -> None:
    text = (v1_folder / "summary.md").read_text()
    assert "### Where it fails" in text
    assert "handoff.missed when tag=bereavement: 5 of 5 episodes" in text


def test_html_report_has_a_where_it_fails_section_whose_links_resolve(v1_folder: Path) -> None:
    html = (v1_folder / "report.html").read_text()
    assert '<h2 id="where-it-fails">Where it fails</h2>' in html
    links = set(re.findall(r'<a href="#([0-9a-f]{12})">', html))
    anchors = set(re.findall(r'<details class="episode" id="([0-9a-f]{12})"', html))
    assert links and links <= anchors


def test_insights_files_are_written_and_kept_with_analyst_notes(v1_folder: Path) -> None:
    from golive.reports import write_reports
    from golive.results import RunFolder

    data = json.loads((v1_folder / "insights.json").read_text())
    assert data["failed"] > 0 and data["modes"]
    note = {"mode": "m", "features": ["f"], "customers_wanted": "w", "why_it_failed": "y",
            "change_kind": "prompt", "change": "c", "citations": ["abc:1"]}
    data["analyst_notes"] = [note]
    (v1_folder / "insights.json").write_text(json.dumps(data))
    folder = RunFolder(v1_folder)
    write_reports(folder, folder.manifest(), list(folder.results()))
    kept = json.loads((v1_folder / "insights.json").read_text())
    assert kept["analyst_notes"] == [note]
    assert "Analyst on m" in (v1_folder / "report.html").read_text()
