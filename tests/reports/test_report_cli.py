"""`golive report` rebuilds every report from results.jsonl; `golive audit` exports and imports."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import cli_env, run_cli

FILES = ("report.html", "summary.md", "junit.xml", "audit.csv", "audit.html")


def test_report_rebuilds_the_same_files_and_fills_the_step_summary(
    run_folders: dict[str, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "run"
    shutil.copytree(run_folders["acme_v1"], folder)
    before = {name: (folder / name).read_bytes() for name in FILES}
    for name in FILES:
        (folder / name).unlink()
    summary = tmp_path / "step.md"
    env = {**cli_env(), "GITHUB_STEP_SUMMARY": str(summary)}
    done = subprocess.run([sys.executable, "-m", "golive", "report", str(folder)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert {name: (folder / name).read_bytes() for name in FILES} == before
    assert summary.read_text(encoding="utf-8") == before["summary.md"].decode()


def test_report_refuses_a_folder_without_a_manifest(tmp_path: Path) -> None:
    done = run_cli(["report", str(tmp_path)], tmp_path)
    assert done.returncode == 2 and "holds no manifest.json" in done.stderr


def test_audit_export_then_import(run_folders: dict[str, Path], tmp_path: Path) -> None:
    folder = tmp_path / "run"
    shutil.copytree(run_folders["acme_v1"], folder)
    assert run_cli(["audit", "export", str(folder)], tmp_path).returncode == 0
    with (folder / "audit.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0].update(reviewer="rita", decision="confirmed", reason="a promise of money")
    with (folder / "audit.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    done = run_cli(["audit", "import", str(folder / "audit.csv")], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 new decision(s) (confirmed 1)" in done.stdout
    assert "not logged to MLflow: the run was made with --no-mlflow" in done.stdout
    saved = [json.loads(x) for x in (folder / "reviews.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (saved[0]["episode_id"], saved[0]["rule_id"]) == (rows[0]["episode_id"], rows[0]["rule_id"])
    assert saved[0]["reviewer"] == "rita" and saved[0]["reason"] == "a promise of money"
    assert os.path.exists(folder / "audit.html")
