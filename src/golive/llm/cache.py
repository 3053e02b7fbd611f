"""A disk cache of LLM responses keyed by the full request (litellm removed its own).

A rerun with a warm cache makes no LLM call and gives byte-identical results. The
database opens on first use, so runs that make no LLM call leave no cache folder behind.

Example:
    >>> import tempfile
    >>> cache = ResponseCache(tempfile.mkdtemp())
    >>> cache.put("k", {"text": "hi"}); cache.get("k")
    {'text': 'hi'}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DEFAULT_DIR = ".golive-cache/llm"


class ResponseCache:
    """Thin wrapper over diskcache (SQLite-backed, safe across processes and Ray workers)."""

    def __init__(self, folder: Path | str = DEFAULT_DIR) -> None:
        self.folder = Path(folder)
        self._cache: Any = None

    def _db(self) -> Any:
        if self._cache is None:
            import diskcache

            self._cache = diskcache.Cache(str(self.folder), size_limit=2**32)
        return self._cache

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored response for ``key``, if any."""
        raw = self._db().get(key)
        return json.loads(raw) if raw is not None else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Store a response."""
        self._db().set(key, json.dumps(value, sort_keys=True))

    def close(self) -> None:
        """Release the database handle."""
        if self._cache is not None:
            self._cache.close()
            self._cache = None
