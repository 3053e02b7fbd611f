"""Goals resolved by facts: when has the agent given the customer what they came for?

A scenario names its resolution facts (``customer.resolved_when``). A reply resolves the
goal when one sentence of it carries every content word of one such fact, in any order and
inflection, with amounts and dates folded ("Refunded £39.99." carries "refund of £39.99");
not in a question ("Would you like a full refund?") nor next to a negation ("I can't give a
full refund"). A successful tool call whose name and arguments carry the fact resolves it
too (``issue_refund(amount=39.99)``). An echo is no resolution: a value the customer gave
themselves (their new address) counts only when a successful tool call carries it, so a bot
that parrots "12 Mill Lane" back has changed nothing.

``supports_achieved`` is the lenient reading used to check an LLM customer's "achieved": any
resolution fact, any required fact, an expected tool call made, or a reply that says an action
is done is a cause; None when the scenario gives nothing to check against.

Example:
    >>> from golive.scenarios.models import Scenario
    >>> s = Scenario.model_validate({"id": "k", "title": "t", "customer": {
    ...     "goal": "refund", "opening": "Refund my kettle.",
    ...     "resolved_when": ["refund of £39.99", "full refund"]}})
    >>> r = Resolution.for_scenario(s)
    >>> r.resolves("Refunded £39.99 to your card.", (), "Refund my kettle.")
    True
    >>> r.resolves("Would you like a full refund?", (), "Refund my kettle.")
    False
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from golive.results.models import Speaker, ToolCall, Turn
from golive.scenarios.models import ExpectedToolCall, Scenario
from golive.scenarios.text import contains_phrase, normalise

_STOP = frozenset(
    "a an the of is are was were be been has have had your you to for at it its who can "
    "could will would with on in i we my me our and or now this that which just".split()
)
_CURRENCY = frozenset({"gbp", "usd", "eur"})
_NEGATION = frozenset(
    "not no never cannot can't cant won't wont isn't isnt unable haven't havent hasn't hasnt "
    "didn't didnt don't dont doesn't doesnt aren't arent wasn't wasnt unfortunately".split()
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_DONE = re.compile(
    r"\b(done|all set|all sorted|sorted|i'?ve (\w+ed|sent|made|frozen|put|set|given)|"
    r"(has|have) been \w+ed|is now \w+|will (arrive|be delivered|reach you)|arriv(es|ing) (on|by)|"
    r"out for delivery|your (balance|bill|total) is|ich habe|erledigt|ya est[aá]|he \w+ado|"
    r"c'est fait|j'ai \w+[ée])\b",
    re.IGNORECASE,
)


def _stem(word: str) -> str:
    if not word.isalpha():
        return word
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]  # cancelled -> cancell -> cancel
    return word


def _past(word: str) -> bool:
    return word.isalpha() and len(word) > 4 and word.endswith(("ed", "en"))


_NOT = re.compile(r"n['’]t\b", re.IGNORECASE)


def _words(text: str, synonyms: Mapping[str, Sequence[str]]) -> list[str]:
    text = _NOT.sub(" not", text)  # "can't" would fold to "can t" and lose its negation
    return [w for w in normalise(text, synonyms).split() if w not in _CURRENCY]


def terms(phrase: str, synonyms: Mapping[str, Sequence[str]] | None = None) -> tuple[str, ...]:
    """The content words of a resolution fact, folded (amounts, dates, synonyms).

    Example:
        >>> terms("refund of £39.99"), terms("colleague who can look at it")
        (('refund', '39.99'), ('colleague', 'look'))
    """
    return tuple(w for w in _words(phrase, synonyms or {}) if w not in _STOP)


def _carries(words: Sequence[str], wanted: Sequence[str], *, strict_tense: bool) -> bool:
    """Every ``wanted`` term among ``words``; with ``strict_tense``, a past-tense term needs
    a past-tense word ("cancelled", not "cancel") and a hit next to a negation does not count.
    """
    stems = [_stem(w) for w in words]

    def fits(i: int, term: str) -> bool:
        if stems[i] != _stem(term):
            return False
        if not strict_tense:
            return True
        tense_ok = not _past(term) or _past(words[i]) or words[i] == term
        return tense_ok and not any(w in _NEGATION for w in words[max(0, i - 4) : i + 3])

    return all(any(fits(i, term) for i in range(len(words))) for term in wanted)


def _tool_words(call: ToolCall) -> list[str]:
    values = " ".join(str(v) for v in _flatten(call.arguments))
    return _words(f"{call.name.replace('_', ' ')} {values}", {})


def _flatten(value: object) -> Iterable[object]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


@dataclass(frozen=True)
class Resolution:
    """A scenario's resolution facts, ready to read agent replies and tool calls."""

    facts: tuple[tuple[str, ...], ...] = ()
    required: tuple[tuple[str, ...], ...] = ()  # expected.facts (any_of), lenient reading only
    tool_calls: tuple[ExpectedToolCall, ...] = ()
    synonyms: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @classmethod
    def for_scenario(cls, scenario: Scenario) -> Resolution:
        """The resolution facts of one scenario."""
        synonyms = scenario.expected.synonyms
        facts = tuple(t for p in scenario.customer.resolved_when if (t := terms(p, synonyms)))
        required = tuple(tuple(f.any_of) for f in scenario.expected.facts)
        return cls(facts, required, tuple(scenario.expected.tool_calls), synonyms)

    def _echoed(self, fact: Sequence[str], said: Callable[[], set[str]]) -> bool:
        # An echo is a value the customer gave (a new address, an amount): a fact with a
        # number in it, every word of which the customer wrote. "closed" after the
        # customer's "close my account" is news, not an echo.
        if not any(any(c.isdigit() for c in t) for t in fact):
            return False
        words = said()
        return all(t in words for t in fact)

    def resolves(self, reply: str, tool_calls: Sequence[ToolCall], customer_said: str) -> bool:
        """Whether this agent reply (and the tool calls it made) settles the goal.

        ``customer_said``: everything the customer wrote so far (echoes do not count).
        """
        done = [c for c in tool_calls if c.error is None]
        sentences = [
            s for s in _SENTENCE.split(reply.strip()) if s and not s.rstrip().endswith("?")
        ]
        # Each text is folded once per reply, not once per fact, and what the customer said
        # (the whole conversation, growing each turn) only when a sentence carries a fact:
        # the answer is the same as checking the echo first, for a fraction of the work.
        tool_words: list[list[str]] | None = None
        sentence_words: list[list[str]] | None = None
        said: set[str] | None = None

        def customer_words() -> set[str]:
            nonlocal said
            if said is None:
                said = set(_words(customer_said, self.synonyms))
            return said

        for fact in self.facts:
            if done:
                if tool_words is None:
                    tool_words = [_tool_words(c) for c in done]
                if any(_carries(w, fact, strict_tense=False) for w in tool_words):
                    return True
            if sentence_words is None:
                sentence_words = [_words(s, self.synonyms) for s in sentences]
            if not any(_carries(w, fact, strict_tense=True) for w in sentence_words):
                continue
            if not self._echoed(fact, customer_words):  # the customer's own words prove nothing
                return True
        return False

    def supports_achieved(self, transcript: Sequence[Turn]) -> bool | None:
        """Whether any agent reply so far gives a customer cause to say "achieved".

        A reply that says an action is done always does (true or not: judging the bot's
        claim is the evaluators' job); None when nothing said so and the scenario names
        nothing else to check against.
        """
        said = ""
        for turn in transcript:
            if turn.speaker is Speaker.CUSTOMER:
                said += " " + turn.text
                continue
            if _DONE.search(turn.text) or self.resolves(turn.text, turn.tool_calls, said):
                return True
            if any(
                contains_phrase(turn.text, p, self.synonyms) for fact in self.required for p in fact
            ):
                return True
            ok = [c for c in turn.tool_calls if c.error is None]
            if any(c.name == want.name for c in ok for want in self.tool_calls):
                return True
        return False if (self.facts or self.required or self.tool_calls) else None


def customer_text(transcript: Sequence[Turn]) -> str:
    """Everything the customer wrote so far, for the echo rule."""
    return " ".join(t.text for t in transcript if t.speaker is Speaker.CUSTOMER)


__all__ = ["Resolution", "customer_text", "terms"]
