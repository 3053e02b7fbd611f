"""Two handoff helpers: where a conversation stalled, and how good the summary for the human is.

Example:
    >>> sorted(content_words("I was charged twice for my toaster"))
    ['charged', 'toaster', 'twice']
"""

from __future__ import annotations

import re

from golive.evaluators.base import Episode
from golive.evaluators.text import contains_phrase
from golive.results.models import Speaker, Turn

_WORD = re.compile(r"[a-z][a-z'-]{3,}")
_STOP = frozenset(
    "that this with have what when where your from they them their there just want would "
    "could should please about been were will into like need help hello thanks thank still "
    "then than very much some more really know sure okay yes".split()
)
_ID = re.compile(r"\b[A-Z]{1,4}-?\d{3,}\b")
_TRIED = re.compile(
    r"\b(tried|checked|looked|offered|explained|asked|verified|confirmed|refund\w*|said|told|"
    r"declined|refused|already|attempted|escalat\w*)\b",
    re.IGNORECASE,
)


def content_words(text: str) -> set[str]:
    """Lower-case words of four letters or more that carry meaning."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _progress(turn: Turn, episode: Episode, conveyed: set[str]) -> bool:
    if any(c.error is None and c.name not in ("consult_human",) for c in turn.tool_calls):
        return True
    if turn.handoff is not None:
        return True
    resolved = episode.scenario.customer.resolved_when
    if any(contains_phrase(turn.text, p) for p in resolved):
        return True
    new = False
    for fact in episode.scenario.expected.facts:
        if fact.id not in conveyed and any(contains_phrase(turn.text, p) for p in fact.any_of):
            conveyed.add(fact.id)
            new = True
    return new


def no_progress_turns(episode: Episode, window: int) -> set[int]:
    """Customer turns that follow ``window`` or more agent replies in a row without progress."""
    stalled: set[int] = set()
    conveyed: set[str] = set()
    streak = 0
    for turn in episode.transcript.turns:
        if turn.speaker is Speaker.AGENT:
            streak = 0 if _progress(turn, episode, conveyed) else streak + 1
        elif streak >= window:
            stalled.add(turn.index)
    return stalled


def summary_quality(episode: Episode, at: int) -> tuple[float, list[str]]:
    """Share of identity / issue / what-was-tried the transfer at ``at`` carries, and what is missing.

    A part with nothing to carry (no identifier known yet, nothing tried before the
    transfer) is not counted.
    """
    turns = episode.transcript.turns
    handoff = turns[at].handoff
    summary = f"{handoff.summary} {handoff.reason}" if handoff else ""
    said = " ".join(t.text for t in turns[:at] if t.speaker is Speaker.CUSTOMER)
    ids = set(_ID.findall(said)) | {
        v for k, v in episode.scenario.customer.knows.items() if v and v.lower() in said.lower()
    }
    parts: dict[str, bool] = {}
    if ids:
        parts["identity"] = any(i.lower() in summary.lower() for i in ids)
    issue = content_words(said)
    if issue:
        parts["issue"] = len(issue & content_words(summary)) >= min(2, len(issue))
    earlier = [t for t in turns[:at] if t.speaker is Speaker.AGENT]
    if earlier or any(c.name != "transfer_to_human" for c in turns[at].tool_calls):
        parts["what was tried"] = _TRIED.search(summary) is not None
    if not parts:
        return 1.0, []
    missing = [name for name, ok in parts.items() if not ok]
    return round(sum(parts.values()) / len(parts), 6), missing


def useless_summary(episode: Episode, at: int) -> bool:
    """Whether the transfer at ``at`` tells the human nothing: empty, or fewer than three
    meaningful words with no identifier the customer gave and none of their issue's words.

    Example: "n/a", "Customer needs help.", "Transferring." are useless; "A1001 kettle
    cracked, wants refund" is not.
    """
    turns = episode.transcript.turns
    handoff = turns[at].handoff
    summary = f"{handoff.summary} {handoff.reason}" if handoff else ""
    said = " ".join(t.text for t in turns[:at] if t.speaker is Speaker.CUSTOMER)
    if not handoff or not handoff.summary.strip():
        return True
    ids = set(_ID.findall(said)) | {v for v in episode.scenario.customer.knows.values()
                                    if v and v.lower() in said.lower()}
    if any(i.lower() in summary.lower() for i in ids):
        return False
    words = content_words(handoff.summary)
    return not (words & content_words(said)) or len(words) < 3
