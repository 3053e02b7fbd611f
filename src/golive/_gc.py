"""Bulk work without the cyclic collector re-walking the heap: ``bulk_collection()``.

Python's collector runs a full pass over every tracked object whenever enough young
objects have survived. Scoring thousands of stored conversations keeps the language
models, the suite and (at the end) thousands of parsed results alive, so each full pass
walks millions of objects that will not become garbage: measured on 2,500 logged
conversations, a third of the parent's CPU at the end of ``golive score`` and about 8 % of a
worker's. Inside ``bulk_collection``:

- what already exists is frozen (``gc.freeze``): collections skip it. Forked workers
  inherit the frozen set, so they skip the parent's models too (and do not dirty the pages
  they share with the parent by touching those objects' headers);
- the thresholds are raised, so full passes come ~15 times less often. Cycles are still
  collected: refcounting frees everything else as before.

Both are undone when the outermost block ends, so the process goes on as it started.
Inside a block, ``keep()`` freezes what exists at that point too (e.g. the results a
run's reports are about to walk many times). Nothing computed depends on when the
collector runs.

Example:
    >>> import gc
    >>> before = gc.get_threshold()
    >>> with bulk_collection():
    ...     gc.get_threshold() == BULK_THRESHOLDS
    True
    >>> gc.get_threshold() == before
    True
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BULK_THRESHOLDS", "bulk_collection", "keep"]

#: Young-generation size and the two promotion counts (CPython's defaults: 700, 10, 10).
BULK_THRESHOLDS = (10_000, 20, 20)


_depth = 0  # nested blocks: only the outermost one thaws


@contextmanager
def bulk_collection() -> Iterator[None]:
    """Freeze what exists and collect less often until the (outermost) block ends."""
    global _depth
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*BULK_THRESHOLDS)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            gc.set_threshold(*thresholds)
            gc.unfreeze()


def keep() -> None:
    """Inside ``bulk_collection``: collections skip what exists now, until the block ends.

    Outside one it does nothing (a frozen object is never collected until thawed).
    """
    if _depth:
        gc.freeze()
