"""Finding a run's results for gate, compare and report: folders, files or MLflow run ids."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from golive.errors import InputError
from golive.results.io import RESULTS_FILE, read_results
from golive.results.models import EpisodeResult

if TYPE_CHECKING:
    from golive.tracking.baseline import BaselineMatch


def results_file(path: Path) -> Path:
    """A run folder's results file, or the file itself; a missing one is an input error."""
    candidate = path / RESULTS_FILE if path.is_dir() else path
    if not candidate.is_file():
        raise InputError(f"no results at {candidate}",
                         hint="pass a run folder (holding results.jsonl) or a results.jsonl file")
    return candidate


def load_results(path: Path) -> list[EpisodeResult]:
    """Every episode in a results file; a malformed line is reported with its number."""
    from pydantic import ValidationError

    file = results_file(path)
    try:
        results = list(read_results(file))
    except (ValidationError, ValueError) as exc:
        raise InputError(f"not a golive results file: {_first_line(exc)}", file=str(file),
                         hint="point at the results.jsonl that `golive run` wrote") from exc
    if not results:
        raise InputError("the results file holds no episodes", file=str(file))
    return results


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0]


def resolve_run(
    spec: str, tracking_uri: str | None, match: BaselineMatch | None = None
) -> list[EpisodeResult]:
    """Results for a folder, a file, an MLflow run id, or ``latest-passing``."""
    return resolve_named_run(spec, tracking_uri, match)[0]


def resolve_named_run(
    spec: str, tracking_uri: str | None, match: BaselineMatch | None = None
) -> tuple[list[EpisodeResult], str]:
    """Like ``resolve_run``, also saying which run it took (for the user and the record)."""
    if Path(spec).exists():
        return load_results(Path(spec)), str(Path(spec).resolve())
    from golive.tracking.baseline import fetch_run

    dest = Path(tempfile.mkdtemp(prefix="golive-baseline-"))
    path, described = fetch_run(spec, tracking_uri, dest, match)
    return load_results(path), described
