"""Where a run's files go: a fresh folder per run, or the matching one on ``--resume``.

Example:
    >>> slug("http://user:secret@127.0.0.1:8000/v1")
    '127.0.0.1-8000-v1'
"""

from __future__ import annotations

import re
from pathlib import Path

from golive._redact import redact
from golive.errors import FolderInUse, ResumeMismatch
from golive.results.lock import LOCK_FILE, FolderLock
from golive.results.manifest import Manifest, read_manifest

RUNS_DIR = "golive-runs"


def slug(text: str) -> str:
    """A folder- and run-name-safe form of an agent spec."""
    text = redact(text).replace("***@", "")  # no credential in folder or MLflow run names
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text.split("//")[-1]).strip("-")[:40] or "agent"



def run_folder(manifest: Manifest, *, out: Path | None = None, resume: bool = False) -> Path:
    """A new folder for this run (never an existing one), or the one ``--resume`` continues."""
    folder, lock = claim_run_folder(manifest, out=out, resume=resume)
    lock.release()
    return folder


def claim_run_folder(
    manifest: Manifest, *, out: Path | None = None, resume: bool = False
) -> tuple[Path, FolderLock]:
    """Like ``run_folder``, and locked for this run: the caller releases the lock at the end.

    A folder a live run holds is never joined: ``--out`` (or ``--resume``) on it refuses
    with FolderInUse naming the holder; a default folder name moves on to the next suffix.
    """
    root = Path.cwd() / RUNS_DIR
    name = f"{manifest.suite_name}-{slug(manifest.agent)}-{manifest.seed}"
    if resume:
        found = _resume_folder(out, root, name, manifest)
        return found, FolderLock.acquire(found)
    folder = out or root / name
    candidate, n = folder, 1
    while True:
        candidate.mkdir(parents=True, exist_ok=True)
        try:
            lock = FolderLock.acquire(candidate)
        except FolderInUse:
            if out is not None and candidate == out:
                raise
        else:
            if not any(p.name != LOCK_FILE for p in candidate.iterdir()):
                return candidate, lock
            lock.release()  # a finished run's folder: this run takes the next name
        n += 1
        candidate = folder.with_name(f"{folder.name}-{n}")


def _resume_folder(out: Path | None, root: Path, name: str, manifest: Manifest) -> Path:
    if out is not None:
        if not (out / "manifest.json").exists():
            raise ResumeMismatch(f"{out} holds no manifest.json: nothing to resume")
        problem = manifest.mismatch(read_manifest(out))
        if problem:
            raise ResumeMismatch(f"cannot resume {out}: {problem}")
        return out
    candidates = sorted(root.glob(f"{name}*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in candidates:
        if (folder / "manifest.json").exists() and not manifest.mismatch(read_manifest(folder)):
            return folder
    raise ResumeMismatch(
        f"no run folder under {root} matches this run", hint="pass --resume DIR to name one"
    )
