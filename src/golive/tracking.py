"""MLflow: one run per ``golive run``, through MlflowClient with an explicit run id.

MLflow is imported only here and only when a run is logged (it costs ~2 s to import).
Default store: ``sqlite:///mlflow.db`` in the working folder; ``--tracking-uri`` or
``MLFLOW_TRACKING_URI`` point elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEFAULT_DB = "mlflow.db"


def default_tracking_uri() -> str:
    """``MLFLOW_TRACKING_URI`` if set, else a SQLite file in the working folder."""
    return os.environ.get("MLFLOW_TRACKING_URI") or f"sqlite:///{Path.cwd() / DEFAULT_DB}"


class MlflowTracker:
    """Logs one golive run; safe to resume by passing the earlier run id."""

    def __init__(self, tracking_uri: str | None, experiment: str) -> None:
        from mlflow.tracking import MlflowClient

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
        run = self.client.create_run(self.experiment_id, run_name=run_name, tags={"golive": "1"})
        self.run_id = str(run.info.run_id)
        self.client.log_batch(
            self.run_id, params=[Param(k, str(v)[:6000]) for k, v in sorted(params.items())]
        )
        return self.run_id

    def finish(self, metrics: Mapping[str, float], folder: Path, files: list[str]) -> None:
        """Log metrics and artifacts, then mark the run finished."""
        from mlflow.entities import Metric

        assert self.run_id is not None
        now = _now_ms()
        batch = [Metric(k, float(v), now, 0) for k, v in sorted(metrics.items())]
        for start in range(0, len(batch), 900):  # MLflow caps a batch at 1,000 metrics
            self.client.log_batch(self.run_id, metrics=batch[start : start + 900])
        for name in files:
            if (folder / name).exists():
                self.client.log_artifact(self.run_id, str(folder / name))
        self.client.set_terminated(self.run_id, status="FINISHED")

    def fail(self) -> None:
        """Mark the run failed (an interrupted run can be resumed later)."""
        if self.run_id is not None:
            self.client.set_terminated(self.run_id, status="FAILED")


def _now_ms() -> int:
    import time

    return int(time.time() * 1000)
