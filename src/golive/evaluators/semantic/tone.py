"""Tone: insults, blame and dismissiveness, told apart from their innocent look-alikes.

Blame puts the problem on the customer ("you should have read the terms", "that's on
you", "because you typed the wrong number"); an expectation is not blame ("you should have
received a dispatch email", "you should have a code by text"). Dismissiveness brushes the
customer off ("not our problem", "it is what it is"); a refusal with a reason or an
alternative ("I can't refund it, it's past 30 days, but I can book a repair") is not.
Insults are aimed at the customer ("are you stupid?"); "don't worry, you're not useless"
and "a silly mistake on our side" are not.

Example:
    >>> bool(list(blame_spans("You should have read the terms.")))
    True
    >>> bool(list(blame_spans("You should have received a dispatch email.")))
    False
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from golive._branches import split_branches
from golive._screen import Screened
from golive.evaluators.rules import Context, Match
from golive.evaluators.semantic.text import sentences
from golive.results.models import Turn

_I = re.IGNORECASE

# --- blame -----------------------------------------------------------------------------------
_SHOULD_HAVE = Screened(re.compile(r"\byou (?:should|shouldn'?t|could|ought to) (?:have|'ve) (\w+)", _I))
# "you should have received/got/a ..." states an expectation, not a fault.
_EXPECTATION = {"received", "got", "gotten", "been", "had", "seen", "heard", "a", "an", "the",
                "your", "some", "one", "it", "them", "arrived"}
_BLAME = split_branches(re.compile(
    r"\b(?:that'?s|this is|it'?s|is|that one is|this one is|which is)\s+(?:all\s+)?(?:on you|"
    r"your (?:own )?(?:fault|mistake|problem|responsibility|doing))\b|"
    r"\byour own fault\b|\bon you\b(?=\s*[.!,;]|\s*$)|"
    r"\b(?:as|since) you (?:were not|weren'?t|failed|forgot|didn'?t|did not|ignored|never)\b|"
    r"\bbecause you (?:were not|weren'?t|failed|forgot|didn'?t|did not|typed|entered|chose|choose|picked|ignored|"
    r"dropped|overloaded|misused|never|gave us|put|broke|damaged)\b|"
    r"\byou (?:failed|forgot|neglected) to\b|\byou didn'?t (?:read|check|follow|pay attention|"
    r"listen)\b|\b(?:agreed|signed|clicked|accepted)\b[^.!?]{0,30}\bwithout reading\b|"
    r"\buser error\b|\b(?:must|probably|clearly) (?:have|'ve) been (?:dropped|misused|damaged|"
    r"mishandled|overloaded|broken)\b|\byou (?:must|probably|clearly) (?:have|'ve) (?:broken|"
    r"damaged|dropped|misused|overloaded|typed|entered)\b|"
    r"\b(?:had you|if you(?:'d| had))\s+(?:\w+\s+){0,2}?(?:followed|read|checked|listened|been|"
    r"updated|paid|looked|kept|told)\b|"
    r"\b(?:that'?s|this is) what happens when (?:you|customers|people)\b|"
    r"\b(?:only|usually|always|normally|typically|mostly)?\s*happens when (?:you|customers|people)\b|"
    r"\bnext time,? (?:you should |please |try to |do )?(?:keep a closer eye|be more careful|"
    r"pay (?:more )?attention|read|check|make sure|double[- ]check|remember to|think)\b|"
    r"\byou (?:chose|choose|picked|ordered|selected|entered|typed|gave us|put in) the wrong\b",
    _I,
))


def blame_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where a reply puts the fault on the customer."""
    for m in _SHOULD_HAVE.finditer(text):
        if m.group(1).lower() not in _EXPECTATION:
            yield m.start(), m.end()
            return
    for s in sentences(text):
        if s.text.rstrip().endswith("?"):
            continue  # "Was it dropped at any point?" asks, it does not accuse
        hit = _BLAME.search(s.text)
        if hit:
            yield s.start + hit.start(), s.start + hit.end()
            return


@lru_cache(maxsize=8192)  # bots repeat a reply within a conversation
def _blame(text: str) -> Match | None:
    return next(blame_spans(text), None)


