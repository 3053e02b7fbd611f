"""Named running sums that do not depend on the order their terms arrive in.

Run metrics are means and ratios of sums over episodes, rounded to six decimals. Float
addition is not associative, so adding the same episodes in another order (a comparison
sorts them by id; the bootstrap adds them cluster by cluster) moved a rounded mean by one
in the sixth decimal: 1.565612 in the run summary, 1.565613 in the comparison. Each sum
here is kept exactly, as Shewchuk's non-overlapping partials (the algorithm behind
``math.fsum``), and read correctly rounded, so every order gives the same figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import fsum


def _grow(partials: list[float], x: float) -> None:
    """Add ``x`` to ``partials`` so that they still sum exactly to every term so far."""
    i = 0
    for y in partials:
        if abs(x) < abs(y):
            x, y = y, x
        hi = x + y
        lo = y - (hi - x)
        if lo:
            partials[i] = lo
            i += 1
        x = hi
    partials[i:] = [x]


class ExactSums:
    """Named exact sums.

    Example:
        >>> a, b = ExactSums(), ExactSums()
        >>> for x in (0.1, 0.2, 0.3):
        ...     a.add({"x": x})
        >>> for x in (0.3, 0.2, 0.1):
        ...     b.add({"x": x})
        >>> a.totals() == b.totals() == {"x": 0.6}, 0.1 + 0.2 + 0.3 == 0.3 + 0.2 + 0.1
        (True, False)
    """

    __slots__ = ("_partials",)

    def __init__(self) -> None:
        self._partials: dict[str, list[float]] = {}

    def add(self, row: Mapping[str, float]) -> None:
        """Add each named term of ``row`` to its sum."""
        for key, value in row.items():
            partials = self._partials.get(key)
            if partials is None:
                self._partials[key] = [value]
            else:
                _grow(partials, value)

    def totals(self) -> dict[str, float]:
        """Each sum, correctly rounded to a float."""
        return {key: fsum(partials) for key, partials in self._partials.items()}
