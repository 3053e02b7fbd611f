"""A regex's required words: a text holding none of them cannot match, so the regex is skipped.

Python's ``re`` tries every branch of a long alternation at every position of the text;
the phrase families the customer listener reads have dozens of branches, and most
customer messages match none. ``required`` works out, from the parsed pattern, a set of
literal strings one of which every match must contain; ``Screened.search``,
``Screened.finditer`` ... run the regex only when the text holds one of them, and return
exactly what the regex returns otherwise (no match), so results do not change.

The extraction is conservative: only plain literals count (lookarounds, backreferences and optional parts add no requirement), a repeat counts only
when it must occur at least once, and an alternation only when every branch requires
something (the union of theirs). A pattern with no requirement is never screened.

Example:
    >>> sorted(required(re.compile(r"\\b(speak|talk) to (a|an) (human|person)\\b")))
    ['human', 'person']
    >>> required(re.compile(r"\\d+ times"))
    frozenset({' times'})
    >>> sorted(required(re.compile(r"(?i)Refund|money back")))
    ['money back', 'refund']
    >>> required(re.compile("(?i)\u212a")) is None  # the Kelvin sign matches "k": no screen
    True
    >>> pattern = Screened(re.compile(r"\\bhuman\\b"))
    >>> pattern.search("hello") is None, pattern.search("a human").span()
    (True, (2, 7))
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from typing import Any

# The regex parser's own modules (private, typeshed has no stubs): the parsed pattern is
# what the engine runs, so its requirements are the regex's.
_C: Any = importlib.import_module("re._constants")
_P: Any = importlib.import_module("re._parser")
_EXTRA: dict[int, tuple[int, ...]] = importlib.import_module("re._casefix")._EXTRA_CASES

__all__ = ["Screened", "required"]

_REPEATS = tuple(
    getattr(_C, name)
    for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_C, name)
)


def required(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains; None when none is known.

    For a case-insensitive pattern they are lower case and ASCII, and hold only for an
    ASCII text compared in lower case (``Screened`` does so): Unicode case folding lets
    "k" match the Kelvin sign and "s" the long s, never an ASCII character other than
    its own two cases.
    """
    if not isinstance(pattern.pattern, str):
        return None
    found = _needed(_P.parse(pattern.pattern, pattern.flags))
    if not found:
        return None
    if pattern.flags & re.IGNORECASE:
        if not all(_folds_apart(c) for w in found for c in w):
            return None
        found = {w.lower() for w in found}
    return frozenset(found)


def _folds_apart(char: str) -> bool:
    """Whether case-insensitive matching keeps ``char`` and ASCII apart, but for its own
    ASCII cases: an ASCII character, or one that matches no ASCII character at all ("é",
    "£"; never the Kelvin sign, the long s or the dotless i). A required word holding
    the latter kind can never be found in an ASCII text, and the regex cannot match it."""
    if char.isascii():
        return True
    related = char.lower() + char.upper() + char.casefold()
    for c in char + related:
        related += "".join(chr(x) for x in _EXTRA.get(ord(c), ()))
    return not any(c.isascii() for c in related)


def _needed(items: Any) -> set[str] | None:
    """One requirement of a parsed sequence: the candidate whose shortest string is longest."""
    candidates: list[set[str]] = []
    run = ""
    for op, av in items:
        if op is _C.LITERAL:
            run += chr(av)  # consecutive literals are one string the match contains
            continue
        if run:
            candidates.append({run})
            run = ""
        if op is _C.SUBPATTERN:
            _group, add_flags, _del_flags, body = av
            if not add_flags & re.IGNORECASE:
                inner = _needed(body)
                if inner:
                    candidates.append(inner)
        elif op is _C.IN and all(kind is _C.LITERAL for kind, _ in av):
            candidates.append({chr(code) for _, code in av})  # a set of characters: [£$€]
        elif op is _C.BRANCH:
            branches = [_needed(b) for b in av[1]]
            if all(branches):
                candidates.append(set().union(*(b for b in branches if b)))
        elif op in _REPEATS and av[0] >= 1:  # (min, max, body): the body occurs at least once
            inner = _needed(av[2])
            if inner:
                candidates.append(inner)
        # anything else (classes, any, anchors, lookarounds, groups referred back): no
        # requirement, and it ends the run of literals
    if run:
        candidates.append({run})
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(len(s) for s in c), -len(c)))


class Screened:
    """A compiled pattern whose matching is skipped for a text without its required words.

    Same answers as the pattern's own ``search``, ``match``, ``finditer`` and ``findall``.
    """

    __slots__ = ("folded", "pattern", "words")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        words = required(pattern)
        self.words = tuple(sorted(words)) if words else None
        self.folded = bool(pattern.flags & re.IGNORECASE)

    def could_match(self, text: str) -> bool:
        """False only when no match is possible (none of the required words is in ``text``)."""
        if self.words is None:
            return True
        if self.folded:
            if not text.isascii():
                return True  # Unicode case folding: no cheap answer
            text = text.lower()
        return any(w in text for w in self.words)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.search``."""
        return self.pattern.search(text, pos, endpos) if self.could_match(text) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.match``."""
        return self.pattern.match(text, pos, endpos) if self.could_match(text) else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer``."""
        return self.pattern.finditer(text, pos, endpos) if self.could_match(text) else iter(())

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """``re.Pattern.findall``."""
        return self.pattern.findall(text, pos, endpos) if self.could_match(text) else []
