"""Scoring conversations golive did not play now: stored transcripts into a new run folder.

One machinery serves ``golive rescore`` (the current evaluators over an old run's
transcripts) and ``golive score`` (production logs): each hands over ``Stored``
conversations (an unscored ``EpisodeResult``: ids, transcript, termination, attributes,
plus the scenario it is judged against), and ``score_into`` scores them with the same
evaluators ``golive run`` uses and writes an ordinary run folder through ``RunFolder``:
results, timings, cost, reports, MLflow, ended by the run's own ``finish_run``. So
``report``, ``audit``, ``insights``, ``compare`` and ``gate`` read it unchanged.

Scoring here is ``batch.play``'s scoring without the conversation: an episode the simulator
broke carries no scores or findings, and an agent error never passes.

Example:
    >>> from golive.results.models import EpisodeResult, Termination, Transcript
    >>> from golive.scenarios.models import Scenario
    >>> plain = Scenario.model_validate({"id": "s", "title": "t",
    ...     "customer": {"goal": "g", "opening": "hi"}})
    >>> unscored = EpisodeResult(episode_id="e1", scenario_id="s", persona_id="p", repeat=0,
    ...     seed=0, termination=Termination.MAX_TURNS, transcript=Transcript(), passed=False)
    >>> score_stored(Stored(unscored, plain)).passed
    True
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import islice
from multiprocessing import get_context
from operator import length_hint
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive._gc import bulk_collection, keep
from golive.evaluators import Episode, Judge, aevaluate_episode, evaluate_episode
from golive.evaluators.base import Evaluation
from golive.evaluators.semantic.language import warm
from golive.harness.rehearsal import RunOutcome, finish_run
from golive.results.io import dump_line
from golive.results.manifest import Manifest
from golive.results.models import EpisodeResult, Termination, Timing
from golive.results.run_folder import Appender, RunFolder, slug
from golive.scenarios.models import Scenario

if TYPE_CHECKING:
    from golive.tracking import MlflowTracker

__all__ = ["ScoreSettings", "Stored", "score_into", "score_stored"]

CHUNK = 64  # conversations per task sent to a worker process (at most)
MIN_CHUNK = 8  # near the end of the work: smaller tasks, down to this


@dataclass(frozen=True)
class Stored:
    """One conversation to score: its episode (scores and findings are replaced) and scenario.

    ``timing`` is what is known of its wall clock (an old run's timings line, a log's
    timestamps); None writes a zero timing, so cost and latency read as unknown, not fast.
    """

    episode: EpisodeResult
    scenario: Scenario
    timing: Timing | None = None


@dataclass(frozen=True)
class ScoreSettings:
    """Where and how a scored folder is written."""

    out: Path | None = None
    mlflow: bool = True
    tracking_uri: str | None = None
    traces: str = "failed"
    judge: Judge | None = None
    workers: int = 1  # processes scoring at once (without a judge)
    #: Scores left out of every episode: ``golive score`` without a policy drops those that
    #: would read as a pass when nothing was checked (unknown is not pass).
    drop_scores: frozenset[str] = frozenset()


def _scored(
    episode: EpisodeResult, evaluation: Evaluation, drop: frozenset[str] = frozenset()
) -> EpisodeResult:
    if episode.termination is Termination.SIMULATOR_ERROR:
        # As in a run: nothing pinned on the agent for a conversation the simulator broke.
        evaluation = Evaluation(passed=False)
    return episode.model_copy(
        update={
            "handoff_outcome": evaluation.handoff_outcome,
            "scores": {k: v for k, v in evaluation.scores.items() if k not in drop},
            "findings": list(evaluation.findings),
            "passed": evaluation.passed and episode.error is None,
        }
    )


def _episode(item: Stored) -> Episode:
    result = item.episode
    return Episode(result.transcript, item.scenario, result.termination, end_state=result.end_state)


def score_stored(item: Stored, drop: frozenset[str] = frozenset()) -> EpisodeResult:
    """The episode scored by every evaluator, offline (no judge): what a run would write."""
    return _scored(item.episode, evaluate_episode(_episode(item)), drop)


async def ascore_stored(
    item: Stored, judge: Judge | None, drop: frozenset[str] = frozenset()
) -> EpisodeResult:
    """``score_stored``, letting judged evaluators ask ``judge`` (None: exactly offline)."""
    return _scored(item.episode, await aevaluate_episode(_episode(item), judge), drop)


def score_into(
    items: Iterable[Any],
    manifest: Manifest,
    settings: ScoreSettings,
    prepare: Callable[[Any], Stored] | None = None,
) -> RunOutcome:
    """Score every conversation into a new run folder and finish it like a run.

    ``items`` are ``Stored`` conversations, or anything ``prepare`` (a module-level
    function, so worker processes can run it) turns into one there: building transcripts
    costs as much as scoring them, so both spread over ``settings.workers`` processes.
    The folder is new (``--out`` holding files moves to a numbered sibling, as for a run)
    and locked while it is written. Results do not depend on the number of workers.
    """
    with bulk_collection():
        return _score_into(items, manifest, settings, prepare)


def _score_into(
    items: Iterable[Any],
    manifest: Manifest,
    settings: ScoreSettings,
    prepare: Callable[[Any], Stored] | None,
) -> RunOutcome:
    folder = RunFolder.create(manifest, out=settings.out)
    tracker: MlflowTracker | None = None
    try:
        folder.write_manifest(manifest)
        if settings.mlflow:
            tracker = _start_tracking(settings, manifest, folder)
            folder.write_manifest(manifest)
        work = partial(_score_one, prepare=prepare, drop=settings.drop_scores)
        with folder.appender() as append:
            if settings.judge is not None:
                asyncio.run(_score_judged(items, append, settings.judge, work))
            elif settings.workers > 1:
                rest = iter(items)
                first = next(rest, None)
                if first is not None:
                    # Scored here first, with the language identifier loaded: forked
                    # workers inherit the models and caches instead of each loading them.
                    warm()
                    append(*work(first))
                    keep()  # what the first scoring loaded: the workers skip it too
                    serialised = partial(_score_chunk, work=work)
                    with ProcessPoolExecutor(
                        settings.workers, mp_context=get_context("fork")
                    ) as pool:
                        for chunk in pool.map(serialised, chunks(rest, settings.workers)):
                            for lines in chunk:
                                append.lines(*lines)
            else:
                for item in items:
                    append(*work(item))
        return finish_run(folder, manifest, tracker, 0, processes=settings.workers)
    except BaseException as exc:
        if tracker is not None:
            tracker.fail("KILLED" if isinstance(exc, KeyboardInterrupt | SystemExit) else "FAILED")
        raise
    finally:
        folder.release()


def _score_one(
    item: Any, prepare: Callable[[Any], Stored] | None, drop: frozenset[str]
) -> tuple[EpisodeResult, Timing]:
    stored: Stored = prepare(item) if prepare is not None else item
    result = score_stored(stored, drop)
    return result, _timing(stored, result)


def chunks(items: Iterator[Any], workers: int) -> Iterator[list[Any]]:
    """The items in tasks for ``workers`` processes: ``CHUNK`` at a time (each task costs a
    round trip), shrinking near the end of an iterator over a list (its length is known)
    so that no worker is left idle while another finishes a big last chunk. A lazy iterator
    (a generator reading a results file) keeps ``CHUNK``: its end is unknown.

    Example:
        >>> [len(c) for c in chunks(iter(range(600)), workers=2)]
        [64, 64, 59, 51, 45, 39, 34, 30, 26, 23, 20, 18, 15, 14, 12, 10, 9, 8, 8, 8, 8, 8, 8, 8, 8, 3]
        >>> [len(c) for c in chunks((x for x in range(150)), workers=2)]
        [64, 64, 22]
    """
    known = list(items) if length_hint(items) else None  # a list's iterator: already held
    if known is None:
        while chunk := list(islice(items, CHUNK)):
            yield chunk
        return
    start = 0
    while start < len(known):
        size = max(MIN_CHUNK, min(CHUNK, (len(known) - start) // (4 * workers)))
        yield known[start : start + size]
        start += size


def _score_chunk(
    chunk: list[Any], work: Callable[[Any], tuple[EpisodeResult, Timing]]
) -> list[tuple[str, str]]:
    # In the worker: the lines as the parent would write them, so the parent neither
    # unpickles a transcript nor serialises it again (it only writes).
    return [(dump_line(result), dump_line(timing)) for result, timing in map(work, chunk)]


def _timing(stored: Stored, result: EpisodeResult) -> Timing:
    return stored.timing or Timing(episode_id=result.episode_id, started_at=0.0, duration_s=0.0)


async def _score_judged(
    items: Iterable[Any],
    append: Appender,
    judge: Judge,
    work: partial[tuple[EpisodeResult, Timing]],
) -> None:
    prepare, drop = work.keywords["prepare"], work.keywords["drop"]
    try:
        for item in items:
            stored: Stored = prepare(item) if prepare is not None else item
            result = await ascore_stored(stored, judge, drop)
            append(result, _timing(stored, result))
    finally:
        await judge.gateway.aclose()


def _start_tracking(
    settings: ScoreSettings, manifest: Manifest, folder: RunFolder
) -> MlflowTracker:
    from golive.tracking import MlflowTracker

    tracker = MlflowTracker(settings.tracking_uri, f"golive-{manifest.suite_name}", settings.traces)
    params = {
        "suite": manifest.suite_name,
        "suite_hash": manifest.suite_hash,
        "agent": manifest.agent,
        "agent_label": slug(manifest.agent),
        "simulator": manifest.simulator,
        "seed": str(manifest.seed),
        "golive_version": manifest.golive_version,
        "episodes": str(manifest.episodes),
        "origin": str(manifest.origin.get("kind", "")),
    }
    name = f"{manifest.suite_name}-{slug(manifest.agent)}-{manifest.origin.get('kind', 'scored')}"
    run_id = tracker.start(params, name, folder=str(folder.path.resolve()))
    manifest.mlflow_run_id = run_id
    manifest.tracking_uri = tracker.tracking_uri
    return tracker
