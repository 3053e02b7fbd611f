"""Transcripts to MLflow traces, written after the run by one writer.

As MLflow's own conversation simulator does, each agent turn is one trace, and every trace
of an episode carries ``mlflow.trace.session = episode_id``, so the MLflow UI's session
view shows the conversation. A trace holds a span for the customer turn(s) before the
reply, one for the agent's reply and one per tool call it made, with start and end times
rebuilt from ``timings.jsonl``. Episode-level assessments (scores, pass, handoff outcome)
go on the session's first trace with the session id in their metadata, where MLflow's
session scorers put theirs; a finding goes on the trace of the turn it quotes.

Example:
    >>> from golive.results.models import Transcript
    >>> [len(g) for g in group_turns(Transcript().turns)]
    []
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from golive._redact import redact
from golive.results.models import EpisodeResult, Speaker, Timing, Turn
from golive.tracking.sessions import SESSION_KEY, session_traces

SOURCE_RUN_KEY = "mlflow.sourceRun"
FLUSH_EVERY = 100  # traces (about 4 spans each) between waits for the export queue
_CUSTOMER_FALLBACK_S = 0.001  # a customer turn with no recorded latency still gets a width


def group_turns(turns: Sequence[Turn]) -> list[list[Turn]]:
    """Customer turns up to and including the next agent reply; a trailing rest stays alone."""
    groups: list[list[Turn]] = []
    current: list[Turn] = []
    for turn in turns:
        current.append(turn)
        if turn.speaker is Speaker.AGENT:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


@dataclass
class _Clock:
    """Start and end times for each turn, in ns, from the episode's timing."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, turns: Sequence[Turn], timing: Timing | None) -> _Clock:
        start = int((timing.started_at if timing else 0.0) * 1e9)
        latencies = list(timing.turn_latency_s) if timing else []
        starts, ends = [], []
        for turn in turns:
            seconds = latencies[turn.index] if turn.index < len(latencies) else _CUSTOMER_FALLBACK_S
            starts.append(start)
            start += max(1, int(seconds * 1e9))
            ends.append(start)
        return cls(starts, ends)


