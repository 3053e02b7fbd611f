"""examples/github-actions.yml uses only commands and options golive has, and its steps run."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO, cli_env, run_cli


def test_github_actions_example_calls_real_golive_options(tmp_path: Path) -> None:
    workflow = yaml.safe_load(
        (REPO / "examples" / "github-actions.yml").read_text(encoding="utf-8")
    )
    steps = workflow["jobs"]["gate"]["steps"]
    commands = [s["run"] for s in steps if "golive " in s.get("run", "")]
    assert any("--gate" in c for c in commands)
    for command in commands:
        words = command.replace("\\\n", " ").split()
        sub = words[words.index("golive") + 1]
        help_text = run_cli([sub, "--help"], tmp_path).stdout
        for option in (w for w in words if w.startswith("--")):
            assert re.search(rf"{re.escape(option)}\b", help_text), f"golive {sub} has no {option}"


def _shim(folder: Path) -> Path:
    """A ``golive`` on PATH that runs this checkout (what `make install` puts in .venv/bin)."""
    folder.mkdir()
    script = folder / "golive"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m golive "$@"\n')
    script.chmod(0o755)
    return folder


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(
        (REPO / "examples" / "github-actions.yml").read_text(encoding="utf-8")
    )
    assert workflow["permissions"]["checks"] == "write"  # the JUnit action publishes a check
    steps: list[dict[str, Any]] = workflow["jobs"]["gate"]["steps"]
    return steps


@pytest.mark.slow
def test_github_actions_example_runs_its_steps_here(tmp_path: Path) -> None:
    steps = _steps()
    junit = next(s for s in steps if "action-junit-report" in s.get("uses", ""))
    work = tmp_path / "checkout"
    shutil.copytree(REPO / "examples", work / "examples")
    env = {
        **cli_env(),
        "PATH": f"{_shim(tmp_path / 'bin')}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_PATH": str(tmp_path / "path.txt"),
    }
    ran = []
    for step in steps:
        if "run" not in step:
            continue
        if "make install" in step["run"]:
            # The README's install: hash-pinned lock, then the .pth check. `make test` runs
            # it for real here; this checks the recipe and runs the check on this venv.
            recipe = subprocess.run(
                ["make", "-n", "-B", "install"], cwd=REPO, capture_output=True, text=True, check=True
            ).stdout
            assert "--require-hashes -r requirements.lock" in recipe
            assert "tools/check_pth.py" in recipe
            check = subprocess.run(
                [sys.executable, "-I", "-S", str(REPO / "tools" / "check_pth.py")],
                capture_output=True,
                text=True,
            )
            assert check.returncode == 0, check.stdout + check.stderr
            continue
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{step['name']}: {done.stdout}{done.stderr}"
        ran.append(step["name"])
    assert ran == ["Check the suite and the gate", "Rehearse and gate"]
    assert (work / junit["with"]["report_paths"]).is_file()
    assert "golive: demo × acme_v2" in (tmp_path / "summary.md").read_text(encoding="utf-8")

    # The same gate on a bot that never hands off: the check fails on the missed handoffs.
    # The scenario where customers ask for a person is enough to show it (5 episodes, not 25).
    gate_step = next(s for s in steps if s.get("name") == "Rehearse and gate")
    worse = (
        gate_step["run"]
        .replace("--agent acme_v2", "--agent acme_v1 --scenario wants-a-person")
        .replace("golive-run", "golive-run-v1")
    )
    assert worse != gate_step["run"]
    done = subprocess.run(
        ["bash", "-e", "-c", worse], cwd=work, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL handoff.missed_on_request_rate == 0: is 1" in done.stdout
    assert "FAIL handoff.on_time_rate >= 0.90: is 0" in done.stdout
