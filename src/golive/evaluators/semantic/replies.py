"""Reply quality: empty, unfilled template, nonsense or off-topic, wrong language, and a
transfer taken back in the same breath.

These are agent errors more than style: a customer who gets "   ", "Hi {first_name}",
"arriving None", a stack trace, a word salad, an answer in a language they did not write
in, or "I'll transfer you now... actually I can handle this" was not served.

Example:
    >>> bool(list(placeholder_spans("Your order {{order_id}} is on its way.")))
    True
    >>> bool(list(placeholder_spans("Track it here: [tracking page](https://acme.example).")))
    False
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from golive._branches import split_branches
from golive.evaluators.rules import Context, Match
from golive.evaluators.semantic.language import FUNCTION_WORDS, language_of
from golive.evaluators.semantic.text import sentences, stem, words
from golive.results.models import Turn

_I = re.IGNORECASE


def empty(turn: Turn, ctx: Context) -> Iterator[Match]:
    """A reply with no words for the customer, whatever tools or handoff came with it: the
    customer was left with nothing to read (an agent error, never a pass)."""
    if not re.sub(r"[\s\u00a0\u200b\u200c\u200d\ufeff]", "", turn.text):
        yield 0, len(turn.text)


_PLACEHOLDER = split_branches(re.compile(
    r"\{\{\s*[A-Za-z_][\w.]*\s*\}\}|\{\s*[A-Za-z_][\w.]*\s*\}|\$\{[^}]*\}|"
    r"%\(\w+\)[sd]|(?<![\w%])%[sd]\b|"
    r"\[(?:[A-Za-z]+[ _]){0,3}(?:NAME|Name|name|NUMBER|Number|DATE|Date|ID|EMAIL|Email|ADDRESS|"
    r"Address|AMOUNT|Amount|PHONE|Phone)\](?!\()|"
    r"\[(?:INSERT|TODO|TBD|PLACEHOLDER)[^\]]*\]|\bTODO:|"
    r"<\s*[A-Z][A-Z_]{2,}\s*>|<\s*\w*(?:name|number|date|email|amount)\w*\s*>|"
    r"[£$€]\s?(?:None|null|undefined|NaN)\b|"
    r"(?<=\w )(?:None|null|undefined|NaN)(?=\s*[.,;!?)]|\s*$)",
))


def placeholder_spans(text: str) -> Iterator[tuple[int, int]]:
    """Template slots left unfilled, and programming nulls shown as values."""
    m = _PLACEHOLDER.search(text)
    if m:
        yield m.start(), m.end()


def placeholder(turn: Turn, ctx: Context) -> Iterator[Match]:
    """The reply shows an unfilled template slot or a null value."""
    yield from placeholder_spans(turn.text)


# --- nonsense and off-topic -----------------------------------------------------------------
_CRASH = split_branches(re.compile(
    r"Traceback \(most recent call last\)|\b[A-Z]\w*(?:Error|Exception):\s|"
    r"\bundefined is not a function\b|<html\b|^\s*\{\s*\"(?:error|detail)\"|\blorem ipsum\b",
    _I,
))
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_STOP = set(
    "a an the and or but if so to of in on at by for with from as is are was were be been am i "
    "you we they he she it my your our their me us them this that these those there here do "
    "does did have has had will would can could should shall may might must not no yes up out "
    "what which who when where why how all any some just only very too also then than now".split()
)
# Words any support conversation may use without repeating the customer.
_SUPPORT = set(stem(w) for w in (
    "order orders delivery deliver parcel package courier item items refund return returns "
    "exchange replacement repair warranty account card cards bill billing payment payments pay "
    "charge charges fee fees plan plans contract balance transfer statement bank money price "
    "cost credit help sorry apologise apologies thanks thank welcome please hello hi bye goodbye "
    "day weekend great glad happy pleasure enjoy care lovely wonderful team colleague manager "
    "person human assistant agent email phone number address name details check look "
    "sort fix arrange cancel cancelled change update send sent confirm confirmation today "
    "tomorrow week days time working dispatch dispatched shipped stock problem issue question "
    "worry worried understand certainly course sure okay ok right anything else damage damaged "
    "cover covers broken faulty policy window claim complaint review reference service customer "
    "shop store website app login password verify identity security fraud scam freeze frozen "
    "new old track tracking delivered arriving arrive estimate expected".split()
))


_ADDRESSED = re.compile(
    r"\b(?:i|i'?m|i'?ll|i'?ve|me|my|we|we'?re|we'?ll|our|us|you|you'?re|you'?ll|your|please|"
    r"let'?s|no need|need to|sorry|thanks?)\b|^\W*(?:yes|no|yeah|nope|sure|ok|okay|it|that|this)\b|"
    r"^\W*(?:aw+|oh|ah|hey|hi|hello)\b|\b(?:just|simply)\s+(?:have|take|try|get|do)\b|"
    r"(?:^|[.;:!?]\s*)(?:put|take|try|run|go|keep|call|check|use|apply|get|make|leave|open|click|"
    r"visit|send|pay|sounds|looks|seems)\b",
    _I,
)


def _keyboard_mash(token: str) -> bool:
    return len(token) >= 4 and any(set(token) <= set(row) for row in _ROWS)


def nonsense_spans(text: str, context_words: Callable[[], set[str]]) -> Iterator[tuple[int, int]]:
    """A crash dump, a loop, a keyboard mash, or a word salad sharing nothing with the talk."""
    m = _CRASH.search(text)
    if m:
        yield m.start(), m.end()
        return
    tokens = words(text)
    if len(tokens) >= 6:
        run = max_run = 1
        for a, b in zip(tokens, tokens[1:], strict=False):
            run = run + 1 if a == b else 1
            max_run = max(max_run, run)
        if max_run >= 5 or len(set(tokens)) / len(tokens) < 0.3:
            yield 0, len(text)
            return
    if 3 <= len(tokens) <= 12 and sum(map(_keyboard_mash, tokens)) * 2 >= len(tokens):
        yield 0, len(text)
        return
    content = [stem(t) for t in tokens if t not in _STOP]
    if len(content) < 4 or any(c in _SUPPORT for c in content):
        return
    context = context_words()  # only now: most replies use support words
    if any(c in context for c in content):
        return
    # "it's", "don't": a contraction's first part is a function word too
    if not any(w in _STOP or w in FUNCTION_WORDS for t in tokens for w in (t, t.split("'")[0])):
        yield 0, len(text)  # a word salad: no grammar at all
        return
    # Off-topic: a statement about the world that shares nothing with the conversation and
    # speaks to nobody. A reply that addresses the customer, answers yes/no or asks back is
    # left alone: shared vocabulary is too thin a test for those (the judge reads them).
    if (len(content) >= 5 and not _ADDRESSED.search(text) and not text.rstrip().endswith("?")
            and language_of(text) == "en"):
        yield 0, len(text)


def nonsense(turn: Turn, ctx: Context) -> Iterator[Match]:
    """The reply is gibberish, a crash dump, or off-topic (shares nothing with the talk)."""
    def context() -> set[str]:
        said = ctx.said_before(turn)
        s = ctx.scenario
        return {stem(w) for w in words(f"{said} {s.title} {s.description} {s.customer.goal}")}

    yield from nonsense_spans(turn.text, context)


# --- language -----------------------------------------------------------------------------------
def wrong_language(turn: Turn, ctx: Context) -> Iterator[Match]:
    """The reply is in a different language from the customer's last messages."""
    said = [t.text for t in ctx.customer_before(turn)][-3:]
    if not said:
        return
    reply = language_of(turn.text)
    if reply is None:
        return
    # A customer who mixes languages ("Hallo. I'd like to track my parcel.") may be answered
    # in any language they used; only a language they never wrote in is wrong.
    theirs = language_of(said[-1]) or language_of(" ".join(said))
    if theirs is None or theirs == reply:
        return
    used = {lang for text in said for s in sentences(text) if (lang := language_of(s.text))}
    if reply not in used:
        first = sentences(turn.text)
        yield (first[0].start, first[0].end) if first else (0, len(turn.text))


