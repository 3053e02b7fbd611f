"""Traces read back from a real `mlflow server` tell what happened (issue 16).

A failing bot (acme_v1) and a passing one (acme_v2) over the same scenario, every episode
traced; each trace is checked against the run folder: status and its message, start and
duration from timings.jsonl, turn numbers equal to the findings', chat-shaped inputs and
outputs MLflow renders (and previews), and assessments named after golive's metrics.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from golive.reports.markdown import HEADLINE
from golive.results import RunFolder
from golive.results.metrics import CATALOGUE, episode_sums, metrics_from_sums
from golive.results.models import EpisodeResult, Speaker, Timing
from golive.tracking.conversation import (
    ASSESSED,
    failing,
    finding_message,
    group_turns,
    turn_number,
)
from golive.tracking.sessions import LOGGED_TAG, SESSION_KEY
from tests.conftest import run_cli

pytestmark = pytest.mark.slow


def _logged_run(server: str, cwd: Path, bot: str) -> dict[str, Any]:
    done = run_cli(
        [
            "run",
            "--agent",
            bot,
            "--scenario",
            "wants-a-person",
            "--persona",
            "*-a*",
            "--tracking-uri",
            server,
            "--traces",
            "all",
            "--out",
            str(cwd / "run"),
            "--quiet",
        ],
        cwd,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    folder = RunFolder(cwd / "run")
    run_id = json.loads((cwd / "run" / "manifest.json").read_text(encoding="utf-8"))[
        "mlflow_run_id"
    ]
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=server)
    experiment = client.get_run(run_id).info.experiment_id
    traces = client.search_traces(locations=[experiment], run_id=run_id, max_results=500)
    return {
        "results": {r.episode_id: r for r in folder.results()},
        "timings": folder.timings(),
        "traces": traces,
    }


@pytest.fixture(scope="module")
def failing_run(mlflow_server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _logged_run(mlflow_server, tmp_path_factory.mktemp("v1"), "acme_v1")


@pytest.fixture(scope="module")
def passing_run(mlflow_server: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _logged_run(mlflow_server, tmp_path_factory.mktemp("v2"), "acme_v2")


def _by_episode(run: dict[str, Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for trace in run["traces"]:
        out.setdefault(trace.info.trace_metadata[SESSION_KEY], []).append(trace)
    return {k: sorted(v, key=lambda t: _root(t).attributes["golive.turn"]) for k, v in out.items()}


def _turns(trace: Any) -> list[int]:
    return list(_root(trace).attributes["golive.turns"])


def _root(trace: Any) -> Any:
    return next(s for s in trace.data.spans if s.parent_id is None)


def test_every_agent_turn_is_one_trace_named_after_its_transcript_index(
    failing_run: dict[str, Any],
) -> None:
    episodes = _by_episode(failing_run)
    assert set(episodes) == set(failing_run["results"])
    for episode_id, traces in episodes.items():
        result: EpisodeResult = failing_run["results"][episode_id]
        groups = group_turns(result.transcript.turns)
        assert [_root(t).attributes["golive.turn"] for t in traces] == [
            turn_number(g) for g in groups
        ]
        for trace, group in zip(traces, groups, strict=True):
            number = turn_number(group)
            assert trace.info.tags["mlflow.traceName"] == f"turn {number}"
            assert _turns(trace) == [t.index for t in group]
            names = {s.name for s in trace.data.spans}
            for turn in group:
                who = "customer" if turn.speaker is Speaker.CUSTOMER else "agent"
                assert f"{who} · turn {turn.index}" in names
        # Each finding's turn is a turn some trace holds, and its assessment says which.
        covered = {i for t in traces for i in _turns(t)}
        findings = [a for t in traces for a in t.info.assessments if a.name.startswith("finding.")]
        assert sorted((a.name, a.metadata["turn"]) for a in findings) == sorted(
            (f"finding.{f.rule_id}", "" if f.turn is None else str(f.turn)) for f in result.findings
        )
        assert all(f.turn in covered for f in result.findings if f.turn is not None)


def test_failed_episodes_end_in_error_with_the_failing_finding_as_message(
    failing_run: dict[str, Any], passing_run: dict[str, Any]
) -> None:
    failed = [r for r in failing_run["results"].values() if not r.passed]
    assert failed, "acme_v1 fails this scenario"
    for result in failed:
        traces = _by_episode(failing_run)[result.episode_id]
        errors = [t for t in traces if t.info.state.value == "ERROR"]
        assert errors, result.episode_id
        for trace in errors:
            message = _root(trace).status.description
            turns = set(_turns(trace))
            own = [finding_message(f) for f in result.findings if failing(f) and f.turn in turns]
            assert message in own or (not own and trace is traces[-1] and message), message
        ok = [t for t in traces if t.info.state.value == "OK"]
        assert all(_root(t).status.description == "" for t in ok)
    passed = list(passing_run["results"].values())
    assert passed and all(r.passed for r in passed)
    assert {t.info.state.value for t in passing_run["traces"]} == {"OK"}


def test_trace_times_are_the_measured_turn_latencies(failing_run: dict[str, Any]) -> None:
    for episode_id, traces in _by_episode(failing_run).items():
        result = failing_run["results"][episode_id]
        timing: Timing = failing_run["timings"][episode_id]
        latency = timing.turn_latency_s
        assert sum(latency) > 0
        for trace, group in zip(traces, group_turns(result.transcript.turns), strict=True):
            first, last = group[0].index, group[-1].index
            start_s = timing.started_at + sum(latency[:first])
            took_s = sum(latency[first : last + 1])
            assert abs(trace.info.request_time - start_s * 1000) <= 2
            assert abs(trace.info.execution_duration - took_s * 1000) <= 2
            root = _root(trace)
            assert abs((root.end_time_ns - root.start_time_ns) / 1e6 - took_s * 1000) <= 1
            for span in trace.data.spans:
                assert (
                    root.start_time_ns <= span.start_time_ns <= span.end_time_ns <= root.end_time_ns
                )


def test_inputs_and_outputs_are_chat_messages_mlflow_renders(failing_run: dict[str, Any]) -> None:
    for episode_id, traces in _by_episode(failing_run).items():
        turns = failing_run["results"][episode_id].transcript.turns
        for trace, group in zip(traces, group_turns(turns), strict=True):
            root = _root(trace)
            messages = root.inputs["messages"]
            assert messages and all(m["role"] in ("user", "assistant", "tool") for m in messages)
            reply = next((t for t in group if t.speaker is Speaker.AGENT), None)
            asked = len(turns) if reply is None else reply.index
            customer = [t for t in group if t.speaker is Speaker.CUSTOMER and t.index < asked]
            if customer:
                assert messages[-1] == {"role": "user", "content": customer[-1].text}
                assert trace.info.request_preview == customer[-1].text[:1000]
            if reply is not None:
                message = root.outputs["choices"][0]["message"]
                assert message["role"] == "assistant" and message["content"] == reply.text
                assert trace.info.response_preview == reply.text[:1000]
                agent = next(s for s in trace.data.spans if s.name == f"agent · turn {reply.index}")
                assert agent.span_type == "CHAT_MODEL" and agent.outputs == root.outputs


def test_assessments_are_named_after_golive_metrics(failing_run: dict[str, Any]) -> None:
    for episode_id, traces in _by_episode(failing_run).items():
        result = failing_run["results"][episode_id]
        first = traces[0]
        assert first.info.tags.get(LOGGED_TAG) == "1"
        assert all(not t.info.assessments for t in traces[1:])
        values = {
            a.name: a.value for a in first.info.assessments if not a.name.startswith("finding.")
        }
        assert values["reliability.pass_rate"] is result.passed
        assert values["handoff.outcome"] == (
            result.handoff_outcome.value if result.handoff_outcome else None
        )
        # The same fixed set on every episode (those it defines), the values results hold.
        metrics = set(values) - {"handoff.outcome"}
        per_episode = metrics_from_sums(episode_sums(result))
        assert metrics == {n for n in ASSESSED if per_episode.get(n) is not None}
        assert {"reliability.pass_rate", "accuracy.score", "guardrails.critical"} <= metrics
        assert all(values[n] == per_episode[n] for n in metrics - {"reliability.pass_rate"})
        assert values["accuracy.score"] == result.scores["accuracy.score"]


def test_the_assessed_metrics_are_headline_metrics_of_the_summary() -> None:
    assert set(ASSESSED) <= set(HEADLINE) and set(ASSESSED) <= set(CATALOGUE)
