"""The MLflow run of a ``golive run``, through MlflowClient with an explicit run id.

MLflow is imported only here and only when a run is logged (it costs ~2 s to import).
Default store: ``sqlite:///mlflow.db`` in the working folder; ``--tracking-uri`` or
``MLFLOW_TRACKING_URI`` point elsewhere.

Nothing secret reaches MLflow: params pass through ``redact``, and text artifacts are
uploaded as redacted copies.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive._redact import redact
from golive.results.models import EpisodeResult, Timing
from golive.results.run_folder import RunFolder
from golive.tracking.artifacts import log_redacted
from golive.tracking.store_lock import store_lock

if TYPE_CHECKING:
    from golive.tracking.trace_feed import TraceFeed

DEFAULT_DB = "mlflow.db"
FOLDER_TAG = "golive.folder"  # the run folder's absolute path: finds a run the folder lost


class TracePolicy(StrEnum):
    """Which episodes become MLflow traces (each trace costs the store tens of ms)."""

    ALL = "all"
    FAILED = "failed"
    NONE = "none"


def default_tracking_uri() -> str:
    """``MLFLOW_TRACKING_URI`` if set, else a SQLite file in the working folder."""
    return os.environ.get("MLFLOW_TRACKING_URI") or f"sqlite:///{Path.cwd() / DEFAULT_DB}"


def breakdown_metrics(results: Iterable[EpisodeResult]) -> dict[str, float]:
    """Pass rate and mean accuracy per scenario and per persona, under legal MLflow names.

    Example:
        >>> breakdown_metrics([])
        {}
    """
    groups: dict[str, list[EpisodeResult]] = {}
    for result in results:
        groups.setdefault(f"scenario.{_name(result.scenario_id)}", []).append(result)
        groups.setdefault(f"persona.{_name(result.persona_id)}", []).append(result)
    metrics: dict[str, float] = {}
    for key, members in sorted(groups.items()):
        metrics[f"{key}.pass_rate"] = round(sum(r.passed for r in members) / len(members), 6)
        scored = [r.scores["accuracy.score"] for r in members if "accuracy.score" in r.scores]
        if scored:
            metrics[f"{key}.accuracy"] = round(sum(scored) / len(scored), 6)
    return metrics


def _name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-/ ]", "_", text)


class MlflowTracker:
    """Logs one golive run; safe to resume by passing the earlier run id."""

    def __init__(self, tracking_uri: str | None, experiment: str, traces: str = "all") -> None:
        from mlflow.tracking import MlflowClient

        self.traces = TracePolicy(traces)

        self.tracking_uri = tracking_uri or default_tracking_uri()
        with store_lock(self.tracking_uri):  # one process creates/migrates a new store
            self.client: Any = MlflowClient(tracking_uri=self.tracking_uri)
            self.experiment_id = self._experiment(experiment)
        self.run_id: str | None = None
        self.feed: TraceFeed | None = None
        self._feeding = False  # start_feed was called: the first traced episode starts it

    def _experiment(self, name: str) -> str:
        found = self.client.get_experiment_by_name(name)
        if found is not None:
            return str(found.experiment_id)
        location = None
        if self.tracking_uri.startswith("sqlite:"):
            location = (Path.cwd() / "mlartifacts").as_uri()
        return str(self.client.create_experiment(name, artifact_location=location))

    def start(
        self, params: Mapping[str, str], run_name: str, run_id: str | None = None,
        *, folder: str | None = None, adopt: bool = False,
    ) -> str:
        """Create the run (or reopen ``run_id`` on resume) and log its params once.

        With ``adopt`` (a resume whose manifest names no run: killed between creating the
        MLflow run and writing the manifest), the newest unfinished run of ``folder`` is
        reopened and any older ones are ended KILLED, so none stays RUNNING forever.
        """
        from mlflow.entities import Param

        if run_id is None and adopt and folder is not None:
            run_id = self._unfinished_run_of(folder)
        if run_id is not None:
            self.run_id = run_id
            self.client.update_run(run_id, status="RUNNING")
            return run_id
        tags = {"golive": "1", **({FOLDER_TAG: redact(folder)} if folder else {})}
        run = self.client.create_run(self.experiment_id, run_name=redact(run_name), tags=tags)
        self.run_id = str(run.info.run_id)
        self.client.log_batch(
            self.run_id,
            params=[Param(k, redact(str(v))[:6000]) for k, v in sorted(params.items())],
        )
        return self.run_id

    def _unfinished_run_of(self, folder: str) -> str | None:
        runs = self.client.search_runs([self.experiment_id], filter_string="tags.golive = '1'",
                                       max_results=1000, order_by=["attributes.start_time DESC"])
        mine = [r for r in runs if r.data.tags.get(FOLDER_TAG) == redact(folder)
                and r.info.status != "FINISHED"]
        for older in mine[1:]:
            self.client.set_terminated(older.info.run_id, status="KILLED")
        return str(mine[0].info.run_id) if mine else None

    def log_metrics(self, metrics: Mapping[str, float]) -> None:
        """Log metrics at step 0, in batches under MLflow's 1,000-per-call cap.

        A metric whose latest value is already the same is not logged again: resuming a
        finished run must not double every metric's history.
        """
        from mlflow.entities import Metric

        assert self.run_id is not None
        now = _now_ms()
        logged = self.client.get_run(self.run_id).data.metrics
        batch = [Metric(k, float(v), now, 0) for k, v in sorted(metrics.items())
                 if logged.get(k) != float(v)]
        for start in range(0, len(batch), 900):
            self.client.log_batch(self.run_id, metrics=batch[start : start + 900])

    def wants(self, result: EpisodeResult) -> bool:
        """Whether the trace policy logs this episode."""
        return self.traces is TracePolicy.ALL or (self.traces is TracePolicy.FAILED and not result.passed)

    def start_feed(self) -> None:
        """Store traces while the run plays: the writer process starts with the first
        episode the policy traces, so a run that traces none (``--traces failed`` and every
        episode passed) never pays for a process that imports MLflow."""
        self._feeding = self.traces is not TracePolicy.NONE and self.run_id is not None

    def offer(self, result: EpisodeResult, timing: Timing | None) -> None:
        """A finished episode, for the writer process (if the policy traces it)."""
        if not (self._feeding and self.wants(result)):
            return
        if self.feed is None:
            from golive.tracking.trace_feed import TraceFeed

            assert self.run_id is not None
            self.feed = TraceFeed(self.tracking_uri, self.experiment_id, self.run_id)
        self.feed.offer(result, timing)

    def log_traces(self, results: Iterable[EpisodeResult], timings: Mapping[str, Any]) -> int:
        """One trace per agent turn, grouped by episode as MLflow sessions.

        Waits for the writer process, then writes what it did not store (episodes resumed
        from an earlier run, or all of them if it failed); returns the traces written here.
        """
        from golive.tracking.traces import TraceWriter

        if self.traces is TracePolicy.NONE:
            return 0
        assert self.run_id is not None
        stored: set[str] = set()
        self._feeding = False
        if self.feed is not None:
            stored, error = self.feed.close()
            self.feed = None
            if error is not None:
                print(f"warning: the MLflow trace writer failed; writing traces in this process:"
                      f"\n{error}", file=sys.stderr)
        rest = [r for r in results if self.wants(r) and r.episode_id not in stored]
        if not rest:
            return 0
        return TraceWriter(self.tracking_uri, self.experiment_id, self.run_id).write(rest, timings)

    def log_insights(self, insights_json: str | None) -> None:
        """The run's failure patterns as an MLflow table (insights.json is an artifact too)."""
        if self.run_id is None or insights_json is None:
            return
        if any(a.path == "insights_table.json" for a in self.client.list_artifacts(self.run_id)):
            return  # log_table appends rows to an existing table: a resume would double it
        data = json.loads(insights_json)
        rows = [(m["mode"], p) for m in data.get("modes", []) for p in m["patterns"]]
        table = {
            "mode": [mode for mode, _ in rows],
            "features": [" and ".join(p["features"]) for _, p in rows],
            "failures": [p["failures"] for _, p in rows],
            "episodes": [p["episodes"] for _, p in rows],
            "rate": [p["rate"] for _, p in rows],
            "ci_low": [p["ci_low"] for _, p in rows],
            "ci_high": [p["ci_high"] for _, p in rows],
            "rest_rate": [p["rest_rate"] for _, p in rows],
            "enough_data": [p["enough_data"] for _, p in rows],
            "examples": [", ".join(p["examples"]) for _, p in rows],
        }
        self.client.log_table(self.run_id, data=table, artifact_file="insights_table.json")

    def finish(self, metrics: Mapping[str, float], folder: RunFolder, files: list[str]) -> None:
        """Log metrics and artifacts, then mark the run finished."""
        assert self.run_id is not None
        self.log_metrics(metrics)
        log_redacted(self.client, self.run_id, folder, files)
        self.client.set_terminated(self.run_id, status="FINISHED")

    def fail(self, status: str = "FAILED") -> None:
        """End the run FAILED (or KILLED on a signal); ``--resume`` reopens it later."""
        self._feeding = False
        if self.feed is not None:
            self.feed.abandon()
            self.feed = None
        if self.run_id is not None:
            self.client.set_terminated(self.run_id, status=status)


def _now_ms() -> int:
    import time

    return int(time.time() * 1000)

