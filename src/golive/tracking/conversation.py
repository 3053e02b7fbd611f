"""One episode as MLflow trace entities: what the MLflow UI shows of a conversation.

Pure (no store call): ``episode_traces`` turns a finished episode and its wall-clock timing
into MLflow's own ``Span`` and ``TraceInfo`` entities; ``traces.TraceWriter`` sends them to
the store in batches. As MLflow's conversation simulator does, each agent reply is one
trace, and every trace of an episode shares the session ``episode_id``.

What each trace says, and why:

- **Turn numbers are the transcript's.** A trace is named ``turn N`` where N is the index
  of the agent reply it holds (the index golive's findings quote); its root span is the
  reply, ``agent · turn N``, with ``customer · turn k`` spans (and the reply's tool calls)
  beneath it, and ``golive.turns`` lists every index it covers.
- **Times are the run's.** Starts and ends come from ``timings.jsonl``: the episode's start
  plus each turn's measured latency, so a trace lasts as long as its turns took; the
  customer's spans and the tool calls are as long as their own turn, and the reply's own
  latency is the root's ``golive.reply_ms``.
- **Status tells the verdict.** In a failed episode, the trace holding a failing finding
  (critical or major) ends ERROR with that finding as its message; a failure no turn owns
  (agent error, accuracy, handoff outcome) marks the last trace. Passed episodes stay OK.
- **Inputs and outputs are chat messages.** The root (the agent's reply) takes the
  conversation so far as OpenAI ``messages`` and give an OpenAI chat completion, the
  formats MLflow renders as a chat and previews in its trace list.
- **Assessments are golive's metrics.** The session's first trace carries one feedback per
  metric of ``ASSESSED`` with this episode's value (``reliability.pass_rate`` is the pass
  verdict, so MLflow's mean over a session list is the run's pass rate), the handoff outcome,
  and one ``finding.<rule>`` per finding; findings also appear as events on the span of
  their turn. Every other metric stays in the run's metrics and ``results.jsonl``.

Example:
    >>> from golive.results.models import Transcript
    >>> [len(g) for g in group_turns(Transcript().turns)]
    []
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from golive._redact import redact, redact_json
from golive.results.metrics import episode_sums, metrics_from_sums
from golive.results.models import EpisodeResult, Finding, Severity, Speaker, Timing, Turn
from golive.tracking.sessions import LOGGED_TAG, SESSION_KEY

SOURCE_RUN_KEY = "mlflow.sourceRun"
PREVIEW_CHARS = 1000  # MLflow's own preview length for OSS stores
_CUSTOMER_FALLBACK_S = 0.001  # a turn with no recorded latency still gets a width
#: The metrics assessed on every episode: the summary's headline metrics (reports/markdown.py)
#: that one episode defines and whose mean over episodes is the run's value, so MLflow's mean
#: over a list of sessions says what the summary says. Left out: pass^k and the handoff
#: recall/precision/F1 (ratios over the run: a mean of per-episode recalls is not the run's
#: recall; ``handoff.outcome`` says it per episode), the simulator's error rate (not the
#: agent's). Each assessment costs MLflow's store a row and ~500 Python calls (~0.4 ms):
#: every catalogue metric on every episode was ~30 of them, half the cost of ``start_trace``
#: (benchmarks/mlflow.md). Every metric stays in the run's metrics and ``results.jsonl``.
ASSESSED = (
    "reliability.pass_rate",
    "accuracy.score",
    "guardrails.critical",
    "guardrails.major",
    "handoff.missed_on_request_rate",
    "experience.goal_rate",
    "experience.mean_final_intensity",
    "errors.agent_rate",
)


def group_turns(turns: Sequence[Turn]) -> list[list[Turn]]:
    """Customer turns up to and including the next agent reply: one group per trace.

    The customer's last words after the last reply (goal met, gave up) join the last
    group, as a span after the reply: a trace with no reply would show no answer, and
    each trace costs the store as much as its spans together.

    Example:
        >>> from golive.results.models import Speaker, Turn
        >>> t = [Turn(index=i, speaker=s, text="x") for i, s in
        ...      enumerate([Speaker.CUSTOMER, Speaker.AGENT, Speaker.CUSTOMER])]
        >>> [[x.index for x in g] for g in group_turns(t)]
        [[0, 1, 2]]
    """
    groups: list[list[Turn]] = []
    current: list[Turn] = []
    for turn in turns:
        current.append(turn)
        if turn.speaker is Speaker.AGENT:
            groups.append(current)
            current = []
    if current and groups:
        groups[-1].extend(current)
    elif current:  # no reply at all (the agent failed at once)
        groups.append(current)
    return groups


def turn_number(group: Sequence[Turn]) -> int:
    """The transcript index a trace is named after: its agent reply, else its last turn."""
    reply = next((t for t in group if t.speaker is Speaker.AGENT), None)
    return reply.index if reply is not None else (group[-1].index if group else 0)


def failing(finding: Finding) -> bool:
    """Whether a finding fails its episode (critical or major, and confirmed)."""
    return finding.severity in (
        Severity.CRITICAL,
        Severity.MAJOR,
    ) and not finding.evaluator.endswith(".inconclusive")


def finding_message(finding: Finding) -> str:
    """A failing finding as a trace's status message.

    Example:
        >>> from golive.results.models import Finding, Severity
        >>> finding_message(Finding(evaluator="g", rule_id="claims.refund", turn=3,
        ...     severity=Severity.CRITICAL, evidence="refunded", explanation="No refund tool ran."))
        'claims.refund (critical, turn 3): No refund tool ran. Evidence: refunded'
    """
    where = f", turn {finding.turn}" if finding.turn is not None else ""
    return redact(
        f"{finding.rule_id} ({finding.severity.value}{where}): {finding.explanation} "
        f"Evidence: {finding.evidence}"
    )


def _worst_first(findings: Sequence[Finding]) -> list[Finding]:
    order = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}
    return sorted(findings, key=lambda f: order[f.severity])  # stable: same severity keeps order


def failure_reason(result: EpisodeResult) -> str:
    """Why a failed episode failed when no turn owns the failure (first reason found)."""
    if result.error is not None:
        return redact(f"{result.error.source} {result.error.kind}: {result.error.message}")
    serious = [f for f in _worst_first(result.findings) if failing(f)]
    if serious:
        return finding_message(serious[0])
    outcome = result.handoff_outcome
    if outcome is not None and outcome.value not in ("on_time", "correctly_none"):
        return f"handoff {outcome.value}"
    if "accuracy.score" in result.scores:
        return f"accuracy failed (score {result.scores['accuracy.score']:g})"
    return f"episode failed ({result.termination.value})"


@dataclass(frozen=True)
class EpisodeTraces:
    """An episode's traces: the first one's ``TraceInfo`` (assessments included) and every span."""

    episode_id: str
    trace_ids: list[str]
    first: Any  # mlflow.entities.TraceInfo
    spans: list[Any] = field(default_factory=list)  # mlflow.entities.Span, roots first per trace

    def first_spans(self) -> list[Any]:
        """The spans of the first trace (written last: their batch marks the episode logged)."""
        return [s for s in self.spans if s.trace_id == self.trace_ids[0]]

    def other_spans(self) -> list[Any]:
        """The spans of every trace but the first."""
        return [s for s in self.spans if s.trace_id != self.trace_ids[0]]


def turn_times(turns: Sequence[Turn], timing: Timing | None) -> tuple[list[int], list[int]]:
    """Start and end of each turn in ns since the epoch, from the episode's measured timing.

    Example:
        >>> from golive.results.models import Speaker, Timing, Turn
        >>> t = [Turn(index=0, speaker=Speaker.CUSTOMER, text="a"),
        ...      Turn(index=1, speaker=Speaker.AGENT, text="b")]
        >>> turn_times(t, Timing(episode_id="e", started_at=10.0, duration_s=1.0,
        ...                      turn_latency_s=[0.25, 0.5]))
        ([10000000000, 10250000000], [10250000000, 10750000000])
    """
    clock = int((timing.started_at if timing else 0.0) * 1e9)
    latencies = list(timing.turn_latency_s) if timing else []
    starts, ends = [], []
    for turn in turns:
        seconds = latencies[turn.index] if turn.index < len(latencies) else _CUSTOMER_FALLBACK_S
        starts.append(clock)
        clock += max(1, round(seconds * 1e9))
        ends.append(clock)
    return starts, ends


def episode_traces(
    result: EpisodeResult, timing: Timing | None, run_id: str, experiment_id: str
) -> EpisodeTraces:
    """The MLflow entities of one episode's traces (see the module docstring)."""
    return _Builder(result, timing, run_id, experiment_id).build()


