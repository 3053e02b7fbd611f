"""An alternation run with only the branches a text can match: same matches, less work.

A phrase family is one regex of many branches (``p1|p2|...``), and Python's ``re`` tries
every branch at every position of the text. A branch whose required words
(``golive._screen.required``) the text lacks cannot match anywhere in it; an alternation
tries its branches in order at each position and takes the first that matches there, so
leaving out branches that never match changes no match. ``Branches`` screens each branch
and runs the alternation of the branches left (compiled once per set of branches, and
skipped when none is left).

Only the matched text and its span are the whole alternation's: group numbers differ, so
callers use ``group(0)``, ``start()`` and ``end()`` only; a branch may not refer back to a
group (``\\1``, ``(?P=name)``), since its numbering would change.

Example:
    >>> family = Branches([r"\\bspeak to a person\\b", r"\\bhuman\\b", r"^never ?mind\\b"])
    >>> family.search("I want a human").span()
    (9, 14)
    >>> family.search("Where is my parcel?") is None
    True
    >>> [m.group() for m in family.finditer("human, or speak to a person")]
    ['human', 'speak to a person']
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from golive._screen import _C, _P, Screened

__all__ = ["Branches", "split_branches"]

_LIMIT = 512  # sets of branches kept compiled per family (texts share a handful)
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


class Branches:
    """``re.compile("|".join(f"(?:{p})" for p in patterns), flags)``, screened per branch."""

    __slots__ = (
        "_all",
        "_always",
        "_by_word",
        "_compiled",
        "_flags",
        "_folded",
        "_sources",
        "_whole",
        "_words",
        "original",
        "pattern",
    )

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        for p in patterns:
            if _BACKREFERENCE.search(p):
                raise ValueError(
                    f"a branch refers back to a group, which Branches renumbers: {p!r}"
                )
        self._sources = tuple(f"(?:{p})" for p in patterns)
        self._flags = flags
        #: The whole alternation (what ``search`` and ``finditer`` answer as).
        self.pattern = re.compile("|".join(self._sources), flags)
        #: The regex this alternation was cut from (``split_branches``), else None.
        self.original: re.Pattern[str] | None = None
        self._whole = Screened(self.pattern)
        # Each branch's screen, inverted: which branches each required word lets through.
        screens = [Screened(re.compile(s, flags)).words for s in self._sources]
        self._all = tuple(range(len(screens)))
        self._always = frozenset(i for i, words in enumerate(screens) if words is None)
        by_word: dict[str, set[int]] = {}
        for i, words in enumerate(screens):
            for word in words or ():
                by_word.setdefault(word, set()).add(i)
        self._by_word = {w: frozenset(ids) for w, ids in by_word.items()}
        self._words = tuple(sorted(by_word))
        self._folded = bool(flags & re.IGNORECASE)  # screens hold for ASCII text, lower-cased
        self._compiled: dict[tuple[int, ...], re.Pattern[str]] = {}

    @property
    def words(self) -> tuple[str, ...] | None:
        """The whole alternation's screen (``Screened.words``)."""
        return self._whole.words

    def could_match(self, text: str) -> bool:
        """False only when no branch can match ``text``."""
        return self._whole.could_match(text)

    def _live(self, text: str) -> re.Pattern[str] | None:
        """The alternation of the branches that can match ``text``; None when none can."""
        if self._folded and not text.isascii():
            live = self._all  # Unicode case folding: no cheap answer (as ``Screened``)
        else:
            seen = text.lower() if self._folded else text
            ids = set(self._always)
            for word in self._words:
                if word in seen:
                    ids |= self._by_word[word]
            if not ids:
                return None
            live = tuple(sorted(ids))
        pattern = self._compiled.get(live)
        if pattern is None:
            if len(self._compiled) >= _LIMIT:
                self._compiled.clear()
            source = "|".join(self._sources[i] for i in live)
            pattern = self._compiled[live] = re.compile(source, self._flags)
        return pattern

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``self.pattern.search``: the same span, or None."""
        pattern = self._live(text)
        return pattern.search(text, pos, endpos) if pattern is not None else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """``self.pattern.finditer``: the same spans, in order."""
        pattern = self._live(text)
        return pattern.finditer(text, pos, endpos) if pattern is not None else iter(())

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """``self.pattern.findall`` (its groups need the whole alternation: screened only)."""
        return self._whole.findall(text, pos, endpos)


def split_branches(pattern: re.Pattern[str]) -> Branches:
    """``pattern`` (a top-level alternation) as ``Branches`` of its own flags.

    Example:
        >>> split_branches(re.compile(r"a(?:b|c)|[|]d|e", re.I)).pattern.pattern
        '(?:a(?:b|c))|(?:[|]d)|(?:e)'
    """
    source, parts, depth, start, i = pattern.pattern, [], 0, 0, 0
    opened = -1  # where the character class being read starts its members, or -1
    while i < len(source):
        c = source[i]
        if c == "\\":
            i += 2
            continue
        if opened >= 0:
            if c == "]" and i > opened:  # "[]...]", "[^]...]": a leading ] is a member
                opened = -1
        elif c == "[":
            opened = i + 2 if source[i + 1 : i + 2] == "^" else i + 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    # The parser must see the same alternation: as many branches as were cut.
    # (It moves a prefix every branch shares, such as ``\\b``, out in front of the branches.)
    parsed = _P.parse(source, pattern.flags)
    last = parsed.data[-1] if parsed.data else None
    count = len(last[1][1]) if last is not None and last[0] is _C.BRANCH else 1
    if count != len(parts):
        raise ValueError(f"cannot split {source!r} into its {count} branches")
    branches = Branches(parts, pattern.flags & ~re.UNICODE)
    branches.original = pattern
    return branches
