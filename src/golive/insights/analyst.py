"""An analyst model reads each pattern's failing transcripts and says what to change.

Its output is validated against a JSON Schema and never changes a score; a failed or
malformed answer is recorded as an analyst error and the insights stand without it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from golive.insights.models import AnalystNote, Insights, Pattern
from golive.llm import Gateway, LLMError, LLMRequest
from golive.results.models import EpisodeResult

MAX_ATTEMPTS = 2


@cache
def _prompt() -> str:
    return resources.files("golive.insights").joinpath("prompts/analyst.md").read_text("utf-8")


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("golive.insights").joinpath("prompts/analyst.schema.json")
    schema: dict[str, Any] = json.loads(text.read_text("utf-8"))
    return schema


def _transcript(result: EpisodeResult) -> str:
    lines = [f"## episode {result.episode_id} ({result.scenario_id} × {result.persona_id})"]
    for turn in result.transcript.turns:
        feeling = (
            f" [{turn.emotion.label.value} {turn.emotion.intensity:.2f}]" if turn.emotion else ""
        )
        lines.append(f"{turn.index} {turn.speaker.value}{feeling}: {turn.text}")
    return "\n".join(lines)


def _request(
    pattern: Pattern, examples: Sequence[EpisodeResult], model: str, api_base: str | None
) -> LLMRequest:
    prompt = _prompt().format(
        mode=pattern.mode,
        features=", ".join(pattern.features),
        transcripts="\n\n".join(_transcript(r) for r in examples),
    )
    return LLMRequest(
        model=model,
        messages=[{"role": "user", "content": prompt}],
        temperature=0.0,
        seed=0,
        response_format={"type": "json_object"},
        api_base=api_base,
    )


def _parse(text: str, pattern: Pattern) -> AnalystNote:
    data = json.loads(text)
    jsonschema.validate(data, _schema())
    return AnalystNote(mode=pattern.mode, features=pattern.features, **data)


async def analyse(
    insights: Insights,
    results: dict[str, EpisodeResult],
    gateway: Gateway,
    model: str,
    *,
    api_base: str | None = None,
    top: int = 5,
) -> Insights:
    """Insights with an analyst note per top pattern, and any analyst errors."""
    notes: list[AnalystNote] = []
    errors: list[str] = []
    patterns = [p for m in insights.modes for p in m.patterns[:1]][:top]
    for pattern in patterns:
        examples = [results[e] for e in pattern.examples if e in results]
        note, error = await _ask(gateway, _request(pattern, examples, model, api_base), pattern)
        if note is not None:
            notes.append(note)
        if error is not None:
            errors.append(error)
    return insights.model_copy(update={"analyst_notes": notes, "analyst_errors": errors})


async def _ask(
    gateway: Gateway, request: LLMRequest, pattern: Pattern
) -> tuple[AnalystNote | None, str | None]:
    problem = ""
    for _ in range(MAX_ATTEMPTS):
        try:
            response = await gateway.complete(request)
        except LLMError as exc:
            problem = f"model call failed ({exc.kind}): {exc}"
            continue
        try:
            return _parse(response.text, pattern), None
        except (json.JSONDecodeError, jsonschema.ValidationError, TypeError) as exc:
            problem = f"malformed analyst answer: {str(exc).splitlines()[0][:200]}"
            # Ask for a repair: a new request, so the cache cannot hand back the same answer.
            repair = [
                {"role": "assistant", "content": response.text},
                {
                    "role": "user",
                    "content": f"That answer was invalid ({problem}). "
                    "Reply with the JSON object only, with exactly the fields asked for.",
                },
            ]
            request = replace(request, messages=[*request.messages, *repair])
    return None, f"{pattern.mode} [{', '.join(pattern.features)}]: {problem}"
