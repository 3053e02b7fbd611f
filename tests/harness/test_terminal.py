"""A clean terminal: one line per 10% without a TTY, other libraries quiet unless --verbose.
The rich bar on a TTY and the summary's lines: test_terminal_bar.py (its own file, so that
another test worker runs it)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run_cli


def test_without_a_terminal_one_line_per_tenth_and_no_library_chatter(tmp_path: Path) -> None:
    done = run_cli(["run", "--agent", "acme_v2"], tmp_path)  # MLflow on: a fresh mlflow.db
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if line.startswith("episodes ")]
    assert [re.search(r"\((\d+)%", line).group(1) for line in progress] == [  # type: ignore[union-attr]
        str(p) for p in range(10, 101, 10)
    ]
    assert progress[-1] == "episodes 25/25 (100%, 0 failed)"
    others = [line for line in done.stderr.splitlines() if line not in progress]
    assert others == [], others  # no MLflow migration or trace-queue INFO lines


def test_verbose_lets_the_libraries_speak(tmp_path: Path) -> None:
    done = run_cli(
        ["run", "--agent", "acme_v2", "--scenario", "order-status", "--verbose"], tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "INFO mlflow" in done.stderr  # e.g. "Creating initial MLflow database tables"
