"""golive's evaluators as MLflow session scorers, on real traces in a local SQLite store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from golive.errors import InputError
from golive.evaluators.mlflow_scorers import make_scorer, scenario_from_expectations


@pytest.fixture
def local_mlflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Point MLflow at a temporary store for one test, then put the old one back."""
    import mlflow

    monkeypatch.chdir(tmp_path)  # trace artifacts land in ./mlruns beside the SQLite store
    previous = mlflow.get_tracking_uri()
    yield
    mlflow.set_tracking_uri(previous)


def _log_session(tmp: Path, turns: list[tuple[str, str, dict[str, Any] | None]]) -> list[Any]:
    import mlflow
    from mlflow.entities import SpanType

    mlflow.set_tracking_uri(f"sqlite:///{tmp / 'mlflow.db'}")
    mlflow.set_experiment("scorers")
    ids = []
    for said, reply, tool in turns:
        with mlflow.start_span(name="agent_turn") as span:
            span.set_inputs({"messages": [{"role": "user", "content": said}]})
            if tool is not None:
                with mlflow.start_span(name=tool["name"], span_type=SpanType.TOOL) as t:
                    t.set_inputs(tool["arguments"])
                    t.set_outputs({"status": "ok"})
            span.set_outputs({"choices": [{"message": {"role": "assistant", "content": reply}}]})
            mlflow.update_current_trace(session_id="episode-1")
        ids.append(span.trace_id)
    mlflow.flush_trace_async_logging()
    return [mlflow.get_trace(i) for i in ids]


@pytest.mark.slow
@pytest.mark.usefixtures("local_mlflow")
def test_session_scorers_on_real_traces(tmp_path: Path) -> None:
    transfer = {"name": "transfer_to_human",
                "arguments": {"reason": "asked", "summary": "A1002 charged twice; asked for card"}}
    session = _log_session(tmp_path, [
        ("I was charged twice for A1002", "Good news, I've issued a full refund.", None),
        ("Get me a real person", "What's your order number?", None),
        ("A PERSON please", "Transferring you now.", transfer),
    ])
    expectations = {"facts": [{"id": "sorry", "any_of": ["sorry"]}],
                    "policy": {"refunds_allowed": False}, "handoff": {"expect": "required"}}
    guard = make_scorer("guardrails")(session=session, expectations=expectations)
    by_name = {f.name: f for f in guard}
    assert by_name["guardrails.critical"].value == 1.0
    assert "commitment.unauthorised_refund at turn 1" in by_name["guardrails.critical"].rationale
    handoff = {f.name: f for f in make_scorer("handoff")(session=session, expectations=expectations)}
    assert handoff["handoff.missed_on_request"].value == 1.0  # asked at turn 2, moved at turn 5
    assert handoff["handoff.transferred"].value == 1.0
    accuracy = {f.name: f for f in make_scorer("accuracy")(session=session, expectations=expectations)}
    assert accuracy["accuracy.facts_recall"].value == 0.0
    assert "accuracy.fact_missing.sorry" in accuracy["accuracy.score"].rationale
    assert "conveyed: none" in accuracy["accuracy.score"].rationale


def test_unknown_evaluator_and_whole_scenario_expectations() -> None:
    with pytest.raises(InputError) as caught:
        make_scorer("tone")
    assert str(caught.value) == ("evaluators: unknown evaluator 'tone'\n"
                                 "  hint: registered evaluators: accuracy, contact_centre, experience, guardrails, handoff")
    s = scenario_from_expectations({"golive_scenario": {
        "id": "x", "title": "t", "customer": {"goal": "g", "opening": "o"}}})
    assert s.id == "x"
