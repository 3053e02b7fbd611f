"""A run folder, the one door to everything a run wrote: layout, reading, writing.

Every reader (reports, gate, compare, insights, shrink, audit, the pytest plugin, the CLI)
opens a run through ``RunFolder.open`` and every writer (the run, ``golive report``,
``golive insights``) writes through its methods, so file names, error messages, atomic
rewrites and torn-line handling live in one place.

Layout of a run folder::

    manifest.json         what produced the run, the suite's gate: as it was, a stop notice
    results.jsonl         one EpisodeResult per line: appended while running (the resume
                          log), rewritten sorted by episode_id at the end
    timings.jsonl         wall-clock facts and LLM usage per episode (kept out of results
                          so results stay byte-identical across reruns)
    cost.json             tokens and USD per role and model, summed from timings
    insights.json/.md     failure patterns (and an analyst's notes)
    report.html, summary.md, junit.xml, audit.csv, audit.html    the reports
    autonomy.yaml         per intent: run alone, review or hand to a person (routing advice)
    reviews.jsonl         reviewers' decisions, append-only (``golive audit import``); the
                          latest decision per finding stands, the history stays
    gate.json             the last verdict of ``golive gate`` on this run, with its reasons
    shrink/<episode_id>/  reduced failing cases from ``golive shrink``

Example:
    >>> import tempfile
    >>> folder = RunFolder(Path(tempfile.mkdtemp()))
    >>> folder.results_path.name, folder.has_manifest()
    ('results.jsonl', False)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, overload

from pydantic import BaseModel, ValidationError

from golive._redact import redact, redact_data
from golive.errors import FolderInUse, InputError, ResumeMismatch
from golive.results.io import (
    LineWriter,
    numbered_lines,
    rewrite_sorted,
    truncate_torn_tail,
    write_atomic,
)
from golive.results.lock import LOCK_FILE, FolderLock
from golive.results.manifest import Manifest
from golive.results.models import EpisodeResult, Timing
from golive.results.reviews import Review, append_reviews, read_reviews

RESULTS_FILE = "results.jsonl"
TIMINGS_FILE = "timings.jsonl"
MANIFEST_FILE = "manifest.json"
COST_FILE = "cost.json"
INSIGHTS_JSON, INSIGHTS_MD = "insights.json", "insights.md"
REPORT_FILE, SUMMARY_FILE, JUNIT_FILE = "report.html", "summary.md", "junit.xml"
AUTONOMY_FILE = "autonomy.yaml"
AUDIT_CSV, AUDIT_HTML = "audit.csv", "audit.html"
SHRINK_DIR = "shrink"
RUNS_DIR = "golive-runs"  # where new run folders go, under the working folder

OPEN_HINT = "pass a run folder (holding results.jsonl) or a results.jsonl file"
#: Episodes the reports hold in memory (about 40 KB each: 400 MB at the limit). Above it
#: they re-read results.jsonl on each of their ~35 passes, about 10 ms of CPU per episode:
#: at 2,000 that made a 10,000-conversation `golive score` spend most of its time parsing.
IN_MEMORY_LIMIT = 10_000


def slug(text: str) -> str:
    """A folder- and run-name-safe form of an agent spec.

    Example:
        >>> slug("http://user:secret@127.0.0.1:8000/v1")
        '127.0.0.1-8000-v1'
    """
    text = redact(text).replace("***@", "")  # no credential in folder or MLflow run names
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text.split("//")[-1]).strip("-")[:40] or "agent"


@dataclass(frozen=True)
class RecordedGate:
    """The suite's ``gate:`` section as it stood when the run started.

    ``spec`` is the section as data (validate it with ``golive.gate.GateSpec``), or None
    when the suite declared no gate.
    """

    spec: dict[str, Any] | None


class RunFolder:
    """One run's folder. Construct with ``open`` (to read) or ``create`` (to run).

    Reads are lazy and stream: ``results()`` yields one episode at a time, so a report over
    10,000 episodes does not hold 10,000 transcripts. Writes are atomic renames, except the
    two JSONL logs, which are appended line by line while the run goes and rewritten
    sorted, atomically, by ``finalise``.
    """

    def __init__(
        self, path: Path, results_name: str = RESULTS_FILE, *, lock: FolderLock | None = None
    ) -> None:
        self.path = path
        self.results_path = path / results_name
        self._lock = lock
        self._timings: dict[str, Timing] | None = None

    def __repr__(self) -> str:
        return f"RunFolder({str(self.path)!r})"

    # -- opening and creating ---------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> RunFolder:
        """The run in ``path``: a run folder, or a results file (its folder is the run's).

        Raises:
            InputError: nothing there holds results.

        Example:
            >>> RunFolder.open(Path("/nonexistent"))
            Traceback (most recent call last):
            ...
            golive.errors.InputError: no results at /nonexistent: no such folder or file
              hint: pass a run folder (holding results.jsonl) or a results.jsonl file
        """
        folder = cls(path.parent, path.name) if path.is_file() else cls(path)
        if not folder.results_path.is_file():
            why = f"the folder holds no {RESULTS_FILE}" if path.is_dir() else "no such folder or file"
            raise InputError(f"no results at {path}: {why}", hint=OPEN_HINT)
        return folder

    @classmethod
    def create(
        cls, manifest: Manifest, *, out: Path | None = None, resume: bool = False
    ) -> RunFolder:
        """A new folder for this run (never an existing one), or the one ``--resume`` continues.

        Without ``out``, folders go under ``golive-runs/`` named suite-agent-seed; a name
        already holding files gets a numbered suffix (``-2``, ``-3``...). With ``resume``,
        the folder's manifest must match this run's identity fields.

        The folder comes locked for this run (see ``golive.results.lock``): a folder a live
        run holds is never joined; ``--out`` (or ``--resume``) on it refuses, naming the
        holder, and a default name moves on to the next suffix. ``release()`` at the end.

        Raises:
            ResumeMismatch: ``--resume`` found no folder, or one made by a different run.
            FolderInUse: another live run holds the folder.
        """
        root = Path.cwd() / RUNS_DIR
        name = f"{manifest.suite_name}-{slug(manifest.agent)}-{manifest.seed}"
        if resume:
            found = _resume_folder(out, root, name, manifest)
            return cls(found, lock=FolderLock.acquire(found))
        folder = out or root / name
        candidate, n = folder, 1
        while True:
            candidate.mkdir(parents=True, exist_ok=True)
            try:
                lock = FolderLock.acquire(candidate)
            except FolderInUse:
                if out is not None and candidate == out:
                    raise
            else:
                if not any(p.name != LOCK_FILE for p in candidate.iterdir()):
                    return cls(candidate, lock=lock)
                lock.release()  # a finished run's folder: this run takes the next name
            n += 1
            candidate = folder.with_name(f"{folder.name}-{n}")

    @staticmethod
    def find_resumable(manifest: Manifest, out: Path | None = None) -> Path:
        """The folder ``create(..., resume=True)`` would continue, without locking it.

        Raises:
            ResumeMismatch: no folder, or one made by a different run.
        """
        name = f"{manifest.suite_name}-{slug(manifest.agent)}-{manifest.seed}"
        return _resume_folder(out, Path.cwd() / RUNS_DIR, name, manifest)

    def release(self) -> None:
        """Give up this run's lock on the folder (``create`` took it)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- layout -----------------------------------------------------------------------

    def file(self, name: str) -> Path:
        """The path of ``name`` in this folder (one of the layout's names)."""
        return self.path / name

    @property
    def timings_path(self) -> Path:
        """``timings.jsonl``."""
        return self.path / TIMINGS_FILE

    @property
    def manifest_path(self) -> Path:
        """``manifest.json``."""
        return self.path / MANIFEST_FILE

    # -- results ----------------------------------------------------------------------

    def results(self) -> Iterator[EpisodeResult]:
        """Stream the episodes; a torn last line (a killed run) is skipped.

        Raises:
            InputError: a line is not an episode (named with its line number).
        """
        for number, line in numbered_lines(self.results_path):
            yield _parse(EpisodeResult, line, self.results_path, number)

    def load_results(self) -> list[EpisodeResult]:
        """Every episode, in memory; an empty file is an input error."""
        results = list(self.results())
        if not results:
            raise InputError("the results file holds no episodes", file=str(self.results_path),
                             hint="run the suite first, or point at a finished run")
        return results

    def results_for_reports(self) -> Sequence[EpisodeResult]:
        """Episodes for the reports: in memory when few, re-read per pass when many."""
        on_disk = ResultsOnDisk(self)
        return list(on_disk) if len(on_disk) <= IN_MEMORY_LIMIT else on_disk

    def finished_ids(self) -> set[str]:
        """Episode ids already written (cheap: does not build the models).

        Raises:
            InputError: a line is not JSON with an ``episode_id`` (named with its number).
        """
        done = set()
        for number, line in numbered_lines(self.results_path):
            try:
                done.add(str(json.loads(line)["episode_id"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(
                    f"not a golive results file: no episode_id ({type(exc).__name__})",
                    file=str(self.results_path), line=number,
                    hint="point at a run folder that `golive run` wrote") from exc
        return done

    # -- timings ----------------------------------------------------------------------

    def iter_timings(self) -> Iterator[Timing]:
        """Stream every episode's timings (flat memory; a torn last line is skipped)."""
        for number, line in numbered_lines(self.timings_path):
            yield _parse(Timing, line, self.timings_path, number)

    def timings(self) -> dict[str, Timing]:
        """Every episode's timings by episode id, read once and kept until the next write."""
        if self._timings is None:
            self._timings = {t.episode_id: t for t in self.iter_timings()}
        return self._timings

    # -- writing a run ----------------------------------------------------------------

    def appender(self) -> Appender:
        """Start appending episodes (a torn last line from a killed run is cut first)."""
        self._timings = None
        return Appender(self)

    def finalise(self) -> None:
        """Rewrite results and timings sorted by episode id, atomically (last line wins)."""
        rewrite_sorted(self.results_path)
        rewrite_sorted(self.timings_path)
        self._timings = None

    # -- manifest ---------------------------------------------------------------------

    def has_manifest(self) -> bool:
        """Whether ``manifest.json`` exists (a bare results file has none)."""
        return self.manifest_path.is_file()

    def manifest(self) -> Manifest:
        """The folder's manifest.

        Raises:
            InputError: there is none, or it is not a golive manifest.
        """
        if not self.has_manifest():
            raise InputError(f"{self.path} holds no {MANIFEST_FILE}",
                             hint="pass a folder `golive run` wrote")
        return _parse(Manifest, self.manifest_path.read_text(encoding="utf-8"), self.manifest_path)

    def write_manifest(self, manifest: Manifest) -> None:
        """Write ``manifest.json`` atomically (redacted: an agent URL may carry a password)."""
        data = redact_data(manifest.model_dump(mode="json"))
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
        write_atomic(self.manifest_path, [text])

    def recorded_gate(self) -> RecordedGate | None:
        """The suite's gate as the run started, or None for folders that did not record it.

        Example:
            >>> import tempfile
            >>> RunFolder(Path(tempfile.mkdtemp())).recorded_gate() is None
            True
        """
        if not self.has_manifest():
            return None
        manifest = self.manifest()
        if "gate" not in manifest.model_fields_set:
            return None  # written before golive recorded the gate: the caller decides
        return RecordedGate(manifest.gate)

    # -- reviews ----------------------------------------------------------------------

    def reviews(self) -> list[Review]:
        """Every reviewer decision in ``reviews.jsonl``, oldest first ([] when none).

        Raises:
            ValidationFailed: a line is not a valid decision (file, line and field named).
        """
        return read_reviews(self.path)

    def append_reviews(self, reviews: Sequence[Review]) -> int:
        """Append decisions to the log (never rewriting it); returns how many."""
        return append_reviews(self.path, reviews)

    # -- cost -------------------------------------------------------------------------

    def cost(self) -> dict[str, Any]:
        """``cost.json``: tokens and USD per role and model ({} if none)."""
        path = self.file(COST_FILE)
        return dict(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else {}

    def write_cost(self, cost: dict[str, Any]) -> None:
        """Write ``cost.json`` atomically."""
        self.write_text(COST_FILE, json.dumps(cost, indent=2, sort_keys=True) + "\n")

    # -- insights and reports ---------------------------------------------------------

    def insights_json(self) -> str | None:
        """The text of ``insights.json``, or None if the run has none yet."""
        path = self.file(INSIGHTS_JSON)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def write_insights(self, insights: BaseModel) -> str:
        """The one writer of ``insights.json`` (atomic); returns the text written."""
        text = json.dumps(insights.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
        self.write_text(INSIGHTS_JSON, text)
        return text

    def write_text(self, name: str, text: str) -> None:
        """Write one file of the folder atomically (a reader never sees half a report).

        Redacted on the way out: every report passes the one redaction layer.
        """
        write_atomic(self.file(name), [redact(text)])


class Appender:
    """Appends each finished episode to results and timings, one flushed line each.

    Example:
        >>> import tempfile
        >>> with RunFolder(Path(tempfile.mkdtemp())).appender() as append:
        ...     pass
    """

    def __init__(self, folder: RunFolder) -> None:
        truncate_torn_tail(folder.results_path)
        truncate_torn_tail(folder.timings_path)
        self._results = LineWriter(folder.results_path)
        self._timings = LineWriter(folder.timings_path)

    def __call__(self, result: EpisodeResult, timing: Timing) -> None:
        """Append one episode: its result first, so a timing never outlives its result."""
        self._results.write(result)
        self._timings.write(timing)

    def lines(self, result: str, timing: str) -> None:
        """``__call__`` for an episode already serialised by ``dump_line`` (by a worker
        process: the parent then only writes)."""
        self._results.write_line(result)
        self._timings.write_line(timing)

    def close(self) -> None:
        """Close both files."""
        self._results.close()
        self._timings.close()

    def __enter__(self) -> Appender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ResultsOnDisk(Sequence[EpisodeResult]):
    """The episodes of a results file as a sequence that reads the file on each pass.

    Reports iterate results a few times; holding 10,000 transcripts in memory to do so
    would make a run's peak memory grow with its size.
    """

    def __init__(self, folder: RunFolder) -> None:
        self._folder = folder
        with folder.results_path.open("rb") as handle:
            self._len = sum(1 for line in handle if line.endswith(b"\n") and line.strip())

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[EpisodeResult]:
        return self._folder.results()

    @overload
    def __getitem__(self, index: int) -> EpisodeResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[EpisodeResult]: ...
    def __getitem__(self, index: int | slice) -> EpisodeResult | list[EpisodeResult]:
        return list(self)[index]  # rare: reports iterate; indexing reads everything


def _resume_folder(out: Path | None, root: Path, name: str, manifest: Manifest) -> Path:
    if out is not None:
        folder = RunFolder(out)
        if not folder.has_manifest():
            raise ResumeMismatch(f"{out} holds no {MANIFEST_FILE}: nothing to resume")
        problem = manifest.mismatch(folder.manifest())
        if problem:
            raise ResumeMismatch(f"cannot resume {out}: {problem}")
        return out
    candidates = sorted(root.glob(f"{name}*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        folder = RunFolder(path)
        if folder.has_manifest() and not manifest.mismatch(folder.manifest()):
            return path
    raise ResumeMismatch(
        f"no run folder under {root} matches this run", hint="pass --resume DIR to name one"
    )


_Model = TypeVar("_Model", bound=BaseModel)
_KIND = {EpisodeResult: "a golive results file", Timing: "a golive timings file",
         Manifest: "a golive manifest"}


def _parse(model: type[_Model], text: str, path: Path, line: int | None = None) -> _Model:
    """One line (or file) as ``model``; a bad one is an InputError naming file, line, field."""
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or None
        raise InputError(f"not {_KIND[model]}: {error['msg']}", file=str(path), line=line,
                         field=field, hint="point at a run folder that `golive run` wrote") from exc
