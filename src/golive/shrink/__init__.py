"""The shrinker: the smallest persona and scenario that still fail the same way.

It replays reductions through the harness, so it sits above it (cli → shrink → harness),
not inside ``insights/``, which only reads results.

Example:
    >>> from golive.shrink import trait_count
    >>> callable(trait_count)
    True
"""

from golive.shrink.files import run_shrink, sizes
from golive.shrink.search import Shrunk, shrink, trait_count

__all__ = ["Shrunk", "run_shrink", "shrink", "sizes", "trait_count"]
