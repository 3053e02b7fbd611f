"""golive's evaluators as MLflow GenAI scorers, for ``mlflow.genai.evaluate`` on your traces.

Each scorer is conversation-level (it takes ``session``: the traces of one conversation,
one trace per agent turn) and ``expectations``: either ``{"golive_scenario": {...}}`` (a
whole scenario, as in a scenario file) or the scenario's ``expected`` fields directly
(``facts``, ``forbidden_claims``, ``tool_calls``, ``end_state``) plus optional ``policy``
and ``handoff``. It returns one ``Feedback`` per golive score (same names as in
``results.jsonl``), with the findings as rationale.

Traces golive did not write carry no emotion or customer events; then a request for a
person is read from the customer's words, and a transfer from a ``transfer_to_human``
tool span. Root spans may carry ``golive.emotion`` (``{"label", "intensity"}``) and
``golive.events`` (event kinds) attributes to give the handoff evaluator the rest.

MLflow is imported lazily: only calling these functions imports it.

Example:
    >>> from golive.evaluators.mlflow_scorers import golive_scorers
    >>> [s.name for s in golive_scorers()]  # doctest: +SKIP
    ['golive.accuracy', 'golive.experience', 'golive.guardrails', 'golive.handoff']
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from golive.evaluators import EVALUATOR, Episode, evaluate_episode
from golive.results.models import (
    CustomerEvent,
    CustomerEventKind,
    Emotion,
    Handoff,
    HandoffKind,
    Speaker,
    Termination,
    ToolCall,
    Transcript,
    Turn,
)
from golive.scenarios.models import Scenario

if TYPE_CHECKING:
    from mlflow.entities import Feedback, Trace
    from mlflow.genai.scorers import Scorer

ASKS_FOR_PERSON = re.compile(
    r"\b(human|real person|a person|someone real|speak to (a|an|someone)|an agent|manager)\b", re.I
)
_EXPECTED_KEYS = ("facts", "forbidden_claims", "tool_calls", "end_state", "synonyms")


def scenario_from_expectations(expectations: dict[str, Any] | None) -> Scenario:
    """The scenario a session is judged against (see the module docstring for the shape)."""
    data = dict(expectations or {})
    if "golive_scenario" in data:
        return Scenario.model_validate(data["golive_scenario"])
    return Scenario.model_validate({
        "id": "mlflow-session", "title": "MLflow session",
        "customer": {"goal": "(from traces)", "opening": "(from traces)"},
        "expected": {k: data[k] for k in _EXPECTED_KEYS if k in data},
        **{k: data[k] for k in ("policy", "handoff") if k in data},
    })


def _customer_turn(index: int, text: str, root: Any) -> Turn:
    attrs = getattr(root, "attributes", None) or {}
    kinds = [CustomerEventKind(k) for k in attrs.get("golive.events", [])]
    if ASKS_FOR_PERSON.search(text) and CustomerEventKind.ASKED_FOR_HUMAN not in kinds:
        kinds.append(CustomerEventKind.ASKED_FOR_HUMAN)
    emotion = attrs.get("golive.emotion")
    return Turn(index=index, speaker=Speaker.CUSTOMER, text=text,
                emotion=Emotion.model_validate(emotion) if emotion else None,
                events=[CustomerEvent(kind=k) for k in kinds])


def _agent_turn(index: int, text: str, trace: Trace) -> Turn:
    from mlflow.genai.utils.trace_utils import extract_tools_called_from_trace

    calls, handoff = [], None
    for i, tool in enumerate(extract_tools_called_from_trace(trace)):
        args = tool.arguments if isinstance(tool.arguments, dict) else {}
        error = str(tool.exception) if tool.exception is not None else None
        calls.append(ToolCall(id=f"t{i}", name=tool.name, arguments=args, result=tool.outputs,
                              error=error))
        if tool.name in ("transfer_to_human", "consult_human") and handoff is None:
            kind = HandoffKind.TRANSFER if tool.name == "transfer_to_human" else HandoffKind.CONSULT
            handoff = Handoff(kind=kind, reason=str(args.get("reason", args.get("question", ""))),
                              summary=str(args.get("summary", "")))
    return Turn(index=index, speaker=Speaker.AGENT, text=text, tool_calls=calls, handoff=handoff)


def session_to_transcript(session: list[Trace]) -> Transcript:
    """One customer turn (the trace's input) and one agent turn (its output) per trace."""
    from mlflow.genai.utils.trace_utils import (
        extract_inputs_from_trace,
        extract_outputs_from_trace,
        parse_inputs_to_str,
        parse_outputs_to_str,
    )

    turns: list[Turn] = []
    for trace in sorted(session, key=lambda t: t.info.timestamp_ms):
        root = next((s for s in trace.data.spans if s.parent_id is None), None)
        inputs, outputs = extract_inputs_from_trace(trace), extract_outputs_from_trace(trace)
        if inputs and (text := parse_inputs_to_str(inputs)).strip():
            turns.append(_customer_turn(len(turns), text, root))
        if outputs and (text := parse_outputs_to_str(outputs)).strip():
            turns.append(_agent_turn(len(turns), text, trace))
    return Transcript(turns=turns)


def feedbacks(name: str, session: list[Trace], expectations: dict[str, Any] | None) -> list[Feedback]:
    """Run one golive evaluator over a session; one Feedback per score."""
    from mlflow.entities import AssessmentSource, AssessmentSourceType, Feedback

    episode = Episode(session_to_transcript(session), scenario_from_expectations(expectations),
                      Termination.MAX_TURNS)
    result = evaluate_episode(episode, [name])
    rationale = "; ".join(
        f"[{f.severity.value}] {f.rule_id} at turn {f.turn}: {f.explanation} ({f.evidence[:80]!r})"
        for f in result.findings
    ) or "no findings"
    if name == "accuracy":
        from golive.evaluators.accuracy import match_facts

        said = [f"{m.fact.id} at turn {m.turn}" for m in match_facts(episode) if m.turn is not None]
        rationale += f"; conveyed: {', '.join(said) or 'none'}"
    source = AssessmentSource(source_type=AssessmentSourceType.CODE, source_id=f"golive.{name}")
    return [Feedback(name=metric, value=value, rationale=rationale, source=source)
            for metric, value in sorted(result.scores.items())]


def make_scorer(name: str) -> Scorer:
    """The golive evaluator ``name`` as a session-level MLflow scorer."""
    from mlflow.genai.scorers import scorer

    EVALUATOR.get(name)  # an unknown name fails here, listing the valid ones

    def score(session: list[Trace], expectations: dict[str, Any] | None = None) -> list[Feedback]:
        return feedbacks(name, session, expectations)

    return scorer(score, name=f"golive.{name}",
                  description=f"golive's {name} evaluator over a whole conversation.")


def golive_scorers() -> list[Scorer]:
    """Every golive evaluator as an MLflow scorer, for ``mlflow.genai.evaluate(scorers=...)``."""
    return [make_scorer(name) for name in EVALUATOR.names()]
