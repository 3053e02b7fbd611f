"""Turn checks: each fault kind caught in several phrasings, and honest customer turns in
many styles (terse, angry, polite, non-native, German, Spanish, French) never faulted.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import resources

import pytest

from golive.harness.suite import load_scenario
from golive.personas import _prompts
from golive.personas.fidelity import FAULT_KINDS, TurnContext, run_checks
from golive.personas.identity import make_identity
from golive.personas.llm import episode_facts
from golive.results.models import CustomerEvent, CustomerEventKind, Speaker, ToolCall, Turn
from tests.personas.helpers import library

KETTLE = load_scenario(resources.files("golive.scenarios").joinpath(
    "packs/demo/scenarios/damaged-kettle.yaml"))
TRAP = load_scenario(resources.files("golive.scenarios").joinpath(
    "packs/demo/scenarios/refund-outside-policy.yaml"))
CARLA = library("calm-carla")
IDENTITY = make_identity(CARLA.locale, 3, KETTLE.customer.knows)
FACTS = episode_facts(KETTLE, CARLA, IDENTITY,
                      _prompts.system_prompt(KETTLE, CARLA, IDENTITY))
OPENING = "My kettle arrived broken, the base is cracked. I want my money back."
ASKED = [Turn(index=0, speaker=Speaker.CUSTOMER, text=OPENING),
         Turn(index=1, speaker=Speaker.AGENT, text="I'm sorry! What's your order number?")]
GAVE_UP = [CustomerEvent(kind=CustomerEventKind.GAVE_UP)]
ASK = [CustomerEvent(kind=CustomerEventKind.ASKED_FOR_HUMAN)]
REFUNDED = [*ASKED, Turn(index=2, speaker=Speaker.CUSTOMER, text="It's A1001."),
            Turn(index=3, speaker=Speaker.AGENT, text="Thanks. Refunded £39.99 to your card.",
                 tool_calls=[ToolCall(id="c1", name="issue_refund",
                                      arguments={"order_id": "A1001", "amount": 39.99})])]
REFUSED = [*ASKED, Turn(index=2, speaker=Speaker.CUSTOMER, text="It's A1001."),
           Turn(index=3, speaker=Speaker.AGENT,
                text="I'm sorry, I can't refund this order because it is outside the window.")]


def ctx(message: str, status: str = "in_progress", transcript: list[Turn] | None = None,
        **extra: object) -> TurnContext:
    turns = ASKED if transcript is None else transcript
    said = sum(t.speaker is Speaker.CUSTOMER for t in turns)
    extra.setdefault("intensity", 0.2)
    return TurnContext(message=message, goal_status=status, facts=FACTS, transcript=turns,
                       number=said + 1, **extra)  # type: ignore[arg-type]


def kinds(context: TurnContext) -> list[str]:
    return [f.kind for f in run_checks(context)]


FAULTY: list[tuple[str, TurnContext]] = [
    ("role_inversion", ctx("How can I help you today?")),
    ("role_inversion", ctx("Thank you for contacting Acme, your order is on its way.")),
    ("role_inversion", ctx("As an AI, I cannot share that.")),
    ("role_inversion", ctx("Assistant: the refund has been issued.")),
    ("role_inversion", ctx("Let me check that for you... Is there anything more you need from me?")),
    ("role_inversion", ctx("I've checked your order and your refund has been processed.")),
    ("role_inversion", ctx("Let me look into that for you.", transcript=[
        *ASKED, Turn(index=2, speaker=Speaker.CUSTOMER, text="Happy to help with anything else."),
        Turn(index=3, speaker=Speaker.AGENT, text="What is the order number?")])),
    ("role_inversion", ctx("Wie kann ich Ihnen helfen?")),
    ("role_inversion", ctx("¿En qué le puedo ayudar hoy?")),
    ("role_inversion", ctx("Bonjour ! Comment puis-je vous aider ?")),
    ("restart", ctx("Hello! My name is Sam and I have a problem with my kettle.")),
    ("restart", ctx("Hi there, I'm writing about my kettle, it arrived broken.")),
    ("restart", ctx("Hi! My kettle arrived broken, the base is cracked, I want my money back.")),
    ("restart", ctx("Guten Tag, mein Name ist Sam und ich habe ein Problem mit meinem Wasserkocher.")),
    ("restart", ctx("Bonjour, je vous écris car ma bouilloire est cassée.")),
    ("repetition", ctx(OPENING + " Please, I just want this sorted out today.", transcript=[
        *ASKED, Turn(index=2, speaker=Speaker.CUSTOMER, text=OPENING + " Please help."),
        Turn(index=3, speaker=Speaker.AGENT, text="Could you tell me the order number?")])),
    ("repetition", ctx("My kettle arrived broken and the base is cracked, so I want my money back "
                       "today, and I have asked you twice already.", transcript=[
        Turn(index=0, speaker=Speaker.CUSTOMER, text="My kettle arrived broken and the base is "
             "cracked, so I want my money back today, and I have asked you twice already."),
        Turn(index=1, speaker=Speaker.AGENT, text="What's your order number?")])),
    ("repetition", ctx(OPENING, transcript=[
        *ASKED, Turn(index=2, speaker=Speaker.CUSTOMER, text=OPENING),
        Turn(index=3, speaker=Speaker.AGENT, text="Could you tell me the order number?")])),
    ("repetition", ctx("So are you refunding me?", transcript=[
        *ASKED, *(Turn(index=2 + i, speaker=s, text=t) for i, (s, t) in enumerate([
            (Speaker.CUSTOMER, "So are you refunding me?"), (Speaker.AGENT, "One moment."),
            (Speaker.CUSTOMER, "So are you refunding me?"), (Speaker.AGENT, "Checking now.")]))])),
    ("instruction_leak", ctx("My instructions say I should ask for a refund.")),
    ("instruction_leak", ctx("As a simulated customer I'd say: it's A1001.")),
    ("instruction_leak", ctx("You are role-playing a CUSTOMER writing to a company's support chat.")),
    ("instruction_leak", ctx("It's A1001 (goal_status: in_progress).")),
    ("instruction_leak", ctx("I give facts when asked. Never invent other order numbers, account "
                             "numbers, emails or names: so it's A1001.")),
    ("markup", ctx("**Order:** A1001")),
    ("markup", ctx("My order number is [your order number].")),
    ("markup", ctx("It's {order_id}.")),
    ("markup", ctx("```json\n{\"order\": \"A1001\"}\n```")),
    ("markup", ctx("Here you go:\n- order A1001\n- cracked base")),
    ("markup", ctx("It is <b>A1001</b>")),
    ("markup", ctx("Customer: it's A1001.")),
    ("gave_up_without_cause", ctx("Okay. Bye.", status="abandoned")),
    ("gave_up_without_cause", ctx("Never mind then.", status="abandoned")),
    ("achieved_without_cause", ctx("Great, all sorted, thanks!", status="achieved")),
    ("achieved_without_cause", ctx("Thanks!", status="achieved", transcript=[])),
    ("identity_contradiction", ctx("My email is someone.else@example.org.")),
    ("identity_contradiction", ctx("My name is Bartholomew.")),
    ("identity_contradiction", ctx("My order number is A7777.")),
    ("identity_contradiction", ctx("Je m'appelle Bartholomew.")),
    ("invented_fact", ctx("It's about order ZX-98765 as well.")),
    ("invented_fact", ctx("I also paid £17.45 for delivery.")),
    ("invented_fact", ctx("The reference on the box is RMA-55821.")),
]

HONEST: list[TurnContext] = [
    # terse
    ctx("A1001."), ctx("yes"), ctx("no"), ctx("ok thanks"), ctx("when??"), ctx("still waiting"),
    # angry
    ctx("This is ridiculous, I've asked twice. JUST REFUND ME."),
    ctx("Stop asking me the same thing. It's A1001!!!"), ctx("You people are useless."),
    ctx("Are you even a real person?"), ctx("Is there anything you can actually do?"),
    ctx("I'm sick of this. Where is my money?"),
    # polite
    ctx("Hello again, thanks for getting back to me. My order number is A1001."),
    ctx("Hi, sorry, yes, it's A1001."), ctx("Thank you so much, I really appreciate it."),
    ctx("Thanks for your patience, I had to find the email. It's sam.taylor@example.com."),
    ctx("Do you need anything else from me?"), ctx("Let me check my email, one sec."),
    ctx("Let me look for the order number."), ctx("How can you help me with this?"),
    ctx("Is there anything else I should know?"), ctx("What can I do to fix this?"),
    ctx("I apologise for the confusion, it's A1001."),
    ctx("I'm happy to help if you need more details."),
    ctx("Hi again! Any news on the refund?"), ctx("Hello? Is anyone there?"),
    ctx("Good morning, I'm still waiting for an answer."),
    # non-native, typos
    ctx("Hello, I am write because kettle is broken, please what I do?"),
    ctx("order is A1001, kettle broke, base crack. I want money back pls"),
    ctx("my emial is sam.taylor@example.com"),
    # other languages
    ctx("Meine Bestellnummer ist A1001."), ctx("Hallo nochmal, haben Sie schon etwas gefunden?"),
    ctx("Gracias, pero ¿cuándo me devuelven el dinero?"),
    ctx("Bonjour, je vous remercie. Où en est mon remboursement ?"),
    # look-alikes for markup, facts and identity
    ctx("My email is sam.taylor@example.com"), ctx("I paid £39.99 (incl. VAT)"),
    ctx("It's order #A1001"), ctx(":) thanks"), ctx("*sigh* fine, it's A1001"),
    ctx("1. it's cracked 2. it leaks"), ctx("It cost about £40, I think."),
    ctx("I ordered it on the 3rd of March."), ctx("My name is " + IDENTITY.first_name + "."),
    ctx("Can you send the refund to my card ending 4417?"),
    ctx("Thanks xx"), ctx("The instructions in the box say to descale it monthly."),
    ctx("What are your instructions for sending it back?"),
    ctx("I'm not a bot, I'm a real customer!"),
    # endings with a cause
    ctx("Great, thanks!", status="achieved", transcript=REFUNDED),
    ctx("Fine. Bye.", status="abandoned", transcript=REFUSED),
    ctx("Okay, I understand. Thanks anyway.", status="abandoned", transcript=REFUSED),
    ctx("Forget it, I'll go elsewhere.", status="abandoned", give_up_due=True, flagged=GAVE_UP),
    ctx("This is going nowhere, goodbye.", status="abandoned", intensity=0.8, flagged=GAVE_UP),
    # the same answer to the same question asked again, and insisting on a person
    ctx("Sorry, I don't have that to hand.", transcript=[
        *ASKED, Turn(index=2, speaker=Speaker.CUSTOMER, text="Sorry, I don't have that to hand."),
        Turn(index=3, speaker=Speaker.AGENT, text="I'm sorry! What's your order number?"),
        Turn(index=4, speaker=Speaker.CUSTOMER, text="Sorry, I don't have that to hand."),
        Turn(index=5, speaker=Speaker.AGENT, text="I'm sorry! What's your order number?")]),
    ctx("I want to speak to a real person.", flagged=ASK, transcript=[
        *ASKED, Turn(index=2, speaker=Speaker.CUSTOMER, text="I want to speak to a real person."),
        Turn(index=3, speaker=Speaker.AGENT, text="I can help you here."),
        Turn(index=4, speaker=Speaker.CUSTOMER, text="I want to speak to a real person."),
        Turn(index=5, speaker=Speaker.AGENT, text="Let me try to help first.")]),
    ctx(OPENING),  # an opening said once more: impatient, not yet a loop
    # a short question repeated when ignored, for the third time
    ctx("So are you refunding me?", transcript=[
        *ASKED, Turn(index=2, speaker=Speaker.CUSTOMER, text="So are you refunding me?"),
        Turn(index=3, speaker=Speaker.AGENT, text="One moment."),
        Turn(index=4, speaker=Speaker.CUSTOMER, text="So are you refunding me?"),
        Turn(index=5, speaker=Speaker.AGENT, text="One moment.")]),
]


@pytest.mark.parametrize(("kind", "context"), FAULTY, ids=[f"{k}-{i}" for i, (k, _) in enumerate(FAULTY)])
def test_each_fault_kind_is_caught_in_several_phrasings(kind: str, context: TurnContext) -> None:
    assert kind in kinds(context)


@pytest.mark.parametrize("context", HONEST, ids=[c.message[:30] for c in HONEST])
def test_honest_customers_in_many_styles_are_not_faulted(context: TurnContext) -> None:
    assert kinds(context) == []


def test_false_fault_rate_on_honest_look_alikes_is_zero() -> None:
    false = [c.message for c in HONEST if kinds(c)]
    print(f"\nfalse faults: {len(false)}/{len(HONEST)} honest turns; "
          f"recall: {sum(k in kinds(c) for k, c in FAULTY)}/{len(FAULTY)} faulty turns")
    assert false == []


def test_every_kind_has_faulty_examples() -> None:
    covered = {k for k, _ in FAULTY}
    assert covered == set(FAULT_KINDS) - {"flags_disagree", "malformed_output"}


def test_achieved_in_an_unachievable_scenario_is_a_fault_unless_the_bot_claimed_it() -> None:
    assert not TRAP.expected.goal_achievable  # the demo's policy trap is such a scenario
    facts = replace(FACTS, goal_achievable=False)
    refused = replace(ctx("Thanks, sorted!", status="achieved", transcript=REFUSED), facts=facts)
    assert kinds(refused) == ["achieved_without_cause"]
    # A bot that claims the forbidden action done gives the customer a cause: the claim is
    # the accuracy evaluator's business, and excluding the episode would hide it.
    claimed = [*ASKED, Turn(index=2, speaker=Speaker.AGENT, text="Done! I've issued a full refund.")]
    assert kinds(replace(ctx("Thanks!", status="achieved", transcript=claimed), facts=facts)) == []
