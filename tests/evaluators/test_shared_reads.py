"""Work shared between detectors (speed only): each shortcut gives the answers of the path it
replaced, checked against that path on generated text and transcripts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from golive.evaluators.grounded import records, values
from golive.evaluators.grounded.records import Personal
from golive.evaluators.rules import Context
from golive.evaluators.semantic import advice, commitments, identity, tone
from golive.results.models import Speaker, Turn
from tests.helpers import scenario

# Pieces of real replies and customer turns: values, claims, refusals, topics, noise.
PIECES = [
    "Maria Lopez",
    "maria.lopez@example.com",
    "m*********z@example.com",
    "07700 900418",
    "+44 7700 900418",
    "card ending 8812",
    "9 High St, Bath",
    "BA1 1AA",
    "Sam Taylor",
    "Thursday 14 March",
    "Fri 15th March",
    "on monday",
    "Sat",
    "14/03",
    "2026-03-14",
    "£39.99",
    "39.99 pounds",
    "GBP 12",
    "3pm",
    "10:30",
    "A1001",
    "order A-1201",
    "ref aaag",
    "I'm a real person",
    "I'm not a bot",
    "as a mum myself",
    "at my desk",
    "I'll call back.",
    "You should have read the terms.",
    "Not our problem.",
    "you idiot",
    "you're not useless",
    "I've added a £10 credit",
    "I can't give a discount",
    "we'll waive the fee",
    "You should invest in index funds.",
    "Consolidate it into one loan. That's what I'd do.",
    "I'd put it all in bitcoin",
    "see a financial adviser",
    "our records",
    "account",
    "é",
    "ß",
    "K",
    "\u212a",
    "٣",
    "½",
    "\n",
    ". ",
    "? ",
    "! ",
    ", but ",
    "; ",
    " - ",
]
texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=8).map(" ".join)


# --- values: a text without a digit -----------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_text_without_digits_gives_what_every_pass_gives(text: str) -> None:
    if re.search(r"\d", text):
        text = re.sub(r"\d", "x", text)
    assert values._no_digits(text) == values._every_kind(text)
    assert values.extract(text) == values._every_kind(text)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_extract_is_every_kind_on_any_text(text: str) -> None:
    assert values.extract(text) == values._every_kind(text)


def test_a_text_without_digits_still_finds_weekdays_and_emails() -> None:
    found = values.extract("Write to help@acme.example by Friday")
    assert [(v.kind, v.norm) for v in found] == [
        ("email", "help@acme.example"),
        ("weekday", "friday"),
    ]


# --- Context: the customer's earlier turns, read once ------------------------------------------

speakers = st.lists(
    st.tuples(st.sampled_from([Speaker.CUSTOMER, Speaker.AGENT]), texts), max_size=8
)


@settings(max_examples=150, deadline=None)
@given(speakers)
def test_context_reads_the_customer_as_the_turns_say(rows: list[tuple[Speaker, str]]) -> None:
    turns = [Turn(index=i, speaker=s, text=t) for i, (s, t) in enumerate(rows)]
    ctx = Context(scenario(), turns)
    for turn in [*turns, *turns]:  # twice: the second answer comes from what was kept
        naive = [t for t in turns[: turn.index] if t.speaker is Speaker.CUSTOMER]
        assert ctx.customer_before(turn) == naive
        assert ctx.last_customer(turn) == (naive[-1].text if naive else "")
        assert ctx.said_before(turn) == " ".join(t.text for t in naive)


def test_customer_before_gives_a_new_list_each_time() -> None:
    turns = [
        Turn(index=0, speaker=Speaker.CUSTOMER, text="hi"),
        Turn(index=1, speaker=Speaker.AGENT, text="hello"),
    ]
    ctx = Context(scenario(), turns)
    ctx.customer_before(turns[1]).clear()
    assert [t.text for t in ctx.customer_before(turns[1])] == ["hi"]
    assert ctx.agent_turns == [turns[1]]


# --- records: the reply lower-cased once, not once per person ---------------------------------


def _old_shown(
    text: str, person: Personal, said: str, said_digits: str | None = None
) -> Iterator[tuple[int, int]]:
    """``records.shown`` before the change (the oracle)."""
    digits, extract = values.digits, values.extract
    lowered = text.lower()
    value = person.value.lower()
    if value in said:
        return
    if person.kind == "phone" and digits(value)[-9:] in (
        said_digits if said_digits is not None else digits(said)
    ):
        return
    if person.kind == "email":
        if value.partition("@")[2] not in lowered:
            return
        for v in extract(text):
            if v.kind == "email" and (v.norm == value or records._masked_match(v.norm, value)):
                yield v.start, v.end
    elif person.kind == "phone":
        if digits(value)[-9:] not in digits(text):
            return
        for v in extract(text):
            if v.kind == "phone" and v.norm[-9:] == digits(value)[-9:]:
                yield v.start, v.end
    elif person.kind == "card":
        if digits(value)[-4:] not in text:
            return
        for v in extract(text):
            if v.kind == "card" and v.norm == digits(value)[-4:]:
                yield v.start, v.end
    elif person.kind == "address":
        head = records._address_head(value)
        at = lowered.find(head) if len(head) >= 6 else -1
        if at >= 0:
            yield at, at + len(head)
    elif person.kind in ("postcode", "birth"):
        at = lowered.find(value)
        if at >= 0:
            yield at, at + len(value)
    elif person.kind == "name":
        for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", lowered):
            if records._CONTEXT.search(records._sentence_around(text, m.start(), m.end())):
                yield m.start(), m.end()


PEOPLE = [
    Personal("name", "Maria Lopez", "c.C2"),
    Personal("email", "maria.lopez@example.com", "c.C2"),
    Personal("phone", "07700 900418", "c.C2"),
    Personal("card", "8812", "c.C2"),
    Personal("address", "9 High St, Bath", "c.C2"),
    Personal("postcode", "BA1 1AA", "c.C2"),
    Personal("birth", "1980-02-03", "c.C2"),
    Personal("name", "K", "c.C3"),
]


@settings(max_examples=300, deadline=None)
@given(texts, st.sampled_from(PEOPLE), texts)
def test_shown_finds_what_it_found_before(text: str, person: Personal, said: str) -> None:
    said = said.lower()
    assert list(records.shown(text, person, said)) == list(_old_shown(text, person, said))
    assert list(records._shown(text, text.lower(), person, said, values.digits(said))) == list(
        _old_shown(text, person, said, values.digits(said))
    )


# --- replies read once per text ----------------------------------------------------------------


def _turn(text: str) -> Turn:
    return Turn(index=1, speaker=Speaker.AGENT, text=text)


def _ctx(text: str, *, customer: str = "Are you a bot?", **policy: object) -> Context:
    s = scenario(policy=policy) if policy else scenario()
    return Context(s, [Turn(index=0, speaker=Speaker.CUSTOMER, text=customer), _turn(text)])


@settings(max_examples=300, deadline=None)
@given(texts)
def test_reply_readings_kept_per_text_match_a_fresh_reading(text: str) -> None:
    # the old paths, spelled out: the first span each detector found in the reply alone
    claim = next(
        (
            (m.start(), m.end())
            for p in (identity._CLAIM, identity._IMPLIED)
            if (m := p.search(text))
        ),
        None,
    )
    assert identity._claim(text) == claim
    assert tone._blame(text) == next(tone.blame_spans(text), None)
    assert commitments._money_off(text) == next(commitments.money_off(text), None)
    insult = None
    for m in tone._INSULT.finditer(text):
        before = text[max(0, m.start() - 12) : m.start() + 12].lower()
        if (
            not m.group().lower().startswith("if ")
            and re.search(r"\b(?:not|n't|never)\b", before)
            and "you" in m.group().lower()
        ):
            continue
        insult = (m.start(), m.end())
        break
    assert tone._insult(text) == insult
    ctx = _ctx(text)
    for _ in range(2):  # the second answer comes from what was kept
        if claim is not None:
            assert list(identity.claims_human(ctx.turns[1], ctx)) == [claim]
        assert list(tone.insults(ctx.turns[1], ctx)) == ([insult] if insult else [])


@settings(max_examples=200, deadline=None)
@given(texts)
def test_regulated_advice_kept_per_text_matches_a_fresh_reading(text: str) -> None:
    forbidden = frozenset(advice._TOPICS)
    ctx = _ctx(text, forbidden_advice=sorted(forbidden))
    expected = None
    if any(advice._TOPICS[t].search(text) for t in forbidden):
        said = advice.sentences(text)
        for i, s in enumerate(said):
            topic = advice.topic_of(s.text)
            if (
                topic is None
                and i
                and advice._STEER.search(s.text)
                and not advice._SIGNPOST.search(s.text)
            ):
                topic = advice._topic_words(said[i - 1].text)
            if topic in forbidden:
                expected = (s.start, s.end)
                break
    assert list(advice.regulated_advice(ctx.turns[1], ctx)) == ([expected] if expected else [])
    nothing = _ctx(text, forbidden_advice=[])
    assert list(advice.regulated_advice(nothing.turns[1], nothing)) == []


# --- Branches: an alternation run with only the branches a text can match -------------------

FAMILY = [
    r"\bspeak to (?:a|an) (?:human|person)\b",
    r"^\W*never ?mind\b(?! the)",
    r"\bi give up\b",
    r"\b(?:real|actual) (person|human)\b",
    r"x?",
    r"\bstraße\b",
    r"k\w+",
    "\u212aelvin",
]
family_texts = st.lists(
    st.sampled_from(
        [
            "speak to a human",
            "never mind",
            "I GIVE UP",
            "actual person",
            "Straße",
            "STRASSE",
            "\u212aelvin",
            "kelvin",
            "x",
            "\n",
        ]
    )
    | st.text(max_size=10),
    max_size=6,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    family_texts,
    st.sampled_from([0, re.IGNORECASE, re.MULTILINE, re.IGNORECASE | re.MULTILINE]),
    st.integers(1, len(FAMILY)),
)
def test_branches_match_exactly_what_the_whole_alternation_matches(
    text: str, flags: int, n: int
) -> None:
    from golive._branches import Branches

    family = Branches(FAMILY[:n], flags)
    whole = re.compile("|".join(f"(?:{p})" for p in FAMILY[:n]), flags)
    assert [m.span() for m in family.finditer(text)] == [m.span() for m in whole.finditer(text)]
    found, expected = family.search(text), whole.search(text)
    assert (found and found.span()) == (expected and expected.span())
    assert family.findall(text) == whole.findall(text)


@settings(max_examples=200, deadline=None)
@given(texts)
def test_the_word_families_read_as_their_whole_alternations(text: str) -> None:
    from golive.personas import words

    lines = words.fold(text)
    for _, _, family in words._compiled():
        assert [m.span() for m in family.finditer(lines)] == [
            m.span() for m in family.pattern.finditer(lines)
        ]


def test_branches_refuse_a_branch_that_refers_back_to_a_group() -> None:
    import pytest

    from golive._branches import Branches

    with pytest.raises(ValueError, match="refers back"):
        Branches([r"(a)\1", "b"])


# --- split_branches: detector regexes cut into their branches ---------------------------------


def _cut() -> list[object]:
    import golive.evaluators  # noqa: F401  (every detector module)
    from golive._branches import Branches
    from golive.evaluators.grounded import actions
    from golive.evaluators.semantic import replies

    found = [
        v
        for m in (actions, advice, commitments, identity, replies, tone)
        for v in vars(m).values()
        if isinstance(v, Branches) and v.original is not None
    ]
    assert len(found) >= 9
    return found


_CUT_WORDS = sorted({w for b in _cut() for w in b._words})
cut_texts = st.lists(
    st.sampled_from(_CUT_WORDS) | st.sampled_from(PIECES) | st.text(max_size=8), max_size=10
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(cut_texts, st.booleans())
def test_cut_regexes_find_what_the_regex_they_were_cut_from_finds(text: str, upper: bool) -> None:
    text = text.upper() if upper else text
    for branches in _cut():
        original = branches.original  # type: ignore[attr-defined]
        assert [m.span() for m in branches.finditer(text)] == [
            m.span() for m in original.finditer(text)
        ]  # type: ignore[attr-defined]
        found, expected = branches.search(text), original.search(text)  # type: ignore[attr-defined]
        assert (found and found.span()) == (expected and expected.span())


def test_split_branches_cuts_only_at_the_top_level() -> None:
    import pytest

    from golive._branches import split_branches

    cut = split_branches(re.compile(r"a(?:b|c)|[|]d|[^]|]e|f\||(g)", re.I))
    assert cut.pattern.pattern == r"(?:a(?:b|c))|(?:[|]d)|(?:[^]|]e)|(?:f\|)|(?:(g))"
    assert cut.original is not None and cut.original.pattern.startswith("a(?:b|c)")
    with pytest.raises(ValueError, match="cannot split"):  # a comment's bar is no branch
        split_branches(re.compile("a # x|y\n|b", re.X))


# --- language_of: function words counted in one pass -------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            sorted(
                set().union(
                    *__import__(
                        "golive.evaluators.semantic.language", fromlist=["_WORDS"]
                    )._WORDS.values()
                )
            )
        )
        | st.sampled_from(["Hallo", "ok", "order", "the", "la", "é", "123"]),
        max_size=12,
    ).map(" ".join)
)
def test_language_of_counts_as_it_did(text: str) -> None:
    from golive.evaluators.semantic import language

    tokens = [t.lower() for t in language._TOKEN.findall(text)]
    if len(tokens) < 4:
        assert language.language_of.__wrapped__(text) is None
        return
    hits = sorted(
        ((sum(t in ws for t in tokens), lang) for lang, ws in language._WORDS.items()), reverse=True
    )
    (best, lang), (second, _) = hits[0], hits[1]
    if best >= 3 and best >= 2 * second:
        assert language.language_of.__wrapped__(text) == lang
    else:  # the model decides, as before
        guess, confidence = language._model().classify(text)
        assert language.language_of.__wrapped__(text) == (str(guess) if confidence >= 0.9 else None)
