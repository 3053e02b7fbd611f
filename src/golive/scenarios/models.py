"""The scenario model: one customer situation, what is true, and what the bot must do.

Example:
    >>> s = Scenario.model_validate({
    ...     "id": "where-is-my-order", "title": "Order status",
    ...     "customer": {"goal": "know when order A1 arrives", "opening": "Where is my order?"},
    ... })
    >>> s.handoff.expect.value
    'optional'
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from golive.results.models import EmotionLabel, HandoffKind, Severity, Vulnerability
from golive.scenarios.clock import QueueModel


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Stakes(StrEnum):
    """How much harm a wrong answer can do."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Expectation(StrEnum):
    """Whether the bot must, must not, or may hand the customer to a human."""

    REQUIRED = "required"
    FORBIDDEN = "forbidden"
    OPTIONAL = "optional"


class TriggerKind(StrEnum):
    """Customer moments that call for a human."""

    ASKED_FOR_HUMAN = "asked_for_human"
    VULNERABILITY = "vulnerability"
    EMOTION = "emotion"
    THREATENED = "threatened"
    HIGH_STAKES = "high_stakes"
    NO_PROGRESS = "no_progress"
    ALWAYS = "always"


class HandoffTrigger(_Model):
    """One condition that starts the handoff window."""

    when: TriggerKind = Field(description="What starts the window.")
    label: EmotionLabel | None = Field(default=None, description="For when: emotion.")
    min_intensity: float = Field(default=0.0, ge=0.0, le=1.0, description="For when: emotion.")
    turns: int = Field(
        default=3, ge=1, le=50,
        description="For when: no_progress. Agent replies in a row that move nothing forward.",
    )
    patterns: list[str] = Field(
        default_factory=list,
        description="For when: high_stakes. Regular expressions over the customer's text; "
        "empty means golive's built-in list (legal action, fraud, self-harm, emergencies...).",
    )


class HandoffSpec(_Model):
    """When a human must take over."""

    expect: Expectation = Field(default=Expectation.OPTIONAL)
    kind: HandoffKind = Field(default=HandoffKind.TRANSFER)
    triggers: list[HandoffTrigger] = Field(
        default_factory=lambda: [HandoffTrigger(when=TriggerKind.ASKED_FOR_HUMAN)],
        description="Any one of these starts the window. Default: the customer asks.",
    )
    window: int = Field(
        default=1, ge=1, description="Agent replies allowed after the trigger (1 = next reply)."
    )


class CustomerLines(_Model):
    """The scenario's own customer lines in another language (see ``translations``)."""

    opening: str | list[str] | None = None
    follow_up: str | list[str] | None = None
    pushes_back: list[str] | None = None


class CustomerScript(_Model):
    """What the customer wants and knows; drives the scripted simulator."""

    goal: str = Field(description="What the customer wants, in one sentence.")
    opening: str | list[str] = Field(
        description="First message; a list gives variants chosen by the seed. "
        "Placeholders like {order_id} are filled from `knows`."
    )
    knows: dict[str, str] = Field(
        default_factory=dict,
        description="Facts the customer can give when asked (order_id, email, name...).",
    )
    resolved_when: list[str] = Field(
        default_factory=list,
        description="Phrases in an agent reply that settle the goal (case-insensitive).",
    )
    follow_up: str | list[str] = Field(
        default="Can you help me with this?",
        description="What the customer says when the bot makes no progress.",
    )
    asks_for_human: bool = Field(
        default=False, description="The customer asks for a person whatever the bot does."
    )
    discloses: list[Vulnerability] = Field(
        default_factory=list, description="Vulnerabilities the customer mentions early on."
    )
    pushes_back: list[str] = Field(
        default_factory=list,
        description="Lines the customer uses to push after a refusal (policy traps).",
    )
    translations: dict[str, CustomerLines] = Field(
        default_factory=dict,
        description="Language (de, es, fr) -> opening, follow_up, pushes_back in it; used "
        "by personas with write_in_locale. Missing lines stay as written above.",
    )


class Fact(_Model):
    """A fact the agent must convey (matched on any of the phrases, normalised)."""

    id: str
    description: str = ""
    any_of: list[str] = Field(min_length=1)


class Claim(_Model):
    """A claim the agent must not make (any of the regular expressions, case-insensitive)."""

    id: str
    description: str = ""
    patterns: list[str] = Field(min_length=1)
    severity: Severity = Severity.CRITICAL


class ExpectedToolCall(_Model):
    """A tool call the agent should make; ``arguments`` lists only the keys that matter."""

    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class Expected(_Model):
    """Ground truth the accuracy evaluator checks."""

    facts: list[Fact] = Field(default_factory=list)
    synonyms: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Canonical word -> words that mean the same here, applied to facts and "
        "replies before matching, e.g. {'refund': ['reimbursement', 'money back']}.",
    )
    tool_calls: list[ExpectedToolCall] = Field(
        default_factory=list, description="Tool calls the agent should make (any order)."
    )
    end_state: dict[str, Any] = Field(
        default_factory=dict,
        description="Dotted fixture path -> value expected when the episode ends, "
        "e.g. {'orders.A1001.status': 'refunded'}.",
    )
    forbidden_claims: list[Claim] = Field(default_factory=list)
    goal_achievable: bool = Field(
        default=True, description="False for policy traps: the right answer is a refusal."
    )


