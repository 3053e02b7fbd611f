"""Run-folder files as MLflow artifacts: redacted copies, and the verdict a gate adds later.

``golive run --gate`` decides after the run is logged and then rewrites report.html so it
opens with the verdict; without a second upload MLflow would keep the report from before
the gate, and no gate.json at all.

Example:
    >>> from golive.tracking.artifacts import GATE_TAG
    >>> GATE_TAG
    'golive.gate'
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from golive._redact import redact
from golive.results.run_folder import RunFolder

GATE_TAG = "golive.gate"


def log_redacted(client: Any, run_id: str, folder: RunFolder, names: Iterable[str]) -> None:
    """Upload each named file of the folder that exists, as a redacted copy (same name)."""
    with tempfile.TemporaryDirectory(prefix="golive-artifacts-") as scratch:
        for name in names:
            if folder.file(name).exists():
                copy = Path(scratch) / name
                text = folder.file(name).read_text(encoding="utf-8")
                copy.write_text(redact(text), encoding="utf-8")
                client.log_artifact(run_id, str(copy))


def record_gate(
    tracking_uri: str, run_id: str, verdict: str, folder: Path, files: Iterable[str]
) -> None:
    """Tag the run ``golive.gate=<verdict>`` and upload the files the gate wrote or rewrote.

    Only ``pass`` makes the run a candidate for ``--baseline latest-passing``.
    """
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=tracking_uri)
    client.set_tag(run_id, GATE_TAG, verdict)
    log_redacted(client, run_id, RunFolder(folder), files)
