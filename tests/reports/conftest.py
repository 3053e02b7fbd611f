"""Two real runs of the demo suite (acme_v1, acme_v2), played once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.harness.rehearsal import RunConfig, run_suite
from golive.results import RunFolder
from golive.results.models import EpisodeResult


@pytest.fixture(scope="session")
def run_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("runs")
    folders = {}
    for agent in ("acme_v1", "acme_v2"):
        outcome = run_suite(RunConfig(agent=agent, mlflow=False, quiet=True, out=root / agent))
        folders[agent] = outcome.folder
    return folders


@pytest.fixture(scope="session")
def v1(run_folders: dict[str, Path]) -> list[EpisodeResult]:
    return list(RunFolder(run_folders["acme_v1"]).results())


@pytest.fixture(scope="session")
def v2(run_folders: dict[str, Path]) -> list[EpisodeResult]:
    return list(RunFolder(run_folders["acme_v2"]).results())
