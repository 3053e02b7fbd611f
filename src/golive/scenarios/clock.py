"""The conversation clock's settings: how long things take when nothing real is timed.

A suite's ``clock:`` section says how fast the bot answers (its service level), how long a
tool call takes, how fast customers read and think, and how the human queue behaves after a
transfer; a scenario's own ``queue:`` overrides the suite's for that situation (a fraud
line is staffed differently from order status). Everything here is a number a contact
centre knows about itself, so the clock's minutes are as good as the numbers put in.

Example:
    >>> ClockSettings().queue.wait_minutes
    2.0
    >>> QueueModel.model_validate({"wait_minutes": 10, "distribution": "exponential"}).distribution.value
    'exponential'
"""

from __future__ import annotations

import math
import random
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from golive.errors import InputError


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ClockMode(StrEnum):
    """Where the agent's response time comes from.

    ``simulated`` (the default): the configured service level, so results stay
    byte-identical across reruns. ``measured``: the wall-clock latency of each agent turn,
    which no rerun reproduces (the manifest says so).
    """

    SIMULATED = "simulated"
    MEASURED = "measured"


class WaitDistribution(StrEnum):
    """How queue waits spread around their mean."""

    FIXED = "fixed"
    EXPONENTIAL = "exponential"  # the M/M/1 waiting time shape: most short, a few very long


class QueueModel(_Model):
    """The wait for a human after a transfer, and the staff time the conversation then takes."""

    wait_minutes: float = Field(
        default=2.0,
        ge=0.0,
        le=600.0,
        description="Mean wait in the queue before a person picks the conversation up "
        "(default: two minutes, a common chat speed-of-answer target).",
    )
    distribution: WaitDistribution = Field(
        default=WaitDistribution.FIXED,
        description="fixed: every customer waits wait_minutes; exponential: waits drawn "
        "(seeded per episode) with that mean.",
    )
    handle_minutes: float = Field(
        default=8.0,
        ge=0.0,
        le=600.0,
        description="Staff minutes to finish a transferred conversation with a calm customer; "
        "an upset customer takes longer (see the README's human workload metric).",
    )
    consult_minutes: float = Field(
        default=2.0,
        ge=0.0,
        le=600.0,
        description="Staff minutes one consult_human question takes (the customer waits too).",
    )

    def wait_s(self, seed: int) -> float:
        """This episode's queue wait in seconds (the same seed, the same wait).

        Example:
            >>> QueueModel(wait_minutes=2).wait_s(1)
            120.0
        """
        mean = self.wait_minutes * 60.0
        if self.distribution is WaitDistribution.FIXED or mean == 0:
            return round(mean, 3)
        u = random.Random(f"queue:{seed}").random()
        return round(-mean * math.log(1.0 - u), 3)


class ClockSettings(_Model):
    """A suite's ``clock:`` section (every field has a default: the section is optional)."""

    agent_reply_seconds: float = Field(
        default=5.0,
        ge=0.0,
        le=3600.0,
        description="The bot's service level: seconds from a customer message to its reply "
        "(used unless --clock measured).",
    )
    tool_call_seconds: float = Field(
        default=2.0,
        ge=0.0,
        le=3600.0,
        description="Seconds each tool call adds to a reply.",
    )
    reading_wpm: float = Field(
        default=230.0,
        ge=30.0,
        le=2000.0,
        description="Words per minute at which customers read the bot's replies.",
    )
    think_seconds: float = Field(
        default=5.0,
        ge=0.0,
        le=600.0,
        description="Seconds a customer pauses between reading and typing.",
    )
    reply_tolerance_seconds: float = Field(
        default=30.0,
        ge=0.0,
        le=3600.0,
        description="A reply slower than this starts to annoy: each minute beyond it raises "
        "emotion intensity through the shared emotion rules.",
    )
    queue: QueueModel = Field(
        default_factory=QueueModel,
        description="The human queue after a transfer (a scenario's queue: overrides it).",
    )
    staff_cost_per_hour: float = Field(
        default=30.0,
        ge=0.0,
        le=10000.0,
        description="What an hour of a staff member's time costs, in the currency of the "
        "model prices (cost per resolved conversation).",
    )


def clock_mode(value: str) -> ClockMode:
    """``--clock VALUE`` as a ``ClockMode``; anything else is the user's input error.

    Example:
        >>> clock_mode("measured").value
        'measured'
    """
    try:
        return ClockMode(value)
    except ValueError:
        raise InputError(
            f"unknown --clock {value!r}",
            field="--clock",
            hint="use simulated (the default: byte-identical reruns) or measured (wall-clock "
            "agent latencies; results then differ from run to run)",
        ) from None
