"""Where a run's files go: a fresh folder per run, or the matching one on ``--resume``.

Example:
    >>> slug("http://user:secret@127.0.0.1:8000/v1")
    '127.0.0.1-8000-v1'
"""

from __future__ import annotations

import re
from pathlib import Path

from golive._redact import redact
from golive.errors import ResumeMismatch
from golive.results.manifest import Manifest, read_manifest

RUNS_DIR = "golive-runs"


def slug(text: str) -> str:
    """A folder- and run-name-safe form of an agent spec."""
    text = redact(text).replace("***@", "")  # no credential in folder or MLflow run names
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text.split("//")[-1]).strip("-")[:40] or "agent"



def run_folder(manifest: Manifest, *, out: Path | None = None, resume: bool = False) -> Path:
    """A new folder for this run (never an existing one), or the one ``--resume`` continues."""
    root = Path.cwd() / RUNS_DIR
    name = f"{manifest.suite_name}-{slug(manifest.agent)}-{manifest.seed}"
    if resume:
        return _resume_folder(out, root, name, manifest)
    folder = out or root / name
    candidate, n = folder, 1
    while candidate.exists() and any(candidate.iterdir()):
        n += 1
        candidate = folder.with_name(f"{folder.name}-{n}")
    candidate.mkdir(parents=True, exist_ok=True)
    return candidate


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