def _id(*parts: str, size: int) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(digest[:size], "big") or 1  # 0 is OTel's invalid id


class _Builder:
    """Builds one episode's spans; ids derive from (run, episode, turn), so a rewrite
    after ``--resume`` lands on the same traces instead of adding new ones."""

    def __init__(
        self, result: EpisodeResult, timing: Timing | None, run_id: str, experiment_id: str
    ) -> None:
        from mlflow.tracing.utils import generate_mlflow_trace_id_from_otel_trace_id

        self.result, self.run_id, self.experiment_id = result, run_id, experiment_id
        self.turns = result.transcript.turns
        self.starts, self.ends = turn_times(self.turns, timing)
        self.groups = group_turns(self.turns) or [[]]
        self.numbers = [turn_number(g) for g in self.groups]
        self.otel_ids = [_id(run_id, result.episode_id, str(n), size=16) for n in self.numbers]
        self.trace_ids = [generate_mlflow_trace_id_from_otel_trace_id(i) for i in self.otel_ids]
        self.status = self._statuses()
        self._json: dict[int, tuple[Any, str]] = {}  # keeps each value alive: ids stay unique

    def _statuses(self) -> list[str | None]:
        """Per trace: None (OK) or the ERROR message (see the module docstring)."""
        status: list[str | None] = [None] * len(self.groups)
        if self.result.passed:
            return status
        owner = {t.index: k for k, g in enumerate(self.groups) for t in g}
        for finding in _worst_first(self.result.findings):
            if failing(finding) and finding.turn in owner and status[owner[finding.turn]] is None:
                status[owner[finding.turn]] = finding_message(finding)
        if all(s is None for s in status):
            status[-1] = failure_reason(self.result)
        return status

    def build(self) -> EpisodeTraces:
        spans: list[Any] = []
        for k, group in enumerate(self.groups):
            spans.extend(self._trace_spans(k, group))
        return EpisodeTraces(self.result.episode_id, self.trace_ids, self._first_info(), spans)

    # --- spans ---------------------------------------------------------------------------
    def _trace_spans(self, k: int, group: list[Turn]) -> list[Any]:
        """One trace's spans, root first: the agent's reply is the root (a ``CHAT_MODEL``
        span whose inputs are the conversation so far), its customer turns and tool calls
        beneath. One span fewer per trace than a wrapper root over the reply, and the
        conversation stored once instead of twice: each span is a row MLflow encodes."""
        number, result = self.numbers[k], self.result
        root_id = _id(self.trace_ids[k], "root", size=8)
        start = self.starts[group[0].index] if group else 0
        end = self.ends[group[-1].index] if group else 1
        history = _messages(
            [
                t
                for t in self.turns
                if t.index < number or (t.index == number and t.speaker is Speaker.CUSTOMER)
            ]
        )
        reply = next((t for t in group if t.speaker is Speaker.AGENT), None)
        # Few tags on these traces: MLflow writes each span-borne tag with a read and an
        # insert (a third of the store's time); the turn and run details sit in attributes.
        tags = {"mlflow.traceName": f"turn {number}"}
        if k == 0:  # written last for the episode: its arrival says the episode is complete
            tags[LOGGED_TAG] = "1"
        attributes: dict[str, Any] = {
            "session.id": result.episode_id,
            "golive.episode": result.episode_id,
            "golive.scenario": result.scenario_id,
            "golive.persona": result.persona_id,
            "golive.turn": number,
            "golive.turns": [t.index for t in group],
            **{f"mlflow.traceTag.{key}": value for key, value in tags.items()},
        }
        message = self.status[k]
        spans: list[Any] = []
        if reply is None:  # the agent never answered: the customer's words under a bare root
            spans.append(
                self._span(
                    k,
                    root_id,
                    None,
                    f"turn {number}",
                    "AGENT",
                    start,
                    end,
                    {"messages": history},
                    None,
                    attributes,
                    message,
                )
            )
        else:
            own = [f for f in result.findings if f.turn == reply.index]
            error = message or next(
                (finding_message(f) for f in _worst_first(own) if failing(f)), None
            )
            spans.extend(
                self._agent_spans(
                    k, root_id, reply, {"messages": history}, attributes, error, (start, end)
                )
            )
        for turn in group:
            if turn is not reply:
                spans.append(self._customer_span(k, root_id, turn))
        return spans

    def _customer_span(self, k: int, root_id: int, turn: Turn) -> Any:
        start, end = self.starts[turn.index], self.ends[turn.index]
        own = [f for f in self.result.findings if f.turn == turn.index]
        error = next((finding_message(f) for f in _worst_first(own) if failing(f)), None)
        attributes: dict[str, Any] = {"golive.turn": turn.index}
        if turn.emotion is not None:
            attributes["golive.emotion"] = turn.emotion.label.value
            attributes["golive.intensity"] = turn.emotion.intensity
        if turn.events:
            attributes["golive.events"] = [e.kind.value for e in turn.events]
        return self._span(
            k,
            _id(self.trace_ids[k], "turn", str(turn.index), size=8),
            root_id,
            f"customer · turn {turn.index}",
            "UNKNOWN",
            start,
            end,
            None,
            {"role": "user", "content": turn.text},
            attributes,
            error,
            [_finding_event(f, end) for f in own],
        )

    def _agent_spans(
        self,
        k: int,
        root_id: int,
        turn: Turn,
        inputs: Any,
        attributes: dict[str, Any],
        error: str | None,
        bounds: tuple[int, int],
    ) -> list[Any]:
        """The reply (the trace's root, as long as the trace's turns) and its tool calls
        beneath it (as long as the reply took)."""
        start, end = self.starts[turn.index], self.ends[turn.index]
        own = [f for f in self.result.findings if f.turn == turn.index]
        attributes = {
            **attributes,
            _key("MESSAGE_FORMAT"): "openai",
            "golive.reply_ms": round((end - start) / 1e6, 3),
        }
        if turn.tokens.prompt or turn.tokens.completion:
            attributes[_key("CHAT_USAGE")] = {
                "input_tokens": turn.tokens.prompt,
                "output_tokens": turn.tokens.completion,
                "total_tokens": turn.tokens.prompt + turn.tokens.completion,
            }
        if turn.handoff is not None:
            attributes["golive.handoff"] = turn.handoff.kind.value
        spans = [
            self._span(
                k,
                root_id,
                None,
                f"agent · turn {turn.index}",
                "CHAT_MODEL",
                *bounds,
                inputs,
                _completion(turn),
                attributes,
                error,
                [_finding_event(f, end) for f in own],
            )
        ]
        for n, call in enumerate(turn.tool_calls):
            spans.append(
                self._span(
                    k,
                    _id(str(root_id), "tool", str(n), size=8),
                    root_id,
                    call.name,
                    "TOOL",
                    start,
                    end,
                    call.arguments,
                    call.result if call.error is None else {"error": call.error},
                    {"golive.turn": turn.index},
                    None if call.error is None else redact(call.error),
                )
            )
        return spans

    def _span(
        self,
        k: int,
        span_id: int,
        parent: int | None,
        name: str,
        span_type: str,
        start: int,
        end: int,
        inputs: Any,
        outputs: Any,
        attributes: dict[str, Any],
        error: str | None,
        events: list[tuple[str, int, dict[str, Any]]] | None = None,
    ) -> Any:
        from mlflow.entities import Span, SpanStatus, SpanStatusCode
        from mlflow.tracing.utils import build_otel_context
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import Event, ReadableSpan

        # MLflow stores every span attribute as JSON text (its own spans do the same); the
        # texts pass the redaction layer once, as the JSON they are stored as.
        values = {_key("REQUEST_ID"): self.trace_ids[k], _key("SPAN_TYPE"): span_type, **attributes}
        encoded = {key: json.dumps(value, default=str) for key, value in values.items()}
        if inputs is not None:
            encoded[_key("INPUTS")] = self._encoded(inputs)
        if outputs is not None:
            encoded[_key("OUTPUTS")] = self._encoded(outputs)
        otel_id = self.otel_ids[k]
        status = (
            SpanStatus(SpanStatusCode.OK)
            if error is None
            else SpanStatus(SpanStatusCode.ERROR, error)
        )
        otel = ReadableSpan(
            name=name,
            context=build_otel_context(otel_id, span_id),
            parent=build_otel_context(otel_id, parent) if parent is not None else None,
            start_time=start,
            end_time=max(end, start + 1),
            attributes=encoded,
            status=status.to_otel_status(),
            resource=Resource.get_empty(),
            events=[Event(n, a, timestamp=t) for n, t, a in events or []],
        )
        return Span(otel)

    def _encoded(self, value: Any) -> str:
        """``value`` as redacted JSON, once per object (the root and agent spans share theirs)."""
        key = id(value)
        if key not in self._json:
            self._json[key] = (value, redact_json(json.dumps(value, default=str)))
        return self._json[key][1]

    # --- the first trace's info: metadata, tags and assessments --------------------------
    def _first_info(self) -> Any:
        from mlflow.entities import TraceInfo, TraceLocation, TraceState

        group, result = self.groups[0], self.result
        start = self.starts[group[0].index] if group else 0
        end = self.ends[group[-1].index] if group else 1
        asked = [t for t in group if t.speaker is Speaker.CUSTOMER and t.index < self.numbers[0]]
        customer = asked[-1].text if asked else ""
        reply = next((t.text for t in group if t.speaker is Speaker.AGENT), None)
        number = self.numbers[0]
        return TraceInfo(
            trace_id=self.trace_ids[0],
            trace_location=TraceLocation.from_experiment_id(self.experiment_id),
            request_time=start // 1_000_000,
            execution_duration=(end - start) // 1_000_000,
            state=TraceState.OK if self.status[0] is None else TraceState.ERROR,
            request_preview=redact(customer)[:PREVIEW_CHARS],
            response_preview=None if reply is None else redact(reply)[:PREVIEW_CHARS],
            trace_metadata={
                SESSION_KEY: result.episode_id,
                SOURCE_RUN_KEY: self.run_id,
                "golive.turn": str(number),
            },
            tags={
                "golive.episode": result.episode_id,
                "golive.scenario": result.scenario_id,
                "golive.persona": result.persona_id,
                "mlflow.traceName": f"turn {number}",
            },
            assessments=self._assessments(),
        )

    def _assessments(self) -> list[Any]:
        from mlflow.entities import AssessmentSource, Feedback

        result, trace_id = self.result, self.trace_ids[0]
        session = {SESSION_KEY: result.episode_id}
        source = AssessmentSource(source_type="CODE", source_id="golive")
        values = metrics_from_sums(episode_sums(result))
        out = [
            Feedback(
                name="reliability.pass_rate",
                value=result.passed,
                source=source,
                trace_id=trace_id,
                metadata=session,
                rationale=None if result.passed else failure_reason(result),
            )
        ]
        for name, value in sorted(values.items()):
            if name != "reliability.pass_rate" and name in ASSESSED:
                out.append(
                    Feedback(
                        name=name, value=value, source=source, trace_id=trace_id, metadata=session
                    )
                )
        if result.handoff_outcome is not None:
            out.append(
                Feedback(
                    name="handoff.outcome",
                    value=result.handoff_outcome.value,
                    source=source,
                    trace_id=trace_id,
                    metadata=session,
                )
            )
        for finding in result.findings:
            out.append(
                Feedback(
                    name=f"finding.{finding.rule_id}",
                    value=finding.severity.value,
                    trace_id=trace_id,
                    source=AssessmentSource(
                        source_type="CODE", source_id=f"golive.{finding.evaluator}"
                    ),
                    rationale=redact(f"{finding.explanation} Evidence: {finding.evidence}"),
                    metadata={**session, "turn": "" if finding.turn is None else str(finding.turn)},
                )
            )
        return out


