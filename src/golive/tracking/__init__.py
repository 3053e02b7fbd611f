"""MLflow: runs, params, metrics, artifacts, traces (sessions) and baselines.

Imported by the harness and the CLI only; reports and the gate read results files.
"""

from golive._redact import redact
from golive.tracking.artifacts import GATE_TAG, record_gate
from golive.tracking.baseline import fetch_results, open_run
from golive.tracking.mlflow_run import MlflowTracker, default_tracking_uri

__all__ = ["GATE_TAG", "MlflowTracker", "default_tracking_uri", "fetch_results", "open_run",
           "record_gate", "redact"]