class RuleSpec(_Model):
    """A guardrail rule written in YAML: a pattern or a judge prompt, no code.

    Example (a team's rules file or a scenario's ``policy.rules``)::

        - id: brand.no_slang
          severity: minor
          description: Uses slang that is off-brand.
          patterns: ["\\bmate\\b", "\\bcheers\\b"]
          examples: {bad: ["Cheers mate!"], good: ["Thank you."]}
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", description="Stable rule id.")
    severity: Severity = Severity.MAJOR
    description: str = Field(min_length=1, description="What the rule forbids, in one sentence.")
    patterns: list[str] = Field(
        default_factory=list, description="Regular expressions over each agent reply (any hits)."
    )
    judge: str | None = Field(
        default=None,
        description="A question for the LLM judge about the whole transcript; a 'fail' verdict "
        "is a breach. Skipped (not failed) when no judge model is configured.",
    )
    examples: dict[str, list[str]] = Field(
        default_factory=dict,
        description="bad: replies the rule must flag; good: replies it must not (its tests).",
    )


class AdviceTopic(StrEnum):
    """A regulated field a support bot must not advise on (it may signpost)."""

    FINANCIAL = "financial"
    MEDICAL = "medical"
    LEGAL = "legal"


class GuardrailPolicy(_Model):
    """Per-scenario changes to the guardrail rule library."""

    refunds_allowed: bool = Field(default=True, description="May the bot promise a refund?")
    max_refund: float | None = Field(
        default=None, ge=0, description="Largest refund the bot may give (same currency as fixtures)."
    )
    credits_allowed: bool = Field(
        default=False, description="May the bot offer credit, vouchers, discounts or compensation?"
    )
    competitors: list[str] = Field(
        default_factory=list, description="Competitor names the bot must not mention or recommend."
    )
    forbidden_advice: list[AdviceTopic] = Field(
        default_factory=lambda: list(AdviceTopic),
        description="Regulated topics the bot must not advise on (it may point to a professional).",
    )
    rules: list[RuleSpec] = Field(
        default_factory=list, description="Extra rules for this scenario (pattern or judge)."
    )
    disable: list[str] = Field(
        default_factory=list, description="Rule ids to switch off (fnmatch globs allowed)."
    )
    severity: dict[str, Severity] = Field(
        default_factory=dict,
        description="Rule id -> severity override, for any rule whose findings it names (a raised "
        "experience or handoff rule fails the episode; lowering an accuracy or handoff rule does not "
        "undo that evaluator's own failure).",
    )


class Business(_Model):
    """The business's own published details: never another customer's personal data."""

    name: str = Field(default="", description="Trading name, e.g. Acme Shop.")
    contacts: list[str] = Field(
        default_factory=list,
        description="E-mail addresses, phone numbers and postal addresses the business "
        "publishes (support line, returns address); a reply quoting them leaks nothing.",
    )


class Scenario(_Model):
    """One customer situation (a file under a scenario pack)."""

    kind: Literal["scenario"] = "scenario"
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", description="Stable id, used in episode ids.")
    title: str
    description: str = ""
    domain: str = "general"
    stakes: Stakes = Stakes.LOW
    tags: list[str] = Field(default_factory=list)
    customer: CustomerScript
    expected: Expected = Field(default_factory=Expected)
    policy: GuardrailPolicy = Field(default_factory=GuardrailPolicy)
    handoff: HandoffSpec = Field(default_factory=HandoffSpec)
    fixtures: dict[str, Any] = Field(
        default_factory=dict,
        description="World state the tools act on (orders, accounts, plans...), copied per episode.",
    )
    tools: list[str] = Field(
        default_factory=list, description="Tool kits or tool names offered to the agent."
    )
    supervisor: dict[str, str] = Field(
        default_factory=dict,
        description="What a consulted human supervisor answers: topic keyword -> answer.",
    )
    max_turns: int | None = Field(default=None, ge=1, le=100, description="Customer turns.")
    queue: QueueModel | None = Field(
        default=None,
        description="The human queue after a transfer for this situation; unset: the suite's "
        "clock.queue.",
    )
    business: Business = Field(
        default_factory=Business,
        description="The business's own contact details (a bundled pack declares them once "
        "in its pack.yaml).",
    )
    secrets: list[str] = Field(
        default_factory=list,
        description="Canary strings the bot knows but must never say (internal codes, "
        "instructions); matched by overlapping word sequences, whatever the phrasing around them.",
    )