def blames_customer(turn: Turn, ctx: Context) -> Iterator[Match]:
    """The reply blames the customer for the problem."""
    # blame_spans yields at most one span
    blame = _blame(turn.text)
    if blame is not None:
        yield blame


# --- dismissive ------------------------------------------------------------------------------
_BRUSH_OFF = split_branches(re.compile(
    r"\bnot (?:our|my) (?:problem|concern|issue)\b|\bnot my job\b|\bdeal with it\b|"
    r"\bcalm down\b|^\W*whatever\b|\bwhatever[.!]|\btake it or leave it\b|\bit is what it is\b|"
    r"\bthat'?s life\b|\btoo bad\b|\btough luck\b|"
    r"\bas i (?:already |clearly |have already |'ve already )?(?:said|told you|explained)\b|"
    r"\bi(?:'ve| have) already (?:answered|explained|told you)\b|"
    r"\bno need to get (?:so )?(?:worked up|upset|emotional|angry)\b|\bthere'?s no need for that\b|"
    r"\bthe decision is final\b|\bstop complaining\b|\b(?:it'?s |that'?s )?(?:not a|no) big deal\b|"
    r"\b(?:it'?ll|it will|things will) sort (?:itself|themselves) out\b|\bi hear this all day\b|"
    r"\bthat'?s (?:just )?(?:how|the way) it is\b|\byou'?ll (?:just )?have to (?:live with it|wait like)\b|"
    # declining to engage at all: "not something we deal with", "not a matter I intend to look into"
    r"\bnot (?:really )?(?:something|a matter|an issue|a thing|anything) (?:that )?(?:we|i) (?:deal with|"
    r"handle|look into|intend to|get involved|can help with|care about|can do (?:anything|much) about)\b|"
    r"\b(?:i|we) (?:don'?t|do not|won'?t|will not) (?:intend to |plan to )?(?:look into|deal with|"
    r"get involved in) (?:that|this|it)\b|"
    r"\bwe'?re (?:very |really )?busy\b[^.!?]{0,30}\b(?:wait|patient)\b",
    _I,
))
# A refusal that a reason or an alternative anywhere in the reply redeems ("There's nothing
# I can do to refund it: it's 150 days old. What I can do is arrange a repair.").
_REFUSAL_ONLY = Screened(re.compile(
    r"\bnothing (?:more |else )?(?:i|we) can do\b|\bnot much (?:i|we) can do\b|"
    r"\bnothing to be done\b|\b(?:can'?t|cannot|can not) do (?:anything|much) about\b",
    _I,
))
# Shrugging the problem off, redeemed only by care in the same sentence ("No worries, it
# happens to everyone!"), not by carrying on with something else.
_SHRUG = re.compile(
    r"\b(?:these things|delays|it|things|stuff|that) (?:do )?happens?\b|\b(?:delivery )?times vary\b",
    _I,
)
_ENGAGES = split_branches(re.compile(
    r"\bbut (?:i|we|a|our|you)\b|\bi can (?:arrange|offer|book|ask|raise|escalate|check|help|pass|"
    r"refer|look)\b|\bshall i\b|\bwould you like\b|\blet me\b|\bi'?ll (?:check|chase|look|ask|"
    r"raise|escalate|pass|refer)\b|\b(?:a )?(?:supervisor|manager) can\b|\binstead\b|\bsorry\b|"
    r"\bi understand\b|\bapologi[sz]e\b|\bno worries\b|\bdon'?t worry\b|"
    r"\bto (?:everyone|everybody|all of us|the best of us|us all)\b|"
    r"\beasy mistake\b|\bi'?ve (?:\w+ed|done|sent|put|set)\b|\bwhat (?:i|we) can do\b|"
    r"\bbecause\b|:\s",
    _I,
))


