"""A clean terminal: a rich bar on a TTY instead of the plain lines, and a summary that
lists pass^k and every error rate. The plain lines and quiet libraries: test_terminal.py."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import cli_env, run_cli


@pytest.mark.slow
def test_a_terminal_gets_a_rich_bar_instead_of_lines(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "golive", "run", "--agent", "acme_v2", "--no-mlflow"],
        cwd=tmp_path,
        env={**cli_env(), "COLUMNS": "100"},
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=300) == 0
    text = seen.decode("utf-8", "replace")
    assert "━" in text and "episodes" in text  # rich's bar, redrawn in place
    assert "(10%," not in text  # not the plain lines


def test_summary_lists_pass_hat_k_and_every_error_rate(tmp_path: Path) -> None:
    done = run_cli(
        [
            "run",
            "--agent",
            "acme_v2",
            "--no-mlflow",
            "--repeats",
            "3",
            "--scenario",
            "order-status",
            "--quiet",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    for k in (1, 2, 3):
        assert f"| reliability.pass_hat_{k} ↑ | 1 |" in done.stdout
    assert "reliability.pass_hat_4" not in done.stdout  # needs 4 repeats: not measured
    assert "| errors.agent_rate ↓ | 0 |" in done.stdout
    assert "| errors.simulator_rate ↓ | 0 |" in done.stdout
    assert "Not measured in this run: `errors.judge_rate` (no judge configured)." in done.stdout
