"""A disk cache of LLM responses keyed by the full request (litellm removed its own).

A rerun with a warm cache makes no LLM call and gives byte-identical results.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEFAULT_DIR = ".golive-cache/llm"


class ResponseCache:
    """Thin wrapper over diskcache (SQLite-backed, safe across processes)."""

    def __init__(self, folder: Path | str = DEFAULT_DIR) -> None:
        import diskcache

        self._cache: Any = diskcache.Cache(str(folder), size_limit=2**32)

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored response for ``key``, if any."""
        raw = self._cache.get(key)
        return json.loads(raw) if raw is not None else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store a response."""
        self._cache.set(key, json.dumps(value, sort_keys=True))

    def close(self) -> None:
        """Release the database handle."""
        self._cache.close()