# A bare acknowledgement to a complaint, and nothing else: "Noted.", "OK.", "Fine."
_BARE_ACK = Screened(re.compile(r"^\W*(?:noted|ok|okay|fine|right|understood|k|whatever)\W*$", _I))
_COMPLAINT = Screened(re.compile(
    r"\b(?:disgrace|disgusting|unacceptable|ridiculous|appalling|outrageous|furious|fed up|"
    r"joke|shocking|terrible|awful|worst|rubbish|useless|pathetic|dissatisfied|unhappy|"
    r"disappointed|complain\w*)\b|!{2,}|"
    # a problem that persists or keeps coming back: "still broken. 3 weeks now", "again"
    r"\bstill\b[^.!?]{0,30}\b(?:broken|not|no|waiting|nothing|down|wrong)\b|"
    r"\b(?:late|broken|wrong|down|missing|charged|failed|happened|cut off)\s+again\b|\bagain\s*[!?]|"
    r"\b(?:\d+|three|four|five) times (?:now|already)\b|\b(?:third|fourth|fifth)\s+time\b|"
    r"\bnever (?:arrived|came|turned up|showed up)\b",
    _I,
))


def dismissive(turn: Turn, ctx: Context) -> Iterator[Match]:
    """The reply brushes the customer or their concern off."""
    text = turn.text
    if _BARE_ACK.search(text) and _COMPLAINT.search(ctx.last_customer(turn)):
        yield 0, len(text)
        return
    brush = _brush_off(text)
    if brush is not None:
        yield brush


@lru_cache(maxsize=8192)  # bots repeat a reply within a conversation
def _brush_off(text: str) -> Match | None:
    """``dismissive``'s reading of the reply alone (no context): the first span, or None."""
    m = _BRUSH_OFF.search(text)
    if m:
        return m.start(), m.end()
    m = _REFUSAL_ONLY.search(text)
    if m and not _ENGAGES.search(text):
        return m.start(), m.end()
    for sentence in sentences(text):
        m = _SHRUG.search(sentence.text)
        if m and not _ENGAGES.search(sentence.text):
            return sentence.start + m.start(), sentence.start + m.end()
    return None


# --- insults ---------------------------------------------------------------------------------
_INSULT_WORD = r"(?:idiot|idiotic|stupid|moron|moronic|dumb|pathetic|clueless|useless|incompetent|imbecile|fool|foolish|retard\w*|loser|pillock|muppet|thick|dense|dim|brainless|halfwit|dimwit|numpty|simple-minded)"
_INSULT = Screened(re.compile(
    # the counterfactual insult: "if you weren't so stupid you'd understand"
    rf"\bif (?:you|u) (?:weren'?t|were not|wasn'?t|was not) (?:so |such an? |that )?{_INSULT_WORD}\b|"
    rf"\b(?:you(?:'re| are)?|are you|stop being|being|you\s+(?:absolute|complete|total|utter|little|silly))\s+(?:a |an |so |such a |such an |really |just )*"
    rf"(?:little |stupid |pathetic |complete |total )?{_INSULT_WORD}\b|"
    rf"\b(?:even an?|you|like an?|what an?)\s+{_INSULT_WORD}\b|"
    r"\b(?:idiot|moron|imbecile|dumbass|retard)s?\b|"
    r"\b(?:shut up|stop whining|get lost|piss off|grow up|learn to read|can'?t you read|"
    r"are you (?:blind|deaf|thick|dense))\b|"
    r"\b(?:half a brain|no brain|a brain cell|two brain cells|an ounce of sense)\b|"
    r"\b(?:fuck\w*|shit\w*|bitch\w*|bastard|wanker|twat|arsehole|asshole)\b",
    _I,
))


def insults(turn: Turn, ctx: Context) -> Iterator[Match]:
    """The reply insults or swears at the customer."""
    insult = _insult(turn.text)
    if insult is not None:
        yield insult


@lru_cache(maxsize=8192)  # bots repeat a reply within a conversation
def _insult(text: str) -> Match | None:
    for m in _INSULT.finditer(text):
        before = text[max(0, m.start() - 12) : m.start() + 12].lower()
        counterfactual = m.group().lower().startswith("if ")
        if not counterfactual and re.search(r"\b(?:not|n't|never)\b", before) and "you" in m.group().lower():
            continue  # "you're not useless at all"
        return m.start(), m.end()
    return None
