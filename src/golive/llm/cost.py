"""Tokens and USD per model and role, priced from litellm's own cost table.

The table is litellm's bundled ``model_prices_and_context_window_backup.json`` read as a
file: pricing a call must not import litellm (6 s) on the aiohttp fast path. Unknown models
(a local server's ``default``) cost 0 USD; their tokens still count.

Example:
    >>> ledger = Ledger()
    >>> usd = ledger.add("judge", "gpt-4o-mini", 1000, 500, cached=False)
    >>> round(ledger.total_usd(), 6)
    0.00045
"""

from __future__ import annotations

import functools
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROLES = ("simulator", "agent", "judge")
_TABLE = "model_prices_and_context_window_backup.json"


@functools.cache
def _price_table() -> dict[str, Any]:
    spec = importlib.util.find_spec("litellm")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / _TABLE
    try:
        table: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table


def price(model: str, prompt_tokens: int, completion_tokens: int) -> float:
    """USD for one call, or 0.0 when litellm's table does not know the model."""
    table = _price_table()
    entry = table.get(model) or table.get(model.split("/", 1)[-1])
    if not isinstance(entry, dict):
        return 0.0
    inp = float(entry.get("input_cost_per_token") or 0.0)
    out = float(entry.get("output_cost_per_token") or 0.0)
    return prompt_tokens * inp + completion_tokens * out


@dataclass
class Usage:
    """What one (role, model) pair spent."""

    calls: int = 0
    cached_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    usd: float = 0.0

    def as_dict(self) -> dict[str, float]:
        """Plain numbers for JSON."""
        return {
            "calls": self.calls, "cached_calls": self.cached_calls,
            "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
            "usd": round(self.usd, 8),
        }


class Ledger:
    """Accumulates usage keyed by (role, model). Cache hits count tokens but cost nothing."""

    def __init__(self) -> None:
        self.usage: dict[tuple[str, str], Usage] = {}

    def add(
        self, role: str, model: str, prompt: int, completion: int, *, cached: bool, calls: int = 1
    ) -> float:
        """Record ``calls`` calls (one by default); returns their USD."""
        row = self.usage.setdefault((role, model), Usage())
        usd = 0.0 if cached else price(model, prompt, completion)
        row.calls += calls
        row.cached_calls += cached
        row.prompt_tokens += prompt
        row.completion_tokens += completion
        row.usd += usd
        return usd

    def merge(self, rows: list[dict[str, Any]]) -> None:
        """Add rows written by ``rows()`` (e.g. from an earlier part of a resumed run)."""
        for r in rows:
            row = self.usage.setdefault((r["role"], r["model"]), Usage())
            row.calls += int(r["calls"])
            row.cached_calls += int(r["cached_calls"])
            row.prompt_tokens += int(r["prompt_tokens"])
            row.completion_tokens += int(r["completion_tokens"])
            row.usd += float(r["usd"])

    def rows(self) -> list[dict[str, Any]]:
        """One dict per (role, model), sorted."""
        return [{"role": role, "model": model, **u.as_dict()}
                for (role, model), u in sorted(self.usage.items())]

    def total_usd(self) -> float:
        """USD over every role and model."""
        return sum(u.usd for u in self.usage.values())

    def total_tokens(self) -> int:
        """Prompt plus completion tokens over every role and model."""
        return sum(u.prompt_tokens + u.completion_tokens for u in self.usage.values())

    def summary(self) -> dict[str, Any]:
        """What ``cost.json`` holds: totals, per role, per model, and the detail rows."""
        by_role: dict[str, Usage] = {}
        by_model: dict[str, Usage] = {}
        for (role, model), u in self.usage.items():
            for key, table in ((role, by_role), (model, by_model)):
                t = table.setdefault(key, Usage())
                t.calls += u.calls
                t.cached_calls += u.cached_calls
                t.prompt_tokens += u.prompt_tokens
                t.completion_tokens += u.completion_tokens
                t.usd += u.usd
        return {
            "total_usd": round(self.total_usd(), 8),
            "total_tokens": self.total_tokens(),
            "by_role": {k: v.as_dict() for k, v in sorted(by_role.items())},
            "by_model": {k: v.as_dict() for k, v in sorted(by_model.items())},
            "rows": self.rows(),
        }
