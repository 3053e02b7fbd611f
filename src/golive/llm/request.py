"""What goes into a model call and what comes back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any

# Not part of the answer: who asked (for cost accounting) and litellm's offline mock.
_NOT_IN_KEY = ("mock_response", "role")


@dataclass(frozen=True)
class LLMRequest:
    """Everything that decides an LLM's answer (and so the cache key), plus its ``role``.

    ``role`` (simulator, agent or judge) only decides where tokens and cost are booked.
    """

    model: str
    messages: list[dict[str, Any]]
    temperature: float | None = None
    seed: int | None = None
    max_tokens: int | None = None
    response_format: dict[str, Any] | None = None
    tools: list[dict[str, Any]] | None = None
    api_base: str | None = None
    mock_response: str | None = field(default=None, compare=False)
    role: str = field(default="simulator", compare=False)

    def cache_key(self) -> str:
        """A hash of the full request (model, messages, params, seed, endpoint)."""
        # getattr, not asdict: asdict deep-copies every message, on the hot path of each call.
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _NOT_IN_KEY}
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class LLMResponse:
    """The answer, its token counts and cost, and whether it came from the cache."""

    text: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    cached: bool = False
