"""Gating a run folder: its results, what its manifest planned, the spec that applies.

The CLI (``golive gate``, ``golive run --gate``) and the pytest plugin both come here, so a
run gets the same verdict whichever way it is gated.

Example:
    >>> from pathlib import Path
    >>> load_run(Path("/nowhere"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    golive.errors.InputError: no results at /nowhere...
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from golive.errors import InputError
from golive.gate.decide import RunFacts, decide
from golive.gate.spec import GateSpec, resolve_spec
from golive.gate.verdict import GateResult
from golive.results.io import MANIFEST_FILE, RESULTS_FILE, read_results
from golive.results.manifest import Manifest, read_manifest
from golive.results.models import EpisodeResult


@dataclass(frozen=True)
class GatedRun:
    """A run as the gate sees it."""

    folder: Path
    results: list[EpisodeResult]
    manifest: Manifest | None

    @property
    def facts(self) -> RunFacts:
        """What the manifest planned (nothing known without one)."""
        if self.manifest is None:
            return RunFacts()
        return RunFacts(expected_episodes=self.manifest.episodes)

    @property
    def suite_file(self) -> Path | None:
        """The suite the run was played from, for its ``gate:`` section."""
        return Path(self.manifest.suite_source) if self.manifest is not None else None


def load_run(path: Path) -> GatedRun:
    """A run folder or results file; a folder with a manifest but no results is a run that
    never finished an episode (gated as inconclusive), not bad input."""
    folder = path if path.is_dir() else path.parent
    file = path / RESULTS_FILE if path.is_dir() else path
    manifest = read_manifest(folder) if (folder / MANIFEST_FILE).is_file() else None
    if not file.is_file():
        if manifest is None or not path.is_dir():
            raise InputError(f"no results at {file}",
                             hint="pass a run folder (holding results.jsonl) or a results.jsonl file")
        return GatedRun(folder, [], manifest)
    return GatedRun(folder, read_results_checked(file), manifest)


def read_results_checked(file: Path) -> list[EpisodeResult]:
    """Every episode in a results file; a malformed line is an input error naming the file."""
    from pydantic import ValidationError

    try:
        return list(read_results(file))
    except (ValidationError, ValueError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"not a golive results file: {first}", file=str(file),
                         hint="point at the results.jsonl that `golive run` wrote") from exc


def gate_folder(
    path: Path,
    thresholds: Path | Sequence[str] | None = None,
    baseline: Sequence[EpisodeResult] | None = None,
    spec: GateSpec | None = None,
) -> tuple[GateResult, str]:
    """Decide a run folder; returns the result and where its thresholds came from."""
    run = load_run(path)
    origin = "the given spec"
    if spec is None:
        spec, origin = resolve_spec(thresholds, run.suite_file)
    return decide(spec, run.results, baseline, run.facts), origin
