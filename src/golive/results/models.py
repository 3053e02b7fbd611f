"""The results format: what one episode leaves on disk, one JSON line each.

Everything here is reproducible from the same inputs (suite, seed, agent, warm LLM cache):
wall-clock latencies and timestamps live in ``timings.jsonl`` instead (see ``Timing``).

Example:
    >>> Emotion(label=EmotionLabel.ANGRY, intensity=0.7).label.value
    'angry'
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

SCHEMA_VERSION = 1


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EmotionLabel(StrEnum):
    """The six emotion labels a customer can carry (grief and crisis are vulnerabilities)."""

    CALM = "calm"
    CONFUSED = "confused"
    ANXIOUS = "anxious"
    FRUSTRATED = "frustrated"
    ANGRY = "angry"
    DISTRESSED = "distressed"


class Speaker(StrEnum):
    """Who wrote a turn."""

    CUSTOMER = "customer"
    AGENT = "agent"


class Termination(StrEnum):
    """Why an episode ended."""

    GOAL_ACHIEVED = "goal_achieved"
    CUSTOMER_GAVE_UP = "customer_gave_up"
    HANDOFF = "handoff"
    MAX_TURNS = "max_turns"
    AGENT_ERROR = "agent_error"
    SIMULATOR_ERROR = "simulator_error"


class Severity(StrEnum):
    """How bad a finding is; critical and major findings fail an episode."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class HandoffKind(StrEnum):
    """A transfer is a full takeover; a consult is a private question to a human."""

    TRANSFER = "transfer"
    CONSULT = "consult"


class CustomerEventKind(StrEnum):
    """Structured moments the simulator reports; handoff timing is judged against them."""

    ASKED_FOR_HUMAN = "asked_for_human"
    DISCLOSED_VULNERABILITY = "disclosed_vulnerability"
    THREATENED = "threatened"
    EMOTION_THRESHOLD = "emotion_threshold"
    GAVE_UP = "gave_up"
    GOAL_ACHIEVED = "goal_achieved"
    ADVERSARIAL_PROBE = "adversarial_probe"


class Vulnerability(StrEnum):
    """Circumstances that call for extra care (and often a human)."""

    BEREAVEMENT = "bereavement"
    MEDICAL = "medical"
    FINANCIAL_HARDSHIP = "financial_hardship"
    CRISIS = "crisis"


class GoalStatus(StrEnum):
    """Where the customer stands after a turn."""

    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    ABANDONED = "abandoned"


class HandoffOutcome(StrEnum):
    """How the handoff went against the scenario's expectation (see DESIGN.md)."""

    ON_TIME = "on_time"
    LATE = "late"
    PREMATURE = "premature"
    MISSED = "missed"
    UNNECESSARY = "unnecessary"
    CORRECTLY_NONE = "correctly_none"


class Emotion(_Frozen):
    """A customer's emotional state at one turn."""

    label: EmotionLabel = Field(description="One of the six emotion labels.")
    intensity: float = Field(ge=0.0, le=1.0, description="0 = barely, 1 = overwhelming.")


class TokenUsage(_Frozen):
    """Tokens spent producing one turn (zero for scripted simulators and Python bots)."""

    prompt: int = Field(default=0, ge=0)
    completion: int = Field(default=0, ge=0)


class ToolCall(_Frozen):
    """One tool call the agent made, with what the environment answered."""

    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    result: Any = Field(default=None, description="What the tool returned to the agent.")
    error: str | None = Field(default=None, description="Set when the call was rejected.")


class Handoff(_Frozen):
    """A hand-over to a human made by the agent."""

    kind: HandoffKind
    reason: str = ""
    summary: str = Field(default="", description="What the agent told the human.")
    source: str = Field(default="tool", description="tool, field or pattern.")


class CustomerEvent(_Frozen):
    """A structured moment in a customer turn (asked for a person, disclosed grief...)."""

    kind: CustomerEventKind
    detail: str = ""


class FaultAction(StrEnum):
    """What golive did about a simulator fault."""

    REPAIRED = "repaired"  # asked for again with a corrective note; a later attempt was clean
    RECORDED = "recorded"  # noted, the turn kept (the text decided over the model's flags)
    EXCLUDED = "excluded"  # it persisted: the episode is a simulator error, out of agent scores


class FidelityFault(_Frozen):
    """One way a simulated customer turn failed to be a believable customer."""

    kind: str = Field(description="Fault kind: role_inversion, restart, repetition, "
                      "instruction_leak, markup, gave_up_without_cause, achieved_without_cause, "
                      "identity_contradiction, invented_fact, flags_disagree, malformed_output.")
    action: FaultAction
    detail: str = Field(default="", description="What was wrong, with the words it rests on.")


