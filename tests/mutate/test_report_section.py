"""report.html shows the mutation results of its folder (a separate partial), and keeps them
when the reports are rebuilt from the folder alone."""

from __future__ import annotations

from pathlib import Path

from golive.mutate.run import MutateConfig, run_mutation
from golive.reports import write_reports
from golive.results.run_folder import RunFolder


def test_report_html_has_the_mutation_section_and_keeps_it_on_rebuild(tmp_path: Path) -> None:
    report = run_mutation(
        MutateConfig(
            suite=Path("pack:demo"),
            agent="acme_v2",
            out=tmp_path / "m",
            operators=("claims_human", "repeat_question"),
            mlflow=False,
            quiet=True,
            min_score=0.5,
        )
    )
    html = (report.folder / "report.html").read_text(encoding="utf-8")
    assert 'id="mutation"' in html and "Mutation score <b>0.50</b>" in html
    assert "<td>claims_human</td>" in html and "identity.claims_human" in html
    assert "repeat_question: survived (threshold)" in html and "<b>Add:</b>" in html
    assert 'class="pass">pass</b>' in html
    # golive report rebuilds from the folder: the section stays
    folder = RunFolder.open(report.folder)
    written = write_reports(folder, folder.manifest(), folder.results_for_reports())
    assert 'id="mutation"' in written["report.html"]
    # an unreadable mutation.json is said, not skipped
    (report.folder / "mutation.json").write_text("{not json", encoding="utf-8")
    written = write_reports(folder, folder.manifest(), folder.results_for_reports())
    assert "mutation.json could not be read: JSONDecodeError" in written["report.html"]


def test_a_plain_run_has_no_mutation_section(tmp_path: Path) -> None:
    from golive.harness.rehearsal import RunConfig, run_suite

    outcome = run_suite(
        RunConfig(
            agent="acme_v2",
            scenario_filter="order-status",
            out=tmp_path / "r",
            mlflow=False,
            quiet=True,
        )
    )
    assert 'id="mutation"' not in (outcome.folder / "report.html").read_text(encoding="utf-8")
