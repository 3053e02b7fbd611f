"""The conversation clock: simulated minutes for every turn, the queue, and staff time.

Each message gets ``at_s``, the second of the conversation at which it was sent. A
customer message takes the time to read the bot's last reply, think, and type it (the
persona's ``typing_wpm``); an agent reply takes the suite's service level
(``clock.agent_reply_seconds``), or under ``--clock measured`` the wall-clock latency
golive measured, plus ``tool_call_seconds`` per tool call and the staff's answer time per
``consult_human``. After a transfer the customer waits in the queue (the scenario's
``queue:`` or the suite's, drawn from the episode seed); waiting spends patience and raises
intensity through the shared emotion rules, and a customer whose patience runs out leaves
before a person comes. The simulated clock is a function of the words and the seed, so
results stay byte-identical; the measured one is not, and the manifest says so.

Example:
    >>> from golive.personas.models import Persona
    >>> from golive.scenarios.clock import ClockSettings
    >>> persona = Persona.model_validate({"id": "p", "emotion": {"label": "calm", "intensity": 0}})
    >>> clock = EpisodeClock(ClockSettings(), persona, ClockSettings().queue, seed=1)
    >>> clock.customer_sent("Where is my order A1?"), clock.agent_replied("It ships today.")
    (8.571, (13.571, 0.0))
"""

from __future__ import annotations

from dataclasses import dataclass

from golive.personas.clock import reading_s, typing_s, wait
from golive.personas.emotion import HIGH
from golive.personas.models import Persona
from golive.results.models import (
    ClockRecord,
    HandoffKind,
    Speaker,
    Termination,
    Transcript,
)
from golive.scenarios.clock import ClockMode, ClockSettings, QueueModel

# An upset customer takes longer to finish: at intensity 1 a person needs this much more
# than the calm handle time (a modelling assumption the README's metric table states).
UPSET_HANDLE_FACTOR = 0.5


@dataclass
class EpisodeClock:
    """One episode's clock; the episode loop tells it each message as it is sent."""

    settings: ClockSettings
    persona: Persona
    queue: QueueModel
    seed: int
    mode: ClockMode = ClockMode.SIMULATED
    now: float = 0.0
    last_reply: str = ""
    used_s: float = 0.0  # patience spent waiting for slow replies
    staff_s: float = 0.0

    def customer_sent(self, text: str) -> float:
        """The customer read the last reply, thought, and typed ``text``: its ``at_s``."""
        if self.last_reply:
            self.now += reading_s(self.last_reply, self.settings.reading_wpm)
            self.now += self.settings.think_seconds
        self.now = round(self.now + typing_s(self.persona, text), 3)
        return self.now

    def agent_replied(
        self, text: str, *, latency_s: float = 0.0, tool_calls: int = 0, consults: int = 0
    ) -> tuple[float, float]:
        """The bot replied with ``text``: its ``at_s`` and how overdue it was (seconds)."""
        answer = latency_s if self.mode is ClockMode.MEASURED else self.settings.agent_reply_seconds
        staff = consults * self.queue.consult_minutes * 60.0
        took = answer + tool_calls * self.settings.tool_call_seconds + staff
        self.staff_s += staff
        overdue = round(max(0.0, took - self.settings.reply_tolerance_seconds), 3)
        self.used_s += overdue
        self.now = round(self.now + took, 3)
        self.last_reply = text
        return self.now, overdue

    def finish(self, transcript: Transcript, termination: Termination) -> ClockRecord:
        """The episode's clock record; after a transfer, the queue and the staff's time."""
        last = transcript.turns[-1] if transcript.turns else None
        bot_s = last.at_s or 0.0 if last is not None else 0.0
        record = ClockRecord(mode=self.mode.value, bot_s=bot_s, staff_s=round(self.staff_s, 3))
        transferred = (
            termination is Termination.HANDOFF
            and last is not None
            and last.handoff is not None
            and last.handoff.kind is HandoffKind.TRANSFER
        )
        if transferred:
            record = self._queue(transcript, record)
        cost = record.staff_s / 3600.0 * self.settings.staff_cost_per_hour
        return record.model_copy(update={"staff_cost": round(cost, 6)})

    def _queue(self, transcript: Transcript, record: ClockRecord) -> ClockRecord:
        feeling = next(
            (
                t.emotion
                for t in reversed(transcript.turns)
                if t.speaker is Speaker.CUSTOMER and t.emotion is not None
            ),
            self.persona.emotion,
        )
        tolerance = self.settings.reply_tolerance_seconds
        wait_s = self.queue.wait_s(self.seed)
        overdue = max(0.0, wait_s - tolerance)
        left = max(0.0, self.persona.patience_s - self.used_s)
        abandoned = 0.0 < overdue and left <= overdue
        if abandoned:  # patience runs out first: the customer leaves at that moment
            overdue, wait_s = left, tolerance + left
        after = wait(self.persona, feeling, overdue, self.used_s)
        tipped = None
        if feeling.intensity < HIGH <= after.emotion.intensity:
            # Waiting raises intensity linearly (emotion.waited): when it reached HIGH.
            needed = (HIGH - feeling.intensity) * self.persona.patience_s / HIGH
            tipped = round(min(wait_s, tolerance + needed), 3)
        staff = record.staff_s
        if not abandoned:
            handle = self.queue.handle_minutes * 60.0
            staff += handle * (1.0 + UPSET_HANDLE_FACTOR * after.emotion.intensity)
        return record.model_copy(
            update={
                "queue_wait_s": round(wait_s, 3),
                "abandoned_in_queue": abandoned,
                "queue_emotion": after.emotion,
                "queue_tipped_s": tipped,
                "staff_s": round(staff, 3),
            }
        )


def consults(handoff_kind: HandoffKind | None) -> int:
    """1 for a consult (the staff's answer time), else 0."""
    return int(handoff_kind is HandoffKind.CONSULT)
