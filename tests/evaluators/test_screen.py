"""A screened regex answers exactly as the regex: skipped only when it cannot match."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

import golive.evaluators  # noqa: F401  (registers every rule, imports the patterns)
from golive._screen import Screened, required
from golive.evaluators import detectors
from golive.evaluators.grounded import actions
from golive.evaluators.semantic import advice, commitments, identity, tone
from golive.personas import words


def _screened() -> list[Screened]:
    found = [
        v
        for m in (advice, commitments, identity, tone, actions, detectors)
        for v in vars(m).values()
        if isinstance(v, Screened)
    ]
    return found + [s for _, _, s in words._compiled()]


def test_requirements_of_literals_branches_repeats_and_classes() -> None:
    assert required(re.compile(r"\b(?:speak|talk) to an? (?:human|person)\b")) == {" to a"}
    assert required(re.compile(r"(?:speak|talk) (?:human|person)")) == {"human", "person"}
    assert required(re.compile(r"\bspeak to (?:a|an) (?:human|person)\b")) == {"speak to a"}
    assert required(re.compile(r"(?:ab)+c")) == {"ab"}
    assert required(re.compile(r"[£$€]\d+")) == {"£", "$", "€"}
    assert required(re.compile(r"(?:ab)?c")) == {"c"}
    assert required(re.compile(r"x?|y")) is None  # a branch that requires nothing
    assert required(re.compile(r"(?=refund)\w+")) is None  # a lookahead adds nothing
    assert required(re.compile(r"\d+")) is None
    assert required(re.compile(r"(?i:refund)")) is None  # scoped folding: not screened
    assert required(re.compile(r"RefUND", re.I)) == {"refund"}


def test_case_folding_that_reaches_ascii_is_never_screened() -> None:
    # The Kelvin sign matches "k", the long s "s", the dotless i "i": no screen for them.
    for char in ("\u212a", "\u017f", "\u0131"):
        assert required(re.compile(f"ab{char}", re.I)) is None
    pattern = Screened(re.compile("stop", re.I))
    assert pattern.search("\u017ftop") is not None  # non-ASCII text: the regex decides
    assert pattern.search("STOP now").span() == (0, 4)
    assert pattern.search("go on") is None and not pattern.could_match("go on")


def test_every_screened_pattern_has_a_requirement() -> None:
    screened = _screened()
    assert len(screened) >= 30
    assert all(s.words for s in screened)  # a screen that never skips is a wasted wrapper


_TEXT = st.lists(
    st.one_of(
        st.sampled_from(sorted({w for s in _screened() for w in s.words or ()})),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.!?'£$€%\n\u017f\u212aé", max_size=12),
        st.sampled_from(["I", "you", "we", "will", "refund", "call", "not", "human", "a", "the"]),
    ),
    max_size=12,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, upper=st.booleans())
def test_screened_patterns_find_exactly_what_the_regex_finds(text: str, upper: bool) -> None:
    text = text.upper() if upper else text
    for pattern in _screened():
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in pattern.pattern.finditer(text)
        ]
        found = pattern.search(text)
        expected = pattern.pattern.search(text)
        assert (found and found.span()) == (expected and expected.span())
        assert pattern.findall(text) == pattern.pattern.findall(text)
