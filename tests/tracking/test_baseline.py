"""Baselines named by the user: folders, MLflow run ids, latest-passing; redaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive._redact import redact
from golive.cli.gate import _baseline
from golive.errors import InputError
from golive.results.manifest import Manifest
from golive.tracking import fetch_results


@pytest.mark.parametrize(("text", "secret"), [
    ("https://bob:hunter2@bots.example.com/v1", "hunter2"),
    ("http://127.0.0.1:8000/v1?api_key=abc123", "abc123"),
    ("OPENAI key sk-proj-abcdefghijklmnop in a reply", "abcdefghijklmnop"),
])
def test_redact_masks_credentials(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_a_name_that_is_no_file_and_no_run_id_is_explained(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        fetch_results("last-week", None, tmp_path)
    assert "'last-week' is neither a file or folder nor an MLflow run id" in str(caught.value)
    assert "latest-passing" in str(caught.value)


@pytest.mark.slow
def test_latest_passing_with_no_passing_run_yet_gates_on_thresholds_only(tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    manifest = Manifest(suite_name="s", suite_source="s.yaml", suite_hash="h", agent="bot",
                        simulator="scripted", seed=1, repeats=1, max_turns=1, episodes=1,
                        golive_version="0")
    assert _baseline("latest-passing", uri, manifest) == (None, None)
    with pytest.raises(InputError, match="needs a run folder with its manifest.json"):
        _baseline("latest-passing", uri, None)
    with pytest.raises(InputError, match="no MLflow run tagged golive.gate=pass"):
        fetch_results("latest-passing", uri, tmp_path / "dl")
