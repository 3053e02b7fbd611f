"""Shared test helpers: run the CLI as a user would, build transcripts by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# Hypothesis fails an example that takes over 200 ms: a timed assertion, which a loaded CI
# machine (or xdist workers sharing 2 cores) trips on a correct property. No deadline here.
# derandomize: CI runs the same examples every time, so whether a change lands does not
# depend on which examples chance drew. To search new examples, run with
# `--hypothesis-profile=golive-explore` (it found the compare rounding bug that way).
settings.register_profile("golive-tests", deadline=None, derandomize=True)
settings.register_profile("golive-explore", deadline=None, max_examples=500)
settings.load_profile("golive-tests")

REPO = Path(__file__).resolve().parents[1]


def cli_env() -> dict[str, str]:
    """The environment every golive subprocess gets: offline, no API keys."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    env.pop("MLFLOW_TRACKING_URI", None)
    # This checkout's src first (worktrees share one editable venv), and the repo root so
    # `--agent tests.sample_agents:...` imports.
    env["PYTHONPATH"] = os.pathsep.join([str(REPO / "src"), str(REPO)])
    return env


def run_cli(args: Sequence[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``golive ARGS`` in ``cwd`` and capture its output (``timeout`` only guards a hang:
    a run with MLflow took over 300 s on a 2-core machine at load 16)."""
    return subprocess.run(
        [sys.executable, "-m", "golive", *args],
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    """``cli("run", ...)`` runs golive in a fresh temporary working folder."""

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(args, tmp_path)

    return call



# `make test` spreads the suite over processes with pytest-xdist (`--dist loadgroup`). Each
# test file is one group, so its module fixtures (one played run shared by its tests) run
# once; files that need the session's `mlflow server` share one group, so one worker starts
# it. Files with slow tests go first: the longest work starts early and the workers finish
# together. Without -n none of this changes what runs or in which order.
MLFLOW_GROUP = "mlflow-server"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.pluginmanager.hasplugin("xdist") or config.getoption("dist", "no") == "no":
        return
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(item.nodeid.split("::")[0], []).append(item)
    for path, tests in files.items():
        shared = any("mlflow_server" in getattr(t, "fixturenames", ()) for t in tests)
        for test in tests:
            test.add_marker(pytest.mark.xdist_group(MLFLOW_GROUP if shared else path))
    slow = {p for p, tests in files.items() if any(t.get_closest_marker("slow") for t in tests)}
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in slow)  # stable: order kept within
