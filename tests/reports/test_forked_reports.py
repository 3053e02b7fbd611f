"""Reports rendered in two processes are the texts one process renders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from golive.reports import forked, write_reports
from golive.reports.base import REPORT, Report
from golive.results import RunFolder


def _rebuilt(source: Path, to: Path, processes: int) -> dict[str, str]:
    shutil.copytree(source, to)
    folder = RunFolder(to)
    return write_reports(folder, folder.manifest(), folder.load_results(), processes=processes)


def test_two_processes_write_the_same_reports(
    run_folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(forked, "MIN_EPISODES", 1)  # the demo run is small: fork anyway
    # The same folder name (the insights name their run) under two parents.
    one = _rebuilt(run_folders["acme_v1"], tmp_path / "one" / "run", processes=1)
    two = _rebuilt(run_folders["acme_v1"], tmp_path / "two" / "run", processes=2)
    assert list(two) == list(one)  # same files, in the registry's order
    assert two == one
    away = {REPORT.get(name).file for name in forked.AWAY}
    assert away <= set(two) and all(two[name] for name in away)
    for name in one:
        written = (tmp_path / "two" / "run" / name).read_bytes()
        assert written == (tmp_path / "one" / "run" / name).read_bytes()


def test_a_report_failing_in_the_child_fails_the_rendering(
    run_folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(run: object) -> str:
        raise ValueError("junit renderer broke")

    monkeypatch.setattr(forked, "MIN_EPISODES", 1)
    folder = RunFolder(run_folders["acme_v2"])
    rows = {**REPORT.rows(), "junit": Report("junit.xml", broken)}
    from golive.reports import ReportInput
    from golive.results.metrics import aggregate

    results = folder.load_results()
    run = ReportInput(folder, folder.manifest(), results, aggregate(results), _insights(folder))
    with pytest.raises(ValueError, match="junit renderer broke"):
        forked.render_all(run, rows, processes=2)


def _insights(folder: RunFolder):  # type: ignore[no-untyped-def]
    from golive.insights.patterns import find_patterns

    return find_patterns(folder.load_results(), folder.path.name)


def test_a_child_started_before_the_results_are_read_writes_the_same_reports(
    run_folders: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # How `golive score` ends: the child forks as soon as results.jsonl is final and reads it
    # itself, while the parent reads it too and works out the metrics and insights.
    from golive.reports import start_reports_beside

    monkeypatch.setattr(forked, "MIN_EPISODES", 1)
    one = _rebuilt(run_folders["acme_v1"], tmp_path / "one" / "run", processes=1)
    shutil.copytree(run_folders["acme_v1"], tmp_path / "two" / "run")
    folder = RunFolder(tmp_path / "two" / "run")
    beside = start_reports_beside(folder, folder.manifest(), processes=2)
    assert beside is not None and set(beside.names) == set(forked.AWAY)
    two = write_reports(
        folder, folder.manifest(), folder.load_results(), processes=2, beside=beside
    )
    assert list(two) == list(one)
    assert two == one


def test_no_child_is_started_for_one_process_or_a_small_run(
    run_folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from golive.reports import start_reports_beside

    folder = RunFolder(run_folders["acme_v1"])
    assert start_reports_beside(folder, folder.manifest(), processes=1) is None
    monkeypatch.setattr(forked, "MIN_EPISODES", 10**6)
    assert start_reports_beside(folder, folder.manifest(), processes=2) is None
