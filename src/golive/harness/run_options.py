"""Numeric run options checked before anything starts: a range, or exit 2 saying it.

``--timeout 0`` would fail every call, ``nan`` or ``inf`` would disable the timeout a CI
job relies on, and ``--max-turns 100000`` would let one episode run for hours. The limits
match the suite schema where one exists (``max_turns``, ``repeats``).

Example:
    >>> check_range("--timeout", 0.0, 0.0, 3600.0, low_open=True, example="60")
    Traceback (most recent call last):
    ...
    golive.errors.InputError: --timeout: must be a number > 0 and <= 3600, got 0
      hint: pass e.g. --timeout 60
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from golive.errors import InputError


@dataclass(frozen=True)
class Limit:
    """The allowed range of one option, and an example value for the hint."""

    low: float
    high: float
    example: str
    low_open: bool = False


LIMITS: dict[str, Limit] = {
    "--timeout": Limit(0, 3600, "60", low_open=True),
    "--max-turns": Limit(1, 100, "10"),
    "--repeats": Limit(1, 100, "4"),
    "--concurrency": Limit(1, 1024, "8"),
    "--retries": Limit(0, 20, "3"),
    "--max-cost": Limit(0, 1e9, "5"),
    "--rpm": Limit(1, 1e9, "60"),
    "--tpm": Limit(1, 1e12, "100000"),
    "--max-reply-bytes": Limit(1, 1e9, "1000000"),
}


def check_range(name: str, value: float, low: float, high: float, *, low_open: bool = False,
                example: str = "") -> None:
    """Raise InputError (exit 2) unless ``value`` is a finite number in the range."""
    bad = not math.isfinite(value) or value > high or (value <= low if low_open else value < low)
    if bad:
        lower = f"> {low:g}" if low_open else f">= {low:g}"
        raise InputError(
            f"must be a number {lower} and <= {high:g}, got {value:g}",
            field=name, hint=f"pass e.g. {name} {example or f'{high:g}'}",
        )


def check_options(values: dict[str, float | None]) -> None:
    """Check every given option (``None`` means "not given") against ``LIMITS``."""
    for name, value in values.items():
        if value is None:
            continue
        limit = LIMITS[name]
        check_range(name, float(value), limit.low, limit.high, low_open=limit.low_open,
                    example=limit.example)
