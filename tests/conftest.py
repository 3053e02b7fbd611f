"""Shared test helpers: run the CLI as a user would, build transcripts by hand."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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


@contextmanager
def served_bot(bot: str) -> Iterator[int]:
    """A bundled bot behind a real OpenAI-compatible server on 127.0.0.1
    (tests/agent_server.py); yields its port and stops the server afterwards."""
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "agent_server.py"), bot],
        stdout=subprocess.PIPE,
        text=True,
        env=cli_env(),
        cwd=REPO,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("PORT "), line
        yield int(line.split()[1])
    finally:
        proc.terminate()
        proc.wait(timeout=30)


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



@pytest.fixture(scope="session")
def migrated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty MLflow SQLite store whose schema MLflow has already created and migrated.

    MLflow migrates a new SQLite store on first use (seconds of CPU, more under load); tests
    about baselines, metrics or reviews copy this one (``fresh_store``) instead of paying
    that in every test. Store creation itself stays tested on new stores (tracking tests).
    """
    from mlflow.tracking import MlflowClient

    path = tmp_path_factory.mktemp("mlflow-template") / "mlflow.db"
    MlflowClient(tracking_uri=f"sqlite:///{path}").search_experiments()
    return path


@pytest.fixture
def fresh_store(migrated_store: Path, tmp_path: Path) -> str:
    """The tracking URI of this test's own empty store: ``tmp_path/mlflow.db``."""
    return copy_store(migrated_store, tmp_path)


def copy_store(template: Path, folder: Path) -> str:
    """Copy the migrated template into ``folder`` as mlflow.db; its ``sqlite:///`` URI."""
    target = folder / "mlflow.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


# `make test` spreads the suite over processes with pytest-xdist, a test file at a time
# (`--dist loadfile`), so a file's module fixtures (one played run shared by its tests) run
# once. (`--dist loadgroup` with an xdist_group per file did not group anything: xdist 3.8
# names a group by appending to `item._nodeid`, which pytest 9 no longer reads, so every test
# was its own unit and module fixtures ran once per worker.) The longest files go first,
# so that no long file starts last and runs alone at the end: the files in HEAVIEST in that
# order, then the other files with slow tests, then the rest. xdist's own reordering (by
# number of tests per file) is turned off, or a one-test file that plays five runs would
# start last. Without -n none of this changes what runs or in which order.

# The longest files of `make test`, longest first (`pytest -n 4 --durations=0 --junitxml`,
# summed per file; from 325 s down to 101 s in a loaded run on 2 cores). Only
# the order of the queue: a file missing here still runs, after these. A long file pins one
# worker, so the longest ones are split by theme (test_terminal / test_terminal_bar,
# test_adapters / test_adapters_match, test_mlflow_resume / test_mlflow_kills, test_readers /
# test_readers_mlflow) and their halves run side by side.
HEAVIEST = (
    "tests/tracking/test_mlflow_server.py",
    "tests/tracking/test_secrets.py",
    "tests/gate/test_reviews_stick.py",
    "tests/tracking/test_mlflow_resume.py",
    "tests/personas/test_fidelity_server.py",
    "tests/tracking/test_mlflow_kills.py",
    "tests/logs/test_score.py",
    "tests/test_first_hour.py",
    "tests/test_run_e2e.py",
    "tests/harness/test_adapters.py",
    "tests/reports/test_examples.py",
    "tests/logs/test_readers_mlflow.py",
    "tests/gate/test_never_pass_on_nothing.py",
    "tests/gate/test_baseline_match.py",
    "tests/tracking/test_traces_truth.py",
    "tests/reports/test_manager_report.py",
    "tests/harness/test_resume.py",
    "tests/harness/test_ray_backend.py",
    "tests/harness/test_hostile_bots.py",
    "tests/harness/test_rescore.py",
    "tests/evaluators/test_calibration.py",
    "tests/harness/test_run_ownership.py",
    "tests/logs/test_realism.py",
    "tests/harness/test_terminal.py",
    "tests/cx/test_tipping_reports.py",
    "tests/test_agents.py",
    "tests/harness/test_faults.py",
)


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config.option, "loadscopereorder"):  # xdist's file order: ours, not by size
        config.option.loadscopereorder = False


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not hasattr(config, "workerinput"):  # xdist's workers collect; the order is theirs
        return
    slow = {_file(i) for i in items if i.get_closest_marker("slow")}

    def rank(item: pytest.Item) -> tuple[int, int]:
        path = _file(item)
        if path in HEAVIEST:
            return 0, HEAVIEST.index(path)
        return (1 if path in slow else 2), 0

    items.sort(key=rank)  # stable: the order within a file is kept


def _file(item: pytest.Item) -> str:
    return item.nodeid.split("::")[0]
