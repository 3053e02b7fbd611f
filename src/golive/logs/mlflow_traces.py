"""Conversations from MLflow traces: an experiment, or some of its sessions, in a store.

Source form: ``mlflow:EXPERIMENT[@TRACKING_URI][#SESSION,SESSION...]`` (EXPERIMENT: a name
or an id; without ``@``: ``MLFLOW_TRACKING_URI`` or ``sqlite:///mlflow.db`` here). Traces
sharing ``mlflow.trace.session`` are one conversation (MLflow's session view; golive's own
traces carry it); a trace without one is a conversation of its own. Each trace's root span
gives the messages it was asked (``{"messages": [...]}``, or a plain question) and its reply;
its ``TOOL`` spans become the reply's tool calls, with their results.

Example:
    >>> parse_source("mlflow:support-bot@sqlite:///m.db#s1,s2")
    ('support-bot', 'sqlite:///m.db', ('s1', 's2'))
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from golive.errors import InputError
from golive.logs.base import LOG_READER, LoggedConversation, LoggedMessage, LoggedToolCall
from golive.logs.openai import content_text

SESSION_KEY = "mlflow.trace.session"
PREFIX = "mlflow:"
FORM = "mlflow:EXPERIMENT[@TRACKING_URI][#SESSION,SESSION...]"


def parse_source(source: str) -> tuple[str, str, tuple[str, ...]]:
    """Experiment, tracking URI and session ids (empty: all) from a source string."""
    rest = source[len(PREFIX) :]
    rest, _, sessions = rest.partition("#")
    experiment, _, uri = rest.partition("@")
    if not experiment:
        raise InputError(f"no experiment in {source!r}", field="LOGS", hint=f"write {FORM}")
    uri = uri or os.environ.get("MLFLOW_TRACKING_URI") or f"sqlite:///{Path.cwd() / 'mlflow.db'}"
    return experiment, uri, tuple(s for s in sessions.split(",") if s)


@LOG_READER.register
class MlflowTraceReader:
    """MLflow traces grouped into conversations by session."""

    name = "mlflow"

    def sniff(self, source: str, head: str) -> bool:
        """Sources written ``mlflow:...``."""
        return source.startswith(PREFIX)

    def read(self, source: str) -> Iterator[LoggedConversation]:
        """Every session's conversation, ordered by its first trace's time."""
        from mlflow.tracking import MlflowClient

        experiment, uri, wanted = parse_source(source)
        client = MlflowClient(tracking_uri=uri)
        found = client.get_experiment_by_name(experiment)
        if found is None and experiment.isdigit():
            found = client.get_experiment(experiment)
        if found is None:
            names = ", ".join(sorted(e.name for e in client.search_experiments())) or "(none)"
            raise InputError(
                f"no MLflow experiment {experiment!r} in {uri}",
                field="LOGS",
                hint=f"experiments there: {names}; write {FORM}",
            )
        sessions: dict[str, list[Any]] = {}
        for trace in _traces(client, str(found.experiment_id)):
            key = trace.info.trace_metadata.get(SESSION_KEY) or trace.info.trace_id
            if not wanted or key in wanted:
                sessions.setdefault(key, []).append(trace)
        missing = [s for s in wanted if s not in sessions]
        if missing:
            raise InputError(
                f"no traces of session {missing[0]!r} in experiment {experiment!r}",
                field="LOGS",
                hint=f"session ids are the traces' {SESSION_KEY} metadata (a golive episode id)",
            )
        order = sorted(sessions, key=lambda k: (min(t.info.request_time for t in sessions[k]), k))
        for key in order:
            traces = sorted(sessions[key], key=lambda t: (t.info.request_time, t.info.trace_id))
            yield LoggedConversation(
                key,
                _conversation(traces),
                self.name,
                f"{uri}#{experiment}/{key}",
                {"traces": len(traces)},
            )


def _traces(client: Any, experiment_id: str) -> Iterator[Any]:
    token = None
    while True:
        page = client.search_traces(
            locations=[experiment_id], include_spans=True, max_results=500, page_token=token
        )
        yield from page
        token = page.token
        if not token:
            return


def _conversation(traces: list[Any]) -> tuple[LoggedMessage, ...]:
    messages: list[LoggedMessage] = []
    for trace in traces:
        spans = trace.data.spans
        root = next((s for s in spans if s.parent_id is None), None)
        if root is None:
            continue
        asked = _asked(root.inputs)
        said = [(m.role, m.text) for m in messages]
        if [(m.role, m.text) for m in asked[: len(said)]] == said:
            asked = asked[len(said) :]  # the trace repeats the history: keep only what is new
        messages.extend(asked)
        tools = sorted((s for s in spans if s.span_type == "TOOL"), key=lambda s: s.start_time_ns)
        calls = tuple(
            LoggedToolCall(f"{s.span_id}", s.name, dict(s.inputs or {}), s.outputs) for s in tools
        )
        reply = _reply(root.outputs)
        if reply or calls:
            messages.append(
                LoggedMessage("assistant", reply, calls, timestamp=root.start_time_ns / 1e9)
            )
        messages.extend(_after_reply(spans))
    return tuple(messages)


def _after_reply(spans: list[Any]) -> list[LoggedMessage]:
    """The customer's words after the reply (golive puts its last ones in the last trace,
    as a ``{"role": "user"}`` span numbered after the agent's turn)."""
    def turn(span: Any) -> int:
        value = (span.attributes or {}).get("golive.turn")
        return value if isinstance(value, int) else -1

    replies = [turn(s) for s in spans if s.name.startswith("agent")]
    last = max(replies, default=-1)
    said = [s for s in spans if isinstance(s.outputs, dict) and s.outputs.get("role") == "user"
            and turn(s) > last >= 0]
    return [LoggedMessage("user", _text(s.outputs, ("content",)), timestamp=s.start_time_ns / 1e9)
            for s in sorted(said, key=turn)]


def _asked(inputs: Any) -> list[LoggedMessage]:
    if isinstance(inputs, dict) and isinstance(inputs.get("messages"), list):
        return [
            LoggedMessage(str(m.get("role", "user")), content_text(m.get("content"), "", None, ""))
            for m in inputs["messages"]
            if isinstance(m, dict) and m.get("role") != "system"
        ]
    text = _text(inputs, ("question", "query", "input", "prompt", "content"))
    return [LoggedMessage("user", text)] if text else []


def _reply(outputs: Any) -> str:
    if (
        isinstance(outputs, dict)
        and isinstance(outputs.get("choices"), list)
        and outputs["choices"]
    ):
        message = outputs["choices"][0].get("message", {})
        return content_text(message.get("content"), "", None, "")
    return _text(outputs, ("content", "output", "answer", "response", "text"))


def _text(value: Any, keys: tuple[str, ...]) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in keys:
            if isinstance(value.get(key), str):
                return str(value[key])
    return json.dumps(value, sort_keys=True)
