"""A run folder has one owner: an exclusive lock held for as long as a run writes it.

Two runs with the same ``--out`` used to append to one results file and both report the
mixture. The lock is ``.golive.lock`` in the folder, held with ``flock`` (the kernel
releases it when the holder dies, even by ``kill -9``, so a stale lock of a dead pid is
simply taken over) and holding the owner's pid, host and start time for the message a
second run prints. The file stays after the run: deleting it would let two runs lock two
different files of the same name.

Example:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> lock = FolderLock.acquire(folder)
    >>> FolderLock.acquire(folder)
    Traceback (most recent call last):
    ...
    golive.errors.FolderInUse: ...
    >>> lock.release()
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path
from typing import IO

from golive.errors import FolderInUse

LOCK_FILE = ".golive.lock"


class FolderLock:
    """An exclusive, process-lifetime lock on one run folder."""

    def __init__(self, path: Path, handle: IO[str]) -> None:
        self.path = path
        self._handle: IO[str] | None = handle

    @classmethod
    def acquire(cls, folder: Path) -> FolderLock:
        """Lock ``folder`` for this process, or raise FolderInUse naming the holder."""
        path = folder / LOCK_FILE
        handle = path.open("a+", encoding="utf-8")
        if not _try_lock(handle):
            holder = _describe(path)
            handle.close()
            raise FolderInUse(
                f"run folder {folder} is in use by another golive run ({holder})",
                field="--out",
                hint="wait for it to finish, or pass a different --out (runs never share a folder)",
            )
        handle.seek(0)
        handle.truncate()
        owner = {"pid": os.getpid(), "host": socket.gethostname(),
                 "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        handle.write(json.dumps(owner) + "\n")
        handle.flush()
        return cls(path, handle)

    def release(self) -> None:
        """Unlock (the file stays: see the module docstring)."""
        if self._handle is not None:
            self._handle.close()  # closing the descriptor drops the flock
            self._handle = None


def _try_lock(handle: IO[str]) -> bool:
    try:
        import fcntl
    except ImportError:  # not POSIX: fall back to the pid in the file
        return _pid_lock(handle)
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _pid_lock(handle: IO[str]) -> bool:
    handle.seek(0)
    try:
        pid = int(json.loads(handle.read() or "{}").get("pid", 0))
    except (ValueError, AttributeError):
        pid = 0
    return pid in (0, os.getpid()) or not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _describe(path: Path) -> str:
    try:
        owner = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "owner unknown"
    return f"pid {owner.get('pid', '?')} on {owner.get('host', '?')}, started {owner.get('started', '?')}"
