"""Gateway errors: ``LLMError`` is final (an episode error); ``Transient`` is retried.

Both live in :mod:`golive.errors` (one exception tree); the gateway names them from here.
"""

from __future__ import annotations

from golive.errors import LLMError, Transient

__all__ = ["LLMError", "Transient"]