def _key(name: str) -> str:
    from mlflow.tracing.constant import SpanAttributeKey

    return str(getattr(SpanAttributeKey, name))


def _finding_event(finding: Finding, at: int) -> tuple[str, int, dict[str, Any]]:
    return (
        f"finding.{finding.rule_id}",
        at,
        {
            "severity": finding.severity.value,
            "turn": -1 if finding.turn is None else finding.turn,
            "explanation": redact(finding.explanation),
            "evidence": redact(finding.evidence),
        },
    )


def _messages(turns: Sequence[Turn]) -> list[dict[str, Any]]:
    """The conversation as OpenAI messages: tool calls and their results included."""
    out: list[dict[str, Any]] = []
    for turn in turns:
        if turn.speaker is Speaker.CUSTOMER:
            out.append({"role": "user", "content": turn.text})
            continue
        if turn.tool_calls:
            out.append(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": c.id,
                            "type": "function",
                            "function": {
                                "name": c.name,
                                "arguments": json.dumps(c.arguments, sort_keys=True),
                            },
                        }
                        for c in turn.tool_calls
                    ],
                }
            )
            out.extend(
                {
                    "role": "tool",
                    "tool_call_id": c.id,
                    "content": json.dumps(
                        c.result if c.error is None else {"error": c.error}, default=str
                    ),
                }
                for c in turn.tool_calls
            )
        out.append({"role": "assistant", "content": turn.text})
    return out


def _completion(turn: Turn) -> dict[str, Any]:
    """An agent reply as an OpenAI chat completion (what MLflow renders as the answer)."""
    message: dict[str, Any] = {"role": "assistant", "content": turn.text}
    finish = "stop"
    if turn.handoff is not None:
        message["golive_handoff"] = turn.handoff.kind.value
    return {
        "object": "chat.completion",
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {
            "prompt_tokens": turn.tokens.prompt,
            "completion_tokens": turn.tokens.completion,
            "total_tokens": turn.tokens.prompt + turn.tokens.completion,
        },
    }
