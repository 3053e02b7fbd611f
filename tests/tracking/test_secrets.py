"""No secret leaves golive: the whole run folder and the MLflow store are searched (issue 15).

The bot under test leaks on purpose: it echoes the Authorization header golive sent, a
header expanded from ``${ENV}``, and a secret from the environment, in its replies and in a
tool call's arguments. The agent URL carries a password and ``GOLIVE_AGENT_API_KEY`` is set
too (which used to crash the run).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from golive.results.io import read_results
from tests.conftest import cli_env
from tests.harness.hostile_server import HostileServer

URL_PASSWORD = "pw-Zq8rT5vX2mK"
API_KEY = "gak-9f8e7d6c5b4a3210"
ENV_SECRET = "tok-4b1dE7c2A9f0x"  # in SHOP_SECRET_TOKEN: a secret by its name
EXPANDED = "hdr-77Hq2Lw9Pz3n"  # in ACME_HDR: not secret by name, but golive expanded it
KEY_SHAPED = "sk-proj-A1b2C3d4E5f6G7h8"  # a key shape in no variable at all


@pytest.fixture
def leaky() -> Iterator[HostileServer]:
    server = HostileServer()
    server.secret = f"{ENV_SECRET} {KEY_SHAPED}"
    yield server


def _files(root: Path) -> Iterator[Path]:
    return (p for p in root.rglob("*") if p.is_file())


def _leaks(root: Path) -> list[str]:
    found = []
    for path in _files(root):
        data = path.read_bytes()
        for secret in (URL_PASSWORD, API_KEY, ENV_SECRET, EXPANDED, KEY_SHAPED):
            if secret.encode() in data:
                found.append(f"{path.relative_to(root)}: {secret}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("via", ["url", "agent-file"])
def test_no_secret_reaches_the_run_folder_or_the_mlflow_store(
    leaky: HostileServer, tmp_path: Path, via: str
) -> None:
    base = leaky.base("echo")
    if via == "url":
        agent = base.replace("http://", f"http://alice:{URL_PASSWORD}@")
    else:
        agent_file = tmp_path / "agent.yaml"
        agent_file.write_text(
            f"type: openai\nbase_url: {base}\nheaders:\n  X-Acme: '${{ACME_HDR}}'\n",
            encoding="utf-8")
        agent = str(agent_file)
    env = {**cli_env(), "GOLIVE_AGENT_API_KEY": API_KEY, "SHOP_SECRET_TOKEN": ENV_SECRET,
           "ACME_HDR": EXPANDED, "MLFLOW_DISABLE_TELEMETRY": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "golive", "run", "--agent", agent, "--out", "run",
         "--scenario", "order-status", "--persona", "calm-*", "--traces", "all", "--quiet"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240,
    )
    assert done.returncode == 0, done.stderr
    results = list(read_results(tmp_path / "run" / "results.jsonl"))
    assert results and results[0].error is None  # URL credentials + API key: no crash
    reply = results[0].transcript.agent_turns()[0].text
    assert "***" in reply  # the bot did leak, and the leak was masked
    leaks = _leaks(tmp_path)  # run folder, mlflow.db, mlartifacts
    assert (tmp_path / "mlflow.db").exists() and (tmp_path / "mlartifacts").exists()
    assert leaks == []
    for secret in (URL_PASSWORD, API_KEY, ENV_SECRET, EXPANDED, KEY_SHAPED):
        assert secret not in done.stdout + done.stderr
