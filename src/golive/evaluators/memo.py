"""Work a detector derives from the scenario alone, done once per scenario object.

Detectors run once per agent reply; what they read from the scenario (its fixtures'
personal data, the numbers its policy states) does not change between replies or
episodes. ``per_scenario`` keeps the answer for each scenario object it has seen (by
identity, holding the object so its id cannot be reused). Callers must not mutate what it
returns.

Example:
    >>> from golive.scenarios.models import Scenario
    >>> calls = []
    >>> @per_scenario
    ... def title(scenario: Scenario) -> str:
    ...     calls.append(1)
    ...     return scenario.title.upper()
    >>> s = Scenario.model_validate({"id": "s", "title": "t",
    ...     "customer": {"goal": "g", "opening": "hi"}})
    >>> title(s), title(s), len(calls)
    ('T', 'T', 1)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from golive.scenarios.models import Scenario

__all__ = ["per_scenario"]

T = TypeVar("T")
_LIMIT = 256  # scenarios kept per function (a suite has tens)


def per_scenario(fn: Callable[[Scenario], T]) -> Callable[[Scenario], T]:
    """``fn(scenario)`` computed once per scenario object."""
    seen: dict[int, tuple[Scenario, T]] = {}

    @functools.wraps(fn)
    def cached(scenario: Scenario) -> T:
        hit = seen.get(id(scenario))
        if hit is not None and hit[0] is scenario:
            return hit[1]
        value = fn(scenario)
        if len(seen) >= _LIMIT:
            seen.clear()
        seen[id(scenario)] = (scenario, value)
        return value

    return cached
