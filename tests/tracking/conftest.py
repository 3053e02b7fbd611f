"""A real `mlflow server` on 127.0.0.1 (SQLite in a temporary folder), started once per session."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import cli_env

# Job runners (online scoring) and telemetry would only cost CPU on a 2-core CI machine.
SERVER_ENV = {**cli_env(), "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false",
              "MLFLOW_DISABLE_TELEMETRY": "true"}
STARTUP_S = 180  # it answered /health after about 20 s here; CI machines can be slower


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


@pytest.fixture(scope="session")
def mlflow_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server's URL; the process is stopped when the session ends."""
    root = tmp_path_factory.mktemp("mlflow-server")
    port = _free_port()
    log = (root / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mlflow", "server", "--host", "127.0.0.1", "--port", str(port),
         "--backend-store-uri", f"sqlite:///{root / 'mlflow.db'}",
         "--artifacts-destination", str(root / "artifacts"), "--workers", "1"],
        cwd=root, env=SERVER_ENV, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: uvicorn and job runners stop with it
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_S
    while not _healthy(url):
        if process.poll() is not None or time.monotonic() > deadline:
            _stop(process)
            text = Path(log.name).read_text(encoding="utf-8")[-3000:]
            pytest.fail(f"mlflow server did not start on {url}:\n{text}")
        time.sleep(0.5)
    yield url
    _stop(process)
    log.close()


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group (the id of the group we started), then reap it."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass
