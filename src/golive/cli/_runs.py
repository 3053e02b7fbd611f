"""Finding a run's results for gate, compare and report: folders, files or MLflow run ids."""

from __future__ import annotations

import tempfile
from pathlib import Path

from golive.errors import InputError
from golive.results.io import RESULTS_FILE, read_results
from golive.results.models import EpisodeResult


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


def resolve_run(spec: str, tracking_uri: str | None, suite: str | None = None) -> list[EpisodeResult]:
    """Results for a folder, a file, an MLflow run id, or ``latest-passing``."""
    if Path(spec).exists():
        return load_results(Path(spec))
    from golive.tracking import fetch_results

    dest = Path(tempfile.mkdtemp(prefix="golive-baseline-"))
    return load_results(fetch_results(spec, tracking_uri, dest, suite))
