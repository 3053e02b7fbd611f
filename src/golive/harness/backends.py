"""Where episodes run: ``local`` (one asyncio loop) or ``ray`` (tasks on a Ray cluster).

Example:
    >>> check_backend("local")
"""

from __future__ import annotations

import importlib.util

from golive.errors import InputError

BACKENDS = ("local", "ray")


def check_backend(name: str) -> None:
    """Raise a usage error for an unknown backend, or for ``ray`` without Ray installed."""
    if name not in BACKENDS:
        raise InputError(f"unknown backend {name!r}", field="--backend",
                         hint=f"use one of {', '.join(BACKENDS)}")
    if name == "ray" and importlib.util.find_spec("ray") is None:
        raise InputError("--backend ray needs Ray, which is not installed", field="--backend",
                         hint="install the extra: pip install 'golive[ray]'")