class TraceWriter:
    """Writes the traces and assessments of finished episodes to one MLflow run."""

    def __init__(self, tracking_uri: str, experiment_id: str, run_id: str) -> None:
        import mlflow

        # Traces export through MLflow's global provider: point it at this run's store.
        mlflow.set_tracking_uri(tracking_uri)
        self.tracking_uri = tracking_uri
        self.experiment_id = experiment_id
        self.run_id = run_id

    def write(self, results: Sequence[EpisodeResult], timings: Mapping[str, Any]) -> int:
        """Log every episode's traces, then its assessments; returns how many traces."""
        import mlflow
        from mlflow.tracking import MlflowClient


        # A resumed run may already hold some episodes' traces: never log a session twice.
        done = session_traces(MlflowClient(tracking_uri=self.tracking_uri), self.experiment_id, self.run_id)
        pending: list[tuple[EpisodeResult, list[str]]] = []
        written = 0
        for result in results:
            if result.episode_id in done:
                continue
            ids = self._episode(result, timings.get(result.episode_id))
            pending.append((result, ids))
            written += len(ids)
            if written >= FLUSH_EVERY:  # MLflow drops exports once its queue (1,000) is full
                mlflow.flush_trace_async_logging()
                written = 0
        mlflow.flush_trace_async_logging()  # assessments need the traces stored first
        for result, trace_ids in pending:
            self._assess(result, trace_ids)
        return sum(len(ids) for _, ids in pending)

    def _episode(self, result: EpisodeResult, timing: Timing | None) -> list[str]:
        turns = result.transcript.turns
        clock = _Clock.of(turns, timing)
        groups = group_turns(turns) or [[]]
        ids = []
        for number, group in enumerate(groups):
            ids.append(self._trace(result, group, number, clock))
        return ids

    def _trace(self, result: EpisodeResult, group: list[Turn], number: int, clock: _Clock) -> str:
        import mlflow

        first = group[0].index if group else 0
        start = clock.starts[first] if group else int(1e9)
        end = clock.ends[group[-1].index] if group else start + 1
        reply = next((t for t in group if t.speaker is Speaker.AGENT), None)
        root = mlflow.start_span_no_context(
            name=f"turn {number}",
            span_type="AGENT",
            inputs={"messages": _history(result.transcript.turns, first, group)},
            attributes={"golive.scenario": result.scenario_id, "golive.persona": result.persona_id},
            tags={"golive.episode": result.episode_id, "golive.scenario": result.scenario_id,
                  "golive.persona": result.persona_id},
            metadata={SESSION_KEY: result.episode_id, SOURCE_RUN_KEY: self.run_id,
                      "golive.turn": str(number)},
            experiment_id=self.experiment_id,
            start_time_ns=start,
        )
        for turn in group:
            self._turn_span(root, turn, clock)
        status = "ERROR" if result.error is not None and number == 0 and not group else "OK"
        outputs = {"content": redact(reply.text)} if reply else None
        root.set_outputs(outputs)
        root.end(status=status, end_time_ns=end)
        return str(root.trace_id)

    def _turn_span(self, root: Any, turn: Turn, clock: _Clock) -> None:
        import mlflow

        start, end = clock.starts[turn.index], clock.ends[turn.index]
        customer = turn.speaker is Speaker.CUSTOMER
        attributes: dict[str, Any] = {"golive.turn_index": turn.index}
        if turn.emotion is not None:
            attributes["golive.emotion"] = turn.emotion.label.value
            attributes["golive.intensity"] = turn.emotion.intensity
        if turn.events:
            attributes["golive.events"] = [e.kind.value for e in turn.events]
        if turn.handoff is not None:
            attributes["golive.handoff"] = turn.handoff.kind.value
        span = mlflow.start_span_no_context(
            name="customer" if customer else "agent",
            span_type="UNKNOWN" if customer else "CHAT_MODEL",
            parent_span=root,
            inputs=None if customer else {"tools": len(turn.tool_calls)},
            attributes=attributes,
            start_time_ns=start,
        )
        for call in turn.tool_calls:
            tool = mlflow.start_span_no_context(
                name=call.name, span_type="TOOL", parent_span=span,
                inputs=call.arguments, start_time_ns=start,
            )
            tool.set_outputs(call.result if call.error is None else {"error": call.error})
            tool.end(status="OK" if call.error is None else "ERROR", end_time_ns=end)
        span.set_outputs({"content": redact(turn.text)})
        span.end(end_time_ns=end)

    def _assess(self, result: EpisodeResult, trace_ids: list[str]) -> None:
        import mlflow
        from mlflow.entities import AssessmentSource

        session = {SESSION_KEY: result.episode_id}
        source = AssessmentSource(source_type="CODE", source_id="golive")
        first = trace_ids[0]
        mlflow.log_feedback(trace_id=first, name="golive.passed", value=result.passed,
                            source=source, metadata=session)
        if "accuracy.score" in result.scores:
            mlflow.log_feedback(trace_id=first, name="accuracy.score", source=source,
                                value=result.scores["accuracy.score"], metadata=session)
        if result.scores:  # the rest in one assessment: each is a store write
            mlflow.log_feedback(trace_id=first, name="golive.scores", value=dict(result.scores),
                                source=source, metadata=session)
        if result.handoff_outcome is not None:
            mlflow.log_feedback(trace_id=first, name="handoff.outcome",
                                value=result.handoff_outcome.value, source=source, metadata=session)
        owner = _trace_of_turn(result, trace_ids)
        for finding in result.findings:
            target = owner.get(finding.turn, first) if finding.turn is not None else first
            mlflow.log_feedback(
                trace_id=target, name=f"finding.{finding.rule_id}", value=finding.severity.value,
                source=AssessmentSource(source_type="CODE", source_id=f"golive.{finding.evaluator}"),
                rationale=f"{finding.explanation} Evidence: {finding.evidence}",
                metadata={**session, "turn": finding.turn},
            )


def _trace_of_turn(result: EpisodeResult, trace_ids: list[str]) -> dict[int, str]:
    owner: dict[int, str] = {}
    for trace_id, group in zip(trace_ids, group_turns(result.transcript.turns), strict=False):
        for turn in group:
            owner[turn.index] = trace_id
    return owner


def _history(turns: Sequence[Turn], first: int, group: list[Turn]) -> list[dict[str, str]]:
    """The conversation the agent saw, in OpenAI roles, up to this trace's reply."""
    last = group[-1].index if group else first
    seen = [t for t in turns if t.index < last or (t.index == last and t.speaker is Speaker.CUSTOMER)]
    return [
        {"role": "user" if t.speaker is Speaker.CUSTOMER else "assistant", "content": redact(t.text)}
        for t in seen
    ]
