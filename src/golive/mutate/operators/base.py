"""What every mutation operator shares: the class it derives from and reading a reply.

An operator is a small class: a ``name``, a one-line ``description``, the ``rules`` (rule-id
globs) whose findings mean the suite caught it, and what to add when nothing could have:
``probe`` (a persona or scenario that makes it fire) and ``rule`` (a rule that would catch
it). ``mutate(reply, request, context)`` returns the reply changed, or the same reply when
this reply offers nothing to change. Choices are seeded by the episode and the call, so a
rerun changes the same replies the same way.

Example:
    >>> from golive.harness.agents.base import AgentReply, AgentRequest
    >>> request = AgentRequest([{"role": "user", "content": "Hi. Are you a bot?"}], "e1", [])
    >>> customer_texts(request), is_final(AgentReply("Hello!"))
    (['Hi. Are you a bot?'], True)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from golive.harness.agents.base import AgentReply, AgentRequest, RequestedToolCall
from golive.harness.agents.mutant import MutationContext
from golive.harness.environment import CONSULT, TRANSFER
from golive.results.models import HandoffKind

T = TypeVar("T")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*\s*")


class MutationOperator:
    """Base of the built-in operators (a team's own need only ``name`` and ``mutate``)."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    #: Rule-id globs: a failing finding with one of them means the suite caught the mutant.
    rules: ClassVar[tuple[str, ...]] = ()
    #: What makes the operator fire, if no customer did: a persona or scenario to add.
    probe: ClassVar[str] = ""
    #: A rule that would catch the mutant, if none did.
    rule: ClassVar[str] = ""

    def mutate(
        self, reply: AgentReply, request: AgentRequest, context: MutationContext
    ) -> AgentReply:
        """The reply with this operator's behaviour changed, or ``reply`` itself."""
        raise NotImplementedError

    def survivor_note(self, context: MutationContext) -> str | None:
        """Why a threshold of this scenario lets the mutant pass, if one does."""
        return None


def customer_texts(request: AgentRequest) -> list[str]:
    """What the customer said so far, in order."""
    return [str(m.get("content") or "") for m in request.messages if m.get("role") == "user"]


def last_customer(request: AgentRequest) -> str:
    """The customer's latest message ('' before the customer spoke)."""
    texts = customer_texts(request)
    return texts[-1] if texts else ""


def answering_customer(request: AgentRequest) -> bool:
    """This call answers the customer's latest message: they have spoken, and no text reply
    followed yet (a call after a tool round still answers them; a greeting does not).

    Example:
        >>> tool_round = AgentRequest([{"role": "user", "content": "Refund A1"},
        ...     {"role": "assistant", "content": None, "tool_calls": []},
        ...     {"role": "tool", "tool_call_id": "1", "content": "{}"}], "e", [])
        >>> answering_customer(tool_round), answering_customer(AgentRequest([], "e", []))
        (True, False)
    """
    for message in reversed(request.messages):
        if message.get("role") == "user":
            return True
        if message.get("role") == "assistant" and str(message.get("content") or "").strip():
            return False
    return False


def agent_texts(request: AgentRequest) -> list[str]:
    """What the agent said to the customer so far."""
    return [
        str(m.get("content") or "")
        for m in request.messages
        if m.get("role") == "assistant" and (m.get("content") or "").strip()
    ]


def transfers(reply: AgentReply) -> list[RequestedToolCall]:
    """The reply's ``transfer_to_human`` calls."""
    return [c for c in reply.tool_calls if c.name == TRANSFER]


def is_transfer(reply: AgentReply) -> bool:
    """The reply hands the customer over (a tool call or an explicit handoff field)."""
    explicit = reply.handoff is not None and reply.handoff.kind is HandoffKind.TRANSFER
    return explicit or bool(transfers(reply))


def work_calls(reply: AgentReply) -> list[RequestedToolCall]:
    """Tool calls other than the handoff tools."""
    return [c for c in reply.tool_calls if c.name not in (TRANSFER, CONSULT)]


def is_final(reply: AgentReply) -> bool:
    """A reply the customer reads now: text, and no tool round still to come."""
    return bool(reply.content.strip()) and not work_calls(reply)


def first_words(request: AgentRequest, reply: AgentReply) -> bool:
    """The agent's first text reply to the customer in this episode."""
    return is_final(reply) and answering_customer(request) and not agent_texts(request)


def pick(options: Sequence[T], *key: object) -> T:
    """One option, chosen by a hash of ``key`` (stable across runs and processes).

    Example:
        >>> pick(["a", "b", "c"], "episode", 1) == pick(["a", "b", "c"], "episode", 1)
        True
    """
    digest = hashlib.sha256("\x1f".join(map(str, key)).encode()).digest()
    return options[int.from_bytes(digest[:4], "big") % len(options)]


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences, each keeping its punctuation and trailing space."""
    return _SENTENCE.findall(text) or [text]


def with_text(reply: AgentReply, text: str) -> AgentReply:
    """The reply saying ``text`` instead (tool calls and handoff kept)."""
    from golive.harness.agents.mutant import replace

    return replace(reply, content=text)


def appended(reply: AgentReply, line: str) -> AgentReply:
    """The reply with ``line`` said after its text."""
    return with_text(reply, f"{reply.content.rstrip()} {line}".strip())


def transfer_call(
    reason: str, summary: str, call_id: str = "golive-mutant-transfer"
) -> RequestedToolCall:
    """A ``transfer_to_human`` call as a bot makes it."""
    arguments: dict[str, Any] = {"reason": reason, "summary": summary}
    return RequestedToolCall(call_id, TRANSFER, arguments)
