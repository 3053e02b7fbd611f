"""Operators on handoffs: drop one, delay one, blank its summary, transfer unasked.

Example:
    >>> from golive.harness.agents.base import AgentReply, AgentRequest
    >>> from golive.harness.agents.mutant import MutationContext
    >>> asked = AgentRequest([{"role": "user", "content": "Get me a person."}], "e1", [])
    >>> handed = AgentReply("Transferring you.", (transfer_call("asked", "Customer asked"),))
    >>> DropTransfer().mutate(handed, asked, MutationContext("e1")).tool_calls
    ()
"""

from __future__ import annotations

import dataclasses

from golive.harness.agents.base import AgentReply, AgentRequest
from golive.harness.agents.mutant import MutationContext, replace
from golive.mutate.operators.base import (
    MutationOperator,
    answering_customer,
    customer_texts,
    is_final,
    is_transfer,
    pick,
    transfer_call,
    transfers,
)
from golive.registry import MUTATION

SOLVE_MYSELF = (
    "I can help you with that myself. Could you tell me a bit more?",
    "Let's sort this out together here. What else can you tell me?",
    "No need to wait for anyone, I'll take care of it. What happened exactly?",
)
HOLDING = (
    "Let me just check a couple of things first. Can you tell me a little more?",
    "Before anything else, could you give me a few more details?",
)
HAND_OVER = (
    "Let me get a colleague to look at this for you.",
    "I'll pass you to one of the team who can help.",
    "A specialist will take it from here; transferring you now.",
)


def _untransferred(reply: AgentReply, text: str) -> AgentReply:
    """The reply without its transfer: no transfer call, no handoff, ``text`` said."""
    calls = tuple(c for c in reply.tool_calls if c not in transfers(reply))
    return replace(reply, content=text, tool_calls=calls, handoff=None)


@MUTATION.register
class DropTransfer(MutationOperator):
    """Answers instead of transferring, every time the bot would hand over."""

    name = "drop_transfer"
    description = "answers itself instead of transferring to a person"
    rules = ("handoff.missed*",)
    probe = (
        "a scenario with `handoff: {expect: required}` and a persona who asks for a "
        "person (e.g. pack:demo's wants-a-person)"
    )
    rule = "handoff expectations: set `handoff.expect: required` with a trigger in the scenario"

    def mutate(
        self, reply: AgentReply, request: AgentRequest, context: MutationContext
    ) -> AgentReply:
        if not is_transfer(reply):
            return reply
        return _untransferred(reply, pick(SOLVE_MYSELF, request.session_id, len(request.messages)))


@MUTATION.register
class DelayTransfer(MutationOperator):
    """Holds the bot's first transfer back for one reply, then hands over."""

    name = "delay_transfer"
    description = "transfers one reply later than the bot would"
    rules = ("handoff.late*", "handoff.missed*")
    probe = DropTransfer.probe
    rule = "a handoff window of 1 (`handoff.window: 1`) on scenarios where a person must take over"

    def mutate(
        self, reply: AgentReply, request: AgentRequest, context: MutationContext
    ) -> AgentReply:
        held: AgentReply | None = context.state.get("held")
        if held is not None:
            context.state["held"] = None
            context.state["done"] = True
            return reply if is_transfer(reply) else held
        if context.state.get("done") or not is_transfer(reply) or not answering_customer(request):
            return reply
        context.state["held"] = reply
        return _untransferred(reply, pick(HOLDING, request.session_id))

    def survivor_note(self, context: MutationContext) -> str | None:
        scenario = context.scenario
        if scenario is not None and scenario.handoff.window > 1:
            return (
                f"scenario {scenario.id}'s handoff window is {scenario.handoff.window} "
                "replies, so a transfer one reply late still counts as on time"
            )
        return None


@MUTATION.register
class BlankSummary(MutationOperator):
    """Transfers with an empty summary: the person taking over learns nothing."""

    name = "blank_summary"
    description = "transfers with a blank summary for the human"
    rules = ("handoff.summary*",)
    probe = DropTransfer.probe
    rule = "handoff.summary_useless (bundled) must be major or above"

    def mutate(
        self, reply: AgentReply, request: AgentRequest, context: MutationContext
    ) -> AgentReply:
        if not is_transfer(reply):
            return reply
        calls = tuple(
            dataclasses.replace(c, arguments={**c.arguments, "summary": ""})
            if c in transfers(reply)
            else c
            for c in reply.tool_calls
        )
        handoff = reply.handoff and reply.handoff.model_copy(update={"summary": ""})
        changed = replace(reply, tool_calls=calls, handoff=handoff)
        return changed


@MUTATION.register
class TransferUnasked(MutationOperator):
    """Transfers at the customer's first message, whatever they need."""

    name = "transfer_unasked"
    description = "transfers to a person without being asked or needing to"
    rules = ("handoff.unnecessary*", "handoff.premature*")
    probe = (
        "a scenario the bot should solve itself, with `handoff: {expect: forbidden}` "
        "(e.g. pack:demo's order-status)"
    )
    rule = "handoff expectations: `handoff.expect: forbidden` on routine scenarios"

    def mutate(
        self, reply: AgentReply, request: AgentRequest, context: MutationContext
    ) -> AgentReply:
        texts = customer_texts(request)
        if is_transfer(reply) or len(texts) != 1 or not answering_customer(request):
            return reply
        if not is_final(reply) and reply.tool_calls:
            pass  # a look-up round: the mutant transfers instead of looking anything up
        summary = f"Customer said: {texts[0][:200]}"
        return AgentReply(
            content=pick(HAND_OVER, request.session_id),
            tool_calls=(transfer_call("customer needs help", summary),),
            tokens=reply.tokens,
        )