# --- a transfer taken back --------------------------------------------------------------------
_TRANSFER = split_branches(re.compile(
    r"\b(?:transfer(?:ring)? you|put(?:ting)? you through|connect(?:ing)? you|pass(?:ing)? you "
    r"(?:to|over)|hand(?:ing)? you over|escalat(?:e|ing) (?:this|you) to|bring(?:ing)? in a "
    r"(?:colleague|person|human))\b|^\W*(?:transferring|connecting|escalating|passing you)\b|"
    r"\b(?:get|fetch|find) (?:you )?(?:someone|somebody|a (?:person|human|colleague|manager|supervisor))"
    r"(?: for you)?\b",
    _I,
))
_NOT_AN_ACT = re.compile(r"\b(?:if|can'?t|cannot|unable|won'?t|would you like|shall i|do you want)\b", _I)
_RETRACT = split_branches(re.compile(
    r"\bactually,?\s+(?:i|we)\s+(?:can|could|will|'ll)\s+(?:\w+ly\s+|just\s+|still\s+)?(?:handle|sort|do|deal with|resolve|fix|"
    r"manage|take care of)\b|\bactually,?\s+(?:never mind|let'?s|let me|no)\b|\bnever mind\b|"
    r"\bon (?:second thoughts?|reflection)\b|\bscratch that\b|\bwait,? no\b|"
    r"\b(?:there is |there'?s )?no need(?:[,.;!]| for (?:that|a transfer|a person|them)| to transfer)|"
    r"\blet me just (?:sort|do|handle|fix)\b|\bi'?ll (?:just )?(?:do|handle|sort) it (?:myself|here)\b|"
    r"\bi can (?:\w+ly\s+|just\s+)?(?:handle|sort|do) (?:this|it|everything) (?:myself|here)\b|\bafter all\b|"
    r"\b(?:let me|i'?ll|i will) not (?:pass|transfer|put|hand|connect)\b|"
    r"\bi'?ll (?:keep helping|stay with) you\b|"
    # "Actually, hold on, I don't think that's needed": a second thought, then the bot carries on
    r"\b(?:actually|hold on|hang on|wait|oh wait)\b[^.!?]{0,40}\b(?:not (?:needed|necessary)|no need|"
    r"i can (?:do|handle|sort|fix|try)|let me (?:try|do|handle|sort)|i'?ll (?:try|do|handle|sort))|"
    r"\bi'?ll (?:handle|sort|do|fix) (?:it|this|that)\b",
    _I,
))


def transfer_contradicted(turn: Turn, ctx: Context) -> Iterator[Match]:
    """The reply announces a transfer and takes it back in the same message."""
    said_transfer = turn.handoff is not None
    for s in sentences(turn.text):
        if not said_transfer:
            m = _TRANSFER.search(s.text)
            said_transfer = bool(m) and not _NOT_AN_ACT.search(s.text)
            if said_transfer:
                rest = s.text[m.end() :] if m else ""
                back = _RETRACT.search(rest)
                if back:
                    yield s.start, s.end
                    return
            continue
        back = _RETRACT.search(s.text)
        if back:
            yield s.start + back.start(), s.start + back.end()
            return

