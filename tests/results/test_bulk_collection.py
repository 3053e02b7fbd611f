"""``golive._gc``: bulk scoring freezes what exists and collects less often, then undoes it."""

from __future__ import annotations

import gc

from golive._gc import BULK_THRESHOLDS, bulk_collection, keep


def test_a_block_freezes_and_thaws_and_restores_the_thresholds() -> None:
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with bulk_collection():
        assert gc.get_threshold() == BULK_THRESHOLDS
        assert gc.get_freeze_count() > frozen
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_nested_blocks_thaw_only_when_the_outermost_ends() -> None:
    before = gc.get_threshold()
    with bulk_collection():
        with bulk_collection():
            pass
        assert gc.get_freeze_count() > 0  # the outer block still holds
        assert gc.get_threshold() == BULK_THRESHOLDS
        made = [object() for _ in range(10)]
        keep()
        assert gc.get_freeze_count() > 0
        del made
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_keep_outside_a_block_freezes_nothing() -> None:
    keep()
    assert gc.get_freeze_count() == 0


def test_cycles_made_inside_a_block_are_still_collected() -> None:
    import weakref

    class Node:
        pass

    with bulk_collection():
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
