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
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from golive._redact import redact
from golive.results.models import EpisodeResult
from golive.results.run_folder import RunFolder

DEFAULT_DB = "mlflow.db"
GATE_TAG = "golive.gate"


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
        self.client: Any = MlflowClient(tracking_uri=self.tracking_uri)
        self.experiment_id = self._experiment(experiment)
        self.run_id: str | None = None

    def _experiment(self, name: str) -> str:
        found = self.client.get_experiment_by_name(name)
        if found is not None:
            return str(found.experiment_id)
        location = None
        if self.tracking_uri.startswith("sqlite:"):
            location = (Path.cwd() / "mlartifacts").as_uri()
        return str(self.client.create_experiment(name, artifact_location=location))

    def start(self, params: Mapping[str, str], run_name: str, run_id: str | None = None) -> str:
        """Create the run (or reopen ``run_id`` on resume) and log its params once."""
        from mlflow.entities import Param

        if run_id is not None:
            self.run_id = run_id
            self.client.update_run(run_id, status="RUNNING")
            return run_id
        run = self.client.create_run(self.experiment_id, run_name=redact(run_name), tags={"golive": "1"})
        self.run_id = str(run.info.run_id)
        self.client.log_batch(
            self.run_id,
            params=[Param(k, redact(str(v))[:6000]) for k, v in sorted(params.items())],
        )
        return self.run_id

    def log_metrics(self, metrics: Mapping[str, float]) -> None:
        """Log metrics at step 0, in batches under MLflow's 1,000-per-call cap."""
        from mlflow.entities import Metric

        assert self.run_id is not None
        now = _now_ms()
        batch = [Metric(k, float(v), now, 0) for k, v in sorted(metrics.items())]
        for start in range(0, len(batch), 900):
            self.client.log_batch(self.run_id, metrics=batch[start : start + 900])

    def log_traces(self, results: Sequence[EpisodeResult], timings: Mapping[str, Any]) -> int:
        """One trace per agent turn, grouped by episode as MLflow sessions; returns traces."""
        from golive.tracking.traces import TraceWriter

        if self.traces is TracePolicy.NONE:
            return 0
        assert self.run_id is not None
        if self.traces is TracePolicy.FAILED:
            results = [r for r in results if not r.passed]
        writer = TraceWriter(self.tracking_uri, self.experiment_id, self.run_id)
        return writer.write(results, timings)

    def log_insights(self, insights_json: str | None) -> None:
        """The run's failure patterns as an MLflow table (insights.json is an artifact too)."""
        if self.run_id is None or insights_json is None:
            return
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
        with tempfile.TemporaryDirectory(prefix="golive-artifacts-") as scratch:
            for name in files:
                if folder.file(name).exists():
                    copy = Path(scratch) / name
                    text = folder.file(name).read_text(encoding="utf-8")
                    copy.write_text(redact(text), encoding="utf-8")
                    self.client.log_artifact(self.run_id, str(copy))
        self.client.set_terminated(self.run_id, status="FINISHED")

    def fail(self) -> None:
        """Mark the run failed (an interrupted run can be resumed later)."""
        if self.run_id is not None:
            self.client.set_terminated(self.run_id, status="FAILED")


def _now_ms() -> int:
    import time

    return int(time.time() * 1000)


def tag_gate(tracking_uri: str, run_id: str, passed: bool) -> None:
    """Tag a finished run ``golive.gate=pass|fail``."""
    from mlflow.tracking import MlflowClient

    MlflowClient(tracking_uri=tracking_uri).set_tag(run_id, GATE_TAG, "pass" if passed else "fail")
