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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from golive.errors import InputError, NoPassingRun
from golive.results.run_folder import RESULTS_FILE, RunFolder
from golive.tracking.artifacts import GATE_TAG
from golive.tracking.mlflow_run import default_tracking_uri

LATEST_PASSING = "latest-passing"


_RUN_ID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class BaselineMatch:
    """What ``latest-passing`` must match: the same suite (by content hash) and agent name,
    and never the run being gated itself."""

    suite_hash: str
    agent: str
    exclude_run_id: str | None = None


def fetch_results(
    spec: str, tracking_uri: str | None, dest: Path, match: BaselineMatch | None = None
) -> Path:
    """A local results file or folder for ``spec``: a path, an MLflow run id or latest-passing.

    ``match`` narrows ``latest-passing`` to runs of the same suite hash and agent.
    """
    return fetch_run(spec, tracking_uri, dest, match)[0]


def fetch_run(
    spec: str, tracking_uri: str | None, dest: Path, match: BaselineMatch | None = None
) -> tuple[Path, str]:
    """Like ``fetch_results``, also returning which run was taken, as a user can find it."""
    path = Path(spec)
    if path.exists():
        return path, str(path)
    if spec != LATEST_PASSING and not _RUN_ID.match(spec):
        raise InputError(
            f"{spec!r} is neither a file or folder nor an MLflow run id",
            hint="pass a run folder, a results.jsonl, a 32-hex MLflow run id or latest-passing",
        )
    from mlflow.tracking import MlflowClient

    uri = tracking_uri or default_tracking_uri()
    client: Any = MlflowClient(tracking_uri=uri)
    if spec == LATEST_PASSING:
        run_id, described = _latest_passing(client, match)
    else:
        run_id, described = spec, f"MLflow run {spec}"
    dest.mkdir(parents=True, exist_ok=True)
    try:
        local = client.download_artifacts(run_id, RESULTS_FILE, str(dest))
    except Exception as exc:  # MLflow raises several types for a missing run or artifact
        raise InputError(
            f"could not download {RESULTS_FILE} of MLflow run {run_id}: {exc}",
            hint="check the run id and --tracking-uri (or MLFLOW_TRACKING_URI)",
        ) from exc
    return Path(local), f"{described} in {uri}"


def open_run(spec: str, tracking_uri: str | None, match: BaselineMatch | None = None) -> RunFolder:
    """The run named by a folder, a results file, an MLflow run id or ``latest-passing``.

    A run id's ``results.jsonl`` is downloaded to a temporary folder first.

    Example:
        >>> open_run("/nonexistent", None)
        Traceback (most recent call last):
        ...
        golive.errors.InputError: '/nonexistent' is neither a file or folder nor an MLflow run id
          hint: pass a run folder, a results.jsonl, a 32-hex MLflow run id or latest-passing
    """
    return open_named_run(spec, tracking_uri, match)[0]


def open_named_run(
    spec: str, tracking_uri: str | None, match: BaselineMatch | None = None
) -> tuple[RunFolder, str]:
    """Like ``open_run``, also saying which run it took (for the user and the gate record)."""
    if Path(spec).exists():
        return RunFolder.open(Path(spec)), str(Path(spec).resolve())
    dest = Path(tempfile.mkdtemp(prefix="golive-baseline-"))
    path, described = fetch_run(spec, tracking_uri, dest, match)
    return RunFolder.open(path), described


def _latest_passing(client: Any, match: BaselineMatch | None) -> tuple[str, str]:
    ids = [e.experiment_id for e in client.search_experiments()]
    conditions = [f"tags.`{GATE_TAG}` = 'pass'"]
    if match is not None:
        conditions += [f"params.suite_hash = '{_quoted(match.suite_hash)}'",
                       f"params.agent = '{_quoted(match.agent)}'"]
    runs = client.search_runs(
        ids, filter_string=" and ".join(conditions), order_by=["attributes.start_time DESC"],
        max_results=2,
    ) if ids else []
    runs = [r for r in runs if match is None or r.info.run_id != match.exclude_run_id]
    if not runs:
        which = (f" for suite hash {match.suite_hash} and agent {match.agent!r}"
                 if match is not None else "")
        raise NoPassingRun(
            f"no MLflow run tagged golive.gate=pass{which}",
            hint="run `golive run --gate` once to create a passing baseline, or pass a file",
        )
    run = runs[0]
    params = run.data.params
    return run.info.run_id, (f"MLflow run {run.info.run_id} ({run.info.run_name}, suite hash "
                             f"{params.get('suite_hash')}, agent {params.get('agent')!r})")


def _quoted(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")
