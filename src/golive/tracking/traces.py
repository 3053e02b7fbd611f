"""Finished episodes to MLflow traces, written in batches through MLflow's own store APIs.

``conversation.episode_traces`` builds each episode's entities (one trace per agent turn,
grouped by session; see its docstring for what they say). This writer sends a batch of
episodes with a few store calls instead of dozens per trace:

1. ``start_trace`` for each episode's first trace, its assessments inside (one transaction
   each, where ``log_feedback`` took one per assessment);
2. one ``log_spans`` for every other trace of the batch (MLflow creates their trace rows,
   session ids and tags from the spans) and ``link_traces_to_run`` for them;
3. one ``log_spans`` for the first traces, whose root spans carry the ``golive.logged``
   tag: an episode is complete once it has arrived, and ``--resume`` rewrites any that
   a kill cut off (trace ids derive from run, episode and turn, so rewrites land in place).

Example:
    >>> from golive.results.models import Transcript
    >>> [len(g) for g in group_turns(Transcript().turns)]
    []
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from golive.results.models import EpisodeResult, Timing
from golive.tracking.conversation import SOURCE_RUN_KEY, EpisodeTraces, episode_traces, group_turns
from golive.tracking.sessions import LOGGED_TAG, SESSION_KEY, logged_sessions

__all__ = ["LOGGED_TAG", "SESSION_KEY", "SOURCE_RUN_KEY", "TraceWriter", "group_turns"]

BATCH_EPISODES = 50  # episodes per log_spans call: bounded request size on a tracking server
_LINKS_PER_CALL = 100  # MLflow's cap for link_traces_to_run


class TraceWriter:
    """Writes the traces and assessments of finished episodes to one MLflow run.

    Example:
        >>> TraceWriter  # doctest: +ELLIPSIS
        <class '...TraceWriter'>
    """

    def __init__(self, tracking_uri: str, experiment_id: str, run_id: str) -> None:
        from mlflow.tracing.client import TracingClient
        from mlflow.tracking import MlflowClient

        self.tracking_uri = tracking_uri
        self.experiment_id = experiment_id
        self.run_id = run_id
        self.client: Any = MlflowClient(tracking_uri=tracking_uri)
        self.tracing: Any = TracingClient(tracking_uri)

    def write(self, results: Iterable[EpisodeResult], timings: Mapping[str, Timing]) -> int:
        """Log every episode not yet complete in the run; returns how many traces were written.

        A resumed run may already hold some episodes: complete ones are skipped, those cut
        off mid-logging are deleted and written again.
        """
        done, stale = logged_sessions(self.client, self.experiment_id, self.run_id)
        for start in range(0, len(stale), 100):
            self.client.delete_traces(self.experiment_id, trace_ids=stale[start : start + 100])
        written = 0
        batch: list[EpisodeTraces] = []
        for result in results:
            if result.episode_id in done:
                continue
            batch.append(
                episode_traces(
                    result, timings.get(result.episode_id), self.run_id, self.experiment_id
                )
            )
            if len(batch) >= BATCH_EPISODES:
                written += self.send(batch)
                batch = []
        return written + self.send(batch)

    def build(self, result: EpisodeResult, timing: Timing | None) -> EpisodeTraces:
        """One episode's trace entities for this run."""
        return episode_traces(result, timing, self.run_id, self.experiment_id)

    def send(self, batch: list[EpisodeTraces]) -> int:
        """Store one batch of episodes (the three steps of the module docstring)."""
        if not batch:
            return 0
        for episode in batch:
            self.tracing.start_trace(episode.first)
        others = [s for e in batch for s in e.other_spans()]
        if others:
            self.tracing.log_spans(self.experiment_id, others)
            ids = [t for e in batch for t in e.trace_ids[1:]]
            for start in range(0, len(ids), _LINKS_PER_CALL):
                self.client.link_traces_to_run(ids[start : start + _LINKS_PER_CALL], self.run_id)
        self.tracing.log_spans(self.experiment_id, [s for e in batch for s in e.first_spans()])
        return sum(len(e.trace_ids) for e in batch)
