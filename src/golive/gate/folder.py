"""Gating a run folder: its results, what its manifest planned, the gate it recorded.

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

from pydantic import ValidationError

from golive.errors import InputError
from golive.gate.decide import RunFacts, decide
from golive.gate.spec import GateSpec, resolve_spec, suite_gate
from golive.gate.verdict import GateResult
from golive.results.manifest import Manifest
from golive.results.models import EpisodeResult
from golive.results.run_folder import OPEN_HINT, RunFolder


@dataclass(frozen=True)
class GatedRun:
    """A run as the gate sees it."""

    folder: RunFolder
    results: list[EpisodeResult]
    manifest: Manifest | None

    @property
    def facts(self) -> RunFacts:
        """What the manifest planned, and why the run stopped early (nothing known without one)."""
        if self.manifest is None:
            return RunFacts()
        return RunFacts(expected_episodes=self.manifest.episodes, stopped=self.manifest.stopped)

    def suite_gate(self) -> GateSpec | None:
        """The suite's ``gate:`` as recorded when the run started; for folders from before
        golive recorded it, the suite file's current one."""
        recorded = self.folder.recorded_gate()
        if recorded is None:
            source = Path(self.manifest.suite_source) if self.manifest is not None else None
            return suite_gate(source) if source is not None else None
        if recorded.spec is None:
            return None
        try:
            return GateSpec.model_validate(recorded.spec)
        except ValidationError as exc:
            raise InputError(
                f"the gate recorded with the run is not valid: {exc.errors()[0]['msg']}",
                file=str(self.folder.manifest_path), field="gate",
                hint="pass --thresholds FILE to gate this run") from exc


def load_run(path: Path) -> GatedRun:
    """A run folder or results file; a folder with a manifest but no results is a run that
    never finished an episode (gated as inconclusive), not bad input."""
    if path.is_dir() and RunFolder(path).has_manifest() and not RunFolder(path).results_path.is_file():
        folder = RunFolder(path)
        return GatedRun(folder, [], folder.manifest())
    if not path.exists():
        raise InputError(f"no results at {path}", hint=OPEN_HINT)
    folder = RunFolder.open(path)
    manifest = folder.manifest() if folder.has_manifest() else None
    return GatedRun(folder, list(folder.results()), manifest)


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
        spec, origin = resolve_spec(thresholds, run.suite_gate())
    return decide(spec, run.results, baseline, run.facts), origin
