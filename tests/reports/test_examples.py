"""examples/github-actions.yml uses only commands and options golive has."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.conftest import REPO, run_cli


def test_github_actions_example_calls_real_golive_options(tmp_path: Path) -> None:
    workflow = yaml.safe_load((REPO / "examples" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["gate"]["steps"]
    commands = [s["run"] for s in steps if "golive " in s.get("run", "")]
    assert any("--gate" in c for c in commands)
    for command in commands:
        words = command.replace("\\\n", " ").split()
        sub = words[words.index("golive") + 1]
        help_text = run_cli([sub, "--help"], tmp_path).stdout
        for option in (w for w in words if w.startswith("--")):
            assert re.search(rf"{re.escape(option)}\b", help_text), f"golive {sub} has no {option}"
