"""The built-in log formats (importing this registers them under ``log_reader``)."""

from __future__ import annotations

from golive.logs import csv_export, jsonl, mlflow_traces, tau_bench

__all__ = ["csv_export", "jsonl", "mlflow_traces", "tau_bench"]