class Turn(_Frozen):
    """One message in the conversation."""

    index: int = Field(ge=0, description="Position in the transcript, from 0.")
    speaker: Speaker
    text: str
    tool_calls: list[ToolCall] = Field(default_factory=list)
    emotion: Emotion | None = Field(default=None, description="Customer turns only.")
    events: list[CustomerEvent] = Field(default_factory=list)
    handoff: Handoff | None = None
    tokens: TokenUsage = Field(default_factory=TokenUsage)
    faults: list[FidelityFault] = Field(
        default_factory=list,
        description="Customer turns only: simulator faults found and repaired or recorded "
        "(written only when there are some).",
    )
    at_s: float | None = Field(
        default=None, ge=0.0,
        description="Conversation clock: seconds from the start at which this message was "
        "sent (simulated unless the manifest's clock is measured).",
    )
    overdue_s: float | None = Field(
        default=None, ge=0.0,
        description="Agent turns only: seconds this reply took beyond the customer's "
        "tolerance (written only when some): waiting spends patience.",
    )

    @model_serializer(mode="wrap")
    def _drop_empty_faults(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Turns without faults serialise as before, so results of clean runs do not change.
        data: dict[str, Any] = handler(self)
        if not data.get("faults"):
            data.pop("faults", None)
        if data.get("at_s") is None:
            data.pop("at_s", None)
        if not data.get("overdue_s"):
            data.pop("overdue_s", None)
        return data


class Transcript(_Frozen):
    """The turns of one episode, in order."""

    turns: list[Turn] = Field(default_factory=list)

    def agent_turns(self) -> list[Turn]:
        """The agent's replies, in order."""
        return [t for t in self.turns if t.speaker is Speaker.AGENT]


class Finding(_Frozen):
    """One concrete problem an evaluator found, with its evidence."""

    evaluator: str
    rule_id: str
    severity: Severity
    turn: int | None = Field(description="Transcript index of the offending turn.")
    evidence: str = Field(description="Quoted text the finding rests on.")
    explanation: str


class EpisodeError(_Frozen):
    """Why an episode could not finish normally."""

    source: str = Field(description="agent, simulator or judge.")
    kind: str = Field(description="crash, timeout, malformed, unreachable...")
    message: str


class ClockRecord(_Frozen):
    """The conversation clock's account of an episode beyond its turns' ``at_s``."""

    mode: str = Field(default="simulated", description="simulated or measured.")
    bot_s: float = Field(ge=0.0, description="Seconds with the bot: first to last message.")
    queue_wait_s: float | None = Field(
        default=None, ge=0.0, description="Transferred: seconds waited for a person."
    )
    abandoned_in_queue: bool = Field(
        default=False, description="Transferred: the customer gave up before a person came."
    )
    queue_emotion: Emotion | None = Field(
        default=None,
        description="Transferred: the customer's emotion when the queue ended (a person "
        "picked up, or the customer left).",
    )
    queue_tipped_s: float | None = Field(
        default=None, ge=0.0,
        description="Transferred: seconds into the queue at which the wait pushed the "
        "customer past the tipping point (emotion intensity 0.75), if it did.",
    )
    staff_s: float = Field(
        default=0.0, ge=0.0, description="Staff seconds the episode took (consults, handling)."
    )
    staff_cost: float = Field(
        default=0.0, ge=0.0, description="staff_s at the suite's staff_cost_per_hour."
    )


class EpisodeResult(_Frozen):
    """One line of ``results.jsonl``."""

    schema_version: int = SCHEMA_VERSION
    episode_id: str
    scenario_id: str
    persona_id: str
    repeat: int = Field(ge=0)
    seed: int
    termination: Termination
    error: EpisodeError | None = None
    transcript: Transcript
    handoff_outcome: HandoffOutcome | None = None
    scores: dict[str, float] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    passed: bool
    end_state: dict[str, Any] | None = Field(
        default=None, description="Fixture data as the agent's tool calls left it."
    )
    attributes: dict[str, Any] = Field(
        default_factory=dict,
        description="Scenario and persona facts used for breakdowns (stakes, tags, emotion).",
    )
    clock: ClockRecord | None = Field(
        default=None, description="The conversation clock (absent in results written before it)."
    )

    @model_serializer(mode="wrap")
    def _drop_no_clock(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if data.get("clock") is None:
            data.pop("clock", None)
        return data


class Timing(_Frozen):
    """Wall-clock facts about one episode: kept apart so results stay byte-identical."""

    episode_id: str
    started_at: float
    duration_s: float
    turn_latency_s: list[float] = Field(default_factory=list)
    usage: list[dict[str, Any]] = Field(
        default_factory=list,
        description="LLM usage per role and model: calls, cached_calls, prompt_tokens, "
        "completion_tokens, usd (priced from litellm's table; cache hits cost 0).",
    )
