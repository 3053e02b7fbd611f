"""RunFolder: the one door to a run's files, its errors, and what it keeps for rebuilds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from golive.errors import InputError
from golive.harness.rehearsal import RunConfig, run_suite
from golive.results import RunFolder
from golive.results.run_folder import SUMMARY_FILE
from tests.conftest import run_cli

SUITE = (
    "kind: suite\nname: gated\nseed: 3\nscenarios: ['pack:demo/wants-a-person']\n"
    "personas: ['library:angry-alex', 'library:anxious-anna']\n"
    "gate:\n  thresholds: ['handoff.recall >= 0.9']\n"
)


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run of a small gated suite against acme_v2 (it passes its gate)."""
    root = tmp_path_factory.mktemp("run")
    suite = root / "suite.yaml"
    suite.write_text(SUITE, encoding="utf-8")
    outcome = run_suite(RunConfig(suite=suite, agent="acme_v2", mlflow=False, quiet=True,
                                  out=root / "run"))
    return outcome.folder


@pytest.fixture
def copy(finished: Path, tmp_path: Path) -> Path:
    """A copy of the finished run (with its suite) that a test may change."""
    shutil.copy(finished.parent / "suite.yaml", tmp_path / "suite.yaml")
    folder = tmp_path / "run"
    shutil.copytree(finished, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["suite_source"] = str(tmp_path / "suite.yaml")
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_open_accepts_a_folder_or_its_results_file(finished: Path) -> None:
    by_folder, by_file = RunFolder.open(finished), RunFolder.open(finished / "results.jsonl")
    assert by_folder.path == by_file.path == finished
    assert [r.episode_id for r in by_folder.results()] == [r.episode_id for r in by_file.results()]
    assert len(by_folder.load_results()) == 2
    assert set(by_folder.timings()) == by_folder.finished_ids()


def test_open_names_what_is_missing_and_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        RunFolder.open(tmp_path / "nowhere")
    assert f"no results at {tmp_path / 'nowhere'}" in str(caught.value)
    assert "hint: pass a run folder (holding results.jsonl) or a results.jsonl file" in str(caught.value)
    with pytest.raises(InputError, match="holds no manifest.json"):
        RunFolder(tmp_path).manifest()


def test_a_malformed_line_is_named_with_its_file_and_number(copy: Path, tmp_path: Path) -> None:
    path = copy / "results.jsonl"
    first, second = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(first + '{"episode_id": "x"}\n' + second, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        RunFolder.open(copy).load_results()
    assert caught.value.line == 2 and caught.value.file == str(path)
    assert str(caught.value).startswith(f"{path}:2: not a golive results file")
    done = run_cli(["gate", str(copy)], tmp_path)
    assert done.returncode == 2 and f"{path}:2: not a golive results file" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_empty_results_file_and_a_bad_manifest_are_input_errors(copy: Path) -> None:
    (copy / "manifest.json").write_text('{"suite_name": 3}\n', encoding="utf-8")
    with pytest.raises(InputError, match="not a golive manifest") as caught:
        RunFolder(copy).manifest()
    assert caught.value.file == str(copy / "manifest.json")
    (copy / "results.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="the results file holds no episodes"):
        RunFolder.open(copy).load_results()


def test_a_torn_last_line_is_skipped_then_cut_before_appending(copy: Path) -> None:
    folder = RunFolder(copy)
    results = folder.load_results()
    timings = folder.timings()
    with (copy / "results.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"episode_id": "half')  # a run killed mid-write
    assert [r.episode_id for r in folder.results()] == [r.episode_id for r in results]
    with folder.appender() as append:
        append(results[0], timings[results[0].episode_id])
    assert len((copy / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    folder.finalise()  # sorted, one line per episode (the last one written wins)
    assert [r.episode_id for r in folder.results()] == [r.episode_id for r in results]


def test_create_never_writes_into_a_folder_that_holds_files(finished: Path, tmp_path: Path) -> None:
    manifest = RunFolder(finished).manifest()
    first = RunFolder.create(manifest, out=tmp_path / "r")
    (first.path / "results.jsonl").write_text("", encoding="utf-8")
    second = RunFolder.create(manifest, out=tmp_path / "r")
    assert (first.path.name, second.path.name) == ("r", "r-2")


def test_the_stop_notice_survives_golive_report(copy: Path, tmp_path: Path) -> None:
    folder = RunFolder(copy)
    before = (copy / SUMMARY_FILE).read_text(encoding="utf-8")
    assert "Stopped early" not in before
    notice = "--max-cost $0.01 reached ($0.0100 spent): 3 episodes were not started"
    folder.write_manifest(folder.manifest().model_copy(update={"stopped": notice}))
    done = run_cli(["report", str(copy), "--no-step-summary"], tmp_path)
    assert done.returncode == 0, done.stderr
    after = (copy / SUMMARY_FILE).read_text(encoding="utf-8")
    assert after == before + f"\n**Stopped early:** {notice}.\n"
    again = run_cli(["report", str(copy), "--no-step-summary"], tmp_path)  # no second note
    assert again.returncode == 0 and (copy / SUMMARY_FILE).read_text(encoding="utf-8") == after


def test_an_edited_suite_does_not_change_a_finished_runs_verdict(copy: Path, tmp_path: Path) -> None:
    recorded = RunFolder(copy).recorded_gate()
    assert recorded is not None and recorded.spec is not None
    assert recorded.spec["thresholds"] == ["handoff.recall >= 0.9"]
    suite = tmp_path / "suite.yaml"
    suite.write_text(SUITE.replace("handoff.recall >= 0.9", "handoff.recall <= 0.1"), encoding="utf-8")
    kept = run_cli(["gate", str(copy)], tmp_path)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "thresholds from the suite's gate: section" in kept.stdout
    assert "handoff.recall <= 0.1" not in kept.stdout
    # A folder written before golive recorded the gate still reads the suite file.
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    del manifest["gate"]
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert RunFolder(copy).recorded_gate() is None
    old = run_cli(["gate", str(copy)], tmp_path)
    assert old.returncode == 1 and "FAIL handoff.recall <= 0.10" in old.stdout


def test_a_suite_without_a_gate_is_recorded_as_none(tmp_path: Path) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_text(SUITE.split("gate:")[0], encoding="utf-8")
    outcome = run_suite(RunConfig(suite=suite, agent="acme_v2", mlflow=False, quiet=True,
                                  out=tmp_path / "run"))
    recorded = RunFolder(outcome.folder).recorded_gate()
    assert recorded is not None and recorded.spec is None
    done = run_cli(["gate", str(outcome.folder)], tmp_path)
    assert "thresholds from the default thresholds" in done.stdout
