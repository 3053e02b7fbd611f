"""Fetching a previous run's ``results.jsonl`` by MLflow run id, or ``latest-passing``.

Reports, compare and the gate read files only; the CLI calls this first when the user
names an MLflow run instead of a folder.

Example:
    >>> from pathlib import Path
    >>> str(fetch_results(".", None, Path("/tmp")))  # a folder is used as it is
    '.'
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from golive.errors import InputError, NoPassingRun
from golive.results.run_folder import RESULTS_FILE, RunFolder
from golive.tracking.mlflow_run import GATE_TAG, default_tracking_uri

LATEST_PASSING = "latest-passing"


_RUN_ID = re.compile(r"^[0-9a-f]{32}$")


def fetch_results(spec: str, tracking_uri: str | None, dest: Path, suite: str | None = None) -> Path:
    """A local results file or folder for ``spec``: a path, an MLflow run id or latest-passing.

    ``suite`` narrows ``latest-passing`` to runs of that suite (its experiment).
    """
    path = Path(spec)
    if path.exists():
        return path
    if spec != LATEST_PASSING and not _RUN_ID.match(spec):
        raise InputError(
            f"{spec!r} is neither a file or folder nor an MLflow run id",
            hint="pass a run folder, a results.jsonl, a 32-hex MLflow run id or latest-passing",
        )
    from mlflow.tracking import MlflowClient

    client: Any = MlflowClient(tracking_uri=tracking_uri or default_tracking_uri())
    run_id = _latest_passing(client, suite) if spec == LATEST_PASSING else spec
    dest.mkdir(parents=True, exist_ok=True)
    try:
        local = client.download_artifacts(run_id, RESULTS_FILE, str(dest))
    except Exception as exc:  # MLflow raises several types for a missing run or artifact
        raise InputError(
            f"could not download {RESULTS_FILE} of MLflow run {run_id}: {exc}",
            hint="check the run id and --tracking-uri (or MLFLOW_TRACKING_URI)",
        ) from exc
    return Path(local)


def open_run(spec: str, tracking_uri: str | None, suite: str | None = None) -> RunFolder:
    """The run named by a folder, a results file, an MLflow run id or ``latest-passing``.

    A run id's ``results.jsonl`` is downloaded to a temporary folder first.

    Example:
        >>> open_run("/nonexistent", None)
        Traceback (most recent call last):
        ...
        golive.errors.InputError: '/nonexistent' is neither a file or folder nor an MLflow run id
          hint: pass a run folder, a results.jsonl, a 32-hex MLflow run id or latest-passing
    """
    if Path(spec).exists():
        return RunFolder.open(Path(spec))
    dest = Path(tempfile.mkdtemp(prefix="golive-baseline-"))
    return RunFolder.open(fetch_results(spec, tracking_uri, dest, suite))


def _latest_passing(client: Any, suite: str | None) -> str:
    experiments = client.search_experiments()
    ids = [e.experiment_id for e in experiments if suite is None or e.name == f"golive-{suite}"]
    runs = client.search_runs(
        ids, filter_string=f"tags.`{GATE_TAG}` = 'pass'", order_by=["attributes.start_time DESC"],
        max_results=1,
    ) if ids else []
    if not runs:
        raise NoPassingRun(
            "no MLflow run tagged golive.gate=pass" + (f" for suite {suite!r}" if suite else ""),
            hint="run `golive run --gate` once to create a passing baseline, or pass a file",
        )
    return str(runs[0].info.run_id)
