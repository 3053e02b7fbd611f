"""Serialise the creation of a SQLite MLflow store across processes.

Two ``golive run`` jobs starting at once on a new ``mlflow.db`` both ran MLflow's schema
migration: one crashed, and sometimes the store was left unusable. Whoever opens a SQLite
store first holds ``<db>.lock`` (beside the database, ``flock``: released if the holder
dies) while MLflow creates or migrates the schema and golive creates its experiment; the
other waits, then finds the store ready. Other stores (a tracking server, Databricks)
serialise themselves, so the lock is a no-op for them.

Example:
    >>> with store_lock("http://127.0.0.1:5000"):
    ...     pass
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from golive.errors import InputError

WAIT_S = 300.0  # a migration of a big store can take a while; beyond this something is stuck


def sqlite_path(tracking_uri: str) -> Path | None:
    """The database file of a ``sqlite:///`` URI, or None for other stores.

    Example:
        >>> sqlite_path("sqlite:////tmp/x/mlflow.db")
        PosixPath('/tmp/x/mlflow.db')
    """
    if not tracking_uri.startswith("sqlite:"):
        return None
    path = unquote(urlsplit(tracking_uri).path)
    if not path or path == "/:memory:":
        return None
    return Path(path[1:])  # sqlite:///rel.db is relative, sqlite:////abs.db absolute


@contextmanager
def store_lock(tracking_uri: str) -> Iterator[None]:
    """Hold the store's creation lock (SQLite only) for the body of the ``with``."""
    db = sqlite_path(tracking_uri)
    if db is None:
        yield
        return
    if sys.platform == "win32":  # no flock: nothing to lock with
        yield
        return
    import fcntl

    db.parent.mkdir(parents=True, exist_ok=True)
    lock = db.with_name(db.name + ".lock")
    with lock.open("a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"{lock} was held for over {WAIT_S:g}s by another process",
                        hint="another golive run is creating the MLflow store; rerun, "
                        "or pass --no-mlflow",
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
