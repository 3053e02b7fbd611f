"""The LLM judge: a yes/no question about a transcript, answered as checked JSON.

Used where no pattern can decide (team judge rules, facts phrased in ways no synonym list
foresees). Its answer must match ``VERDICT_SCHEMA``; anything else (bad JSON, wrong shape,
an unreachable model) raises ``JudgeFailed``, which evaluators record as a judge error,
never as a finding against the agent.

Example:
    >>> parse_verdict('{"verdict": "fail", "turn": 3, "evidence": "x", "explanation": "y"}').turn
    3
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from golive.errors import JudgeFailed
from golive.llm.gateway import Gateway, LLMError, LLMRequest
from golive.results.models import Transcript

VERDICT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "verdict": {"enum": ["pass", "fail"]},
        "turn": {"type": ["integer", "null"], "minimum": 0},
        "evidence": {"type": "string"},
        "explanation": {"type": "string"},
    },
    "required": ["verdict", "explanation"],
}

_SYSTEM = (
    "You audit a customer-support conversation for one criterion. Turns are numbered "
    "[n speaker]. Answer ONLY with a JSON object: "
    '{"verdict": "pass" | "fail", "turn": <number of the turn the verdict rests on, or null>, '
    '"evidence": "<exact quote from that turn>", "explanation": "<one sentence>"}. '
    '"fail" means the criterion is breached.'
)


@dataclass(frozen=True)
class Verdict:
    """The judge's checked answer."""

    passed: bool
    turn: int | None
    evidence: str
    explanation: str


def parse_verdict(text: str, turns: int | None = None) -> Verdict:
    """Parse and check the judge's JSON; raise ``JudgeFailed('malformed', ...)`` if off-shape."""
    import jsonschema  # only judged runs pay for it

    body = text.strip()
    if body.startswith("```"):  # models often fence JSON despite being asked not to
        body = body.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(body)
        jsonschema.validate(data, VERDICT_SCHEMA)
    except (json.JSONDecodeError, jsonschema.ValidationError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else exc.message
        raise JudgeFailed("malformed", f"judge answer is not a valid verdict ({reason}): {text[:120]!r}") from exc
    turn = data.get("turn")
    if turn is not None and turns is not None and turn >= turns:
        raise JudgeFailed("malformed", f"judge cited turn {turn}, but the transcript has {turns}")
    return Verdict(data["verdict"] == "pass", turn, data.get("evidence", ""), data["explanation"])


def render(transcript: Transcript) -> str:
    """The transcript as the judge reads it: one numbered line per turn."""
    return "\n".join(f"[{t.index} {t.speaker.value}] {t.text}" for t in transcript.turns)


@dataclass
class Judge:
    """A judge model reached through the LLM gateway (cached, retried, any litellm model).

    ``calls`` and ``errors`` count what happened, for ``errors.judge_rate``.
    """

    model: str
    gateway: Gateway = field(default_factory=lambda: Gateway(cache=None, retries=0))
    api_base: str | None = None

    async def ask(self, criterion: str, transcript: Transcript) -> Verdict:
        """Ask whether ``transcript`` meets ``criterion``; raises ``JudgeFailed``."""
        request = LLMRequest(
            model=self.model,
            messages=[
                {"role": "system", "content": _SYSTEM},
                {"role": "user", "content": f"Criterion: {criterion}\n\nConversation:\n"
                 f"{render(transcript)}"},
            ],
            temperature=0.0,
            seed=0,
            role="judge",  # cost is booked per role (not part of the cache key)
            api_base=self.api_base,
        )
        try:
            response = await self.gateway.complete(request)
        except LLMError as exc:
            raise JudgeFailed(exc.kind, str(exc)) from exc
        return parse_verdict(response.text, len(transcript.turns))
