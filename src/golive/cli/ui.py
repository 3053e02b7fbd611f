"""``golive ui [STORE]``: the MLflow UI on a run's store, started the way it works offline.

``mlflow ui`` imports litellm, which without ``LITELLM_LOCAL_MODEL_COST_MAP=True`` fetches a
price table at import and, offline, hangs for good. This command starts MLflow's server on
the store with that set (and MLflow's background job runners off: a viewer needs none),
waits until it answers, and prints where to look: the experiment, its sessions (one per
episode) and, for a run folder, the run.

STORE is a run folder (its manifest names the store and run), an ``mlflow.db`` file or a
tracking URI; by default ``MLFLOW_TRACKING_URI`` or ``mlflow.db`` in this folder, as
``golive run`` uses.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from golive.errors import InputError, UnreachableError

STARTUP_S = 240.0  # MLflow's server took 20-36 s to answer on a loaded 2-core machine


@dataclass(frozen=True)
class Store:
    """Which store to show, and which run in it if a run folder named one."""

    uri: str
    run_id: str | None = None


def resolve_store(spec: str | None) -> Store:
    """The store a user named (see the module docstring).

    Example:
        >>> resolve_store("http://127.0.0.1:5000").uri
        'http://127.0.0.1:5000'
    """
    from golive.results.run_folder import MANIFEST_FILE
    from golive.tracking import default_tracking_uri
    from golive.tracking.store_lock import sqlite_path

    if spec is None:
        store = Store(default_tracking_uri())
    elif "://" in spec or spec.startswith("sqlite:"):
        store = Store(spec)
    elif (Path(spec) / MANIFEST_FILE).is_file():
        manifest = json.loads((Path(spec) / MANIFEST_FILE).read_text(encoding="utf-8"))
        if not manifest.get("tracking_uri"):
            raise InputError(
                f"the run in {spec} was not logged to MLflow (--no-mlflow)",
                file=str(Path(spec) / MANIFEST_FILE),
                field="tracking_uri",
                hint="run it again without --no-mlflow, or pass a store",
            )
        store = Store(manifest["tracking_uri"], manifest.get("mlflow_run_id"))
    elif Path(spec).is_file():
        store = Store(f"sqlite:///{Path(spec).resolve()}")
    else:
        raise InputError(
            f"{spec!r} is neither a run folder, an mlflow.db file nor a tracking URI",
            hint="pass a folder `golive run` wrote, its mlflow.db, or sqlite:///path",
        )
    db = sqlite_path(store.uri)
    if db is not None and not db.is_file():
        raise InputError(
            f"no MLflow store at {db}",
            hint="run `golive run` here first, or pass the run folder or its mlflow.db",
        )
    return store


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _where(store: Store, url: str) -> list[str]:
    """Lines saying what to open: the experiment, its sessions, the run."""
    from mlflow.tracking import MlflowClient

    client: Any = MlflowClient(tracking_uri=store.uri)
    if store.run_id is not None:
        run = client.get_run(store.run_id)
        experiments = [client.get_experiment(run.info.experiment_id)]
    else:
        found = client.search_experiments(
            filter_string="name LIKE 'golive-%'", order_by=["last_update_time DESC"]
        )
        experiments = list(found)
    if not experiments:
        return [f"no golive experiment in this store yet: open {url}"]
    lines = []
    for experiment in experiments[:5]:
        home = f"{url}/#/experiments/{experiment.experiment_id}"
        lines += [
            f"experiment {experiment.name}: {home}",
            f"  sessions (one per episode): {home}/chat-sessions",
        ]
    if store.run_id is not None:
        lines.append(f"  run {store.run_id}: {home}/runs/{store.run_id}")
    lines += [
        "To read a conversation: open Sessions (left bar, or the sessions link above), click",
        "a session id (= the episode id in results.jsonl). Each agent reply is one trace named",
        "`turn N` after its transcript index; a failed turn shows ERROR with the finding.",
        "Traces (left bar) lists every turn; filter by state ERROR to see only failures.",
    ]
    return lines


def ui(
    store: Annotated[
        str | None,
        typer.Argument(
            help="Run folder, mlflow.db or tracking URI (default: MLFLOW_TRACKING_URI or ./mlflow.db).",
            show_default=False,
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port; 0 picks a free one.")] = 5000,
) -> None:
    """Start the MLflow UI on a run's store and print where its sessions are (Ctrl+C stops it)."""
    found = resolve_store(store)
    if found.uri.startswith(("http://", "https://")):  # a server already shows it
        for line in _where(found, found.uri.rstrip("/")):
            typer.echo(line)
        return
    port = port or _free_port(host)
    url = f"http://{host}:{port}"
    env = {
        **os.environ,
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false",
    }
    log = tempfile.NamedTemporaryFile("w+", prefix="golive-ui-", suffix=".log", delete=False)
    command = [
        sys.executable,
        "-m",
        "mlflow",
        "server",
        "--backend-store-uri",
        found.uri,
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        "1",
    ]
    typer.echo(f"starting the MLflow UI on {found.uri} ...")
    signal.signal(signal.SIGTERM, _interrupt)  # a plain `kill` also stops the server we start
    process = subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )  # its own group: its workers stop with it
    try:
        deadline = time.monotonic() + STARTUP_S
        while not _answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise UnreachableError(
                    f"the MLflow UI did not start on {url}:\n{log.read()[-2000:]}"
                )
            time.sleep(0.5)
        typer.echo(f"MLflow UI: {url}")
        for line in _where(found, url):
            typer.echo(line)
        typer.echo("Ctrl+C stops it.")
        process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        _stop(process)
        log.close()
        os.unlink(log.name)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the process group this command started."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)
    except ProcessLookupError:
        pass


def register(app: typer.Typer) -> None:
    """Add ``ui`` to the CLI."""
    app.command("ui")(ui)
