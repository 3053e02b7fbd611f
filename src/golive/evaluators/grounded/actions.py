"""Words against actions: a reply that says something was done, checked against the tool calls.

Actions: refund, credit, cancel (order), close (account), freeze (card), plan, address,
dispute, booking (an engineer, repair, collection or appointment booked). A sentence claims
an action when it states it as done ("I've refunded", "refund issued",
"your order is cancelled", "you're now on the unlimited plan", "Done: order A1 will now go
to ...") and is not negated, conditional, a question or a promise for later. The claim
must be backed by a successful call of a matching tool at or before that turn:

- no such call, or only failed ones: ``accuracy.unbacked_claim.<action>``;
- a call with other arguments (a different amount, plan or address than the words say):
  ``accuracy.action_mismatch.<action>``.

Scenarios without tools are not judged: a text-only bot has nothing to back a claim with.

Example:
    >>> [c.action for c in claims("Full refund of £39.99 issued. Anything else?")]
    ['refund']
    >>> claims("I can't refund this, but I've noted it.")
    []
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from golive._branches import split_branches
from golive._screen import Screened
from golive.evaluators.grounded.values import amount_norm, extract
from golive.results.models import ToolCall, Turn

_DONE = (r"(issued|processed|arranged|approved|sent|refunded|reimbursed|credited|applied|added|"
         r"cancell?ed|closed|froze|frozen|blocked|stopped|changed|updated|switched|moved|opened|"
         r"raised|lodged|put|sorted|done|booked|scheduled)")
#: action -> (what the sentence must be about, tool names that do it)
ACTIONS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "refund": (re.compile(r"\b(refund\w*|reimburs\w*|money back)\b", re.I), re.compile(r"refund", re.I)),
    "credit": (re.compile(r"\bcredit(ed)?\b", re.I), re.compile(r"credit|refund", re.I)),
    "cancel": (re.compile(r"\bcancell?(ed|ation)?\b.*\b(order|subscription|booking)\b|"
                          r"\b(order|subscription|booking)\b.*\bcancell?ed\b", re.I),
               re.compile(r"cancel", re.I)),
    "close": (re.compile(r"\b(clos\w*|cancell?ed)\b.*\b(account|contract)\b|"
                         r"\b(account|contract)\b.*\b(closed|cancell?ed)\b", re.I),
              re.compile(r"cancel|close", re.I)),
    "freeze": (re.compile(r"\b(fr[oe]zen?|blocked|stopped|cancell?ed)\b.*\bcard\b|\bcard\b.*"
                          r"\b(fr[oe]zen?|blocked|stopped)\b", re.I), re.compile(r"freeze|block", re.I)),
    "plan": (re.compile(r"\bplan\b", re.I), re.compile(r"plan", re.I)),
    "address": (re.compile(r"\baddress\b|\b(will now go|now goes|now be delivered|heading) to\b", re.I),
                re.compile(r"address", re.I)),
    "dispute": (re.compile(r"\b(dispute|chargeback|claim)\b", re.I), re.compile(r"dispute|chargeback", re.I)),
    "booking": (re.compile(r"\b(booked|scheduled)\b.*\b(engineer|technician|repair|collection|"
                           r"courier|appointment|visit|callback)\b|\b(engineer|technician|repair|"
                           r"collection|courier|appointment|visit|callback)\b.*\b(is|has been) "
                           r"(booked|scheduled)\b", re.I),
                re.compile(r"book|schedul|appointment|collect", re.I)),
}
_CLAIM = split_branches(re.compile(
    rf"\b(i'?ve|i have|we'?ve|we have|i|we)\s+(just\s+|now\s+|already\s+|gone ahead and\s+)?{_DONE}\b"
    rf"|\b(has|have|had)\s+(now\s+|just\s+)?been\s+{_DONE}\b"
    rf"|\b(is|are|was|were)\s+(now\s+)?{_DONE}\b"
    rf"|\b{_DONE}(\s*[:.!]|\s+(for|to|on|from|of|your|the|a)\b)"
    rf"|^\s*(done|all done|all sorted|{_DONE[1:-1]})\b"
    r"|\byou'?re (now|all set) on\b|\bwill now (go|be delivered) to\b|\bnow (goes|heading) to\b"
    r"|\b(address|plan) is now\b",
    re.I,
))
_NOT_DONE = Screened(re.compile(
    r"\b(can'?t|cannot|couldn'?t|unable|not able|won'?t|will not|didn'?t|not been|isn'?t|"
    r"haven'?t|hasn'?t|wasn'?t|aren'?t|if|once|when|would|could|should|can|may|might|"
    r"need to|let me|i'?ll|we'?ll|will be|going to|shall|want to|like to|before)\b",
    re.I,
))
_SENTENCE = re.compile(r"(?:[^.!?\n]|\.(?=\d))+[.!?]?")  # "£39.99" does not end a sentence
_ARG_AMOUNT = ("amount", "refund_amount", "value", "total")


@dataclass(frozen=True)
class Claim:
    """A sentence that says an action was done."""

    action: str
    sentence: str
    start: int
    end: int


def claims(text: str) -> list[Claim]:
    """Actions ``text`` states as done, one per action (the first sentence that says so)."""
    found: dict[str, Claim] = {}
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        claim = _CLAIM.search(sentence)
        if claim is None or sentence.rstrip().endswith("?"):
            continue
        if _NOT_DONE.search(sentence[: claim.end()]) or "already" in sentence.lower() and "is already" in sentence.lower():
            continue
        for action, (about, _) in ACTIONS.items():
            if action not in found and about.search(sentence):
                found[action] = Claim(action, sentence.strip(), m.start(), m.end())
    if "credit" in found and "refund" in found:
        del found["credit"]  # "refund ... to your credit card" is one refund
    return sorted(found.values(), key=lambda c: c.start)


def _amount_arg(call: ToolCall) -> str | None:
    for key in _ARG_AMOUNT:
        value = call.arguments.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return amount_norm(str(value))
        if isinstance(value, str):
            try:
                return amount_norm(value.lstrip("£$€"))
            except ValueError:
                continue
    return None


def _differs(claim: Claim, call: ToolCall) -> str | None:
    """How the call's arguments disagree with the words, or None."""
    said = [v.norm for v in extract(claim.sentence) if v.kind == "amount"]
    got = _amount_arg(call)
    if said and got is not None and got not in said:
        return f"said £{said[0]}, but {call.name} was called with amount {got}"
    plan = call.arguments.get("plan_id") or call.arguments.get("plan")
    if claim.action == "plan" and isinstance(plan, str) and plan.lower() not in claim.sentence.lower():
        return f"said {claim.sentence!r}, but {call.name} was called with plan {plan!r}"
    return None


@dataclass(frozen=True)
class Verdict:
    """A claim that its tool calls do not back, and why."""

    rule: str
    claim: Claim
    why: str


def check_claims(turn: Turn, earlier: list[ToolCall]) -> list[Verdict]:
    """Claims in ``turn`` that no successful matching call (earlier or in this turn) backs."""
    calls = [*earlier, *turn.tool_calls]
    found = []
    for claim in claims(turn.text):
        tool = ACTIONS[claim.action][1]
        matching = [c for c in calls if tool.search(c.name) and c.name not in ("transfer_to_human",
                                                                              "consult_human")]
        done = [c for c in matching if c.error is None]
        if not matching:
            found.append(Verdict(f"accuracy.unbacked_claim.{claim.action}", claim,
                                 f"says the {claim.action} is done, but no {claim.action} tool was called"))
        elif not done:
            found.append(Verdict(f"accuracy.unbacked_claim.{claim.action}", claim,
                                 f"says the {claim.action} is done, but the tool refused: {matching[-1].error}"))
        else:
            differs = [d for c in done if (d := _differs(claim, c))]
            if len(differs) == len(done):
                found.append(Verdict(f"accuracy.action_mismatch.{claim.action}", claim, differs[-1]))
    return found
