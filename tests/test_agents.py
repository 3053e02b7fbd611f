"""Agent adapters over their real transports, and agent failures recorded as episode errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import served_bot


@pytest.fixture
def acme_v2_server() -> Iterator[str]:
    with served_bot("acme_v2") as port:
        yield f"http://127.0.0.1:{port}/v1"


def results(folder: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines()]


def run(cli, tmp_path: Path, agent: str, *extra: str):  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    result = cli("run", "--agent", agent, "--no-mlflow", "--out", str(folder), *extra)
    return result, folder


def test_openai_compatible_endpoint_over_real_http_matches_python_bot(cli, tmp_path: Path, acme_v2_server: str) -> None:  # type: ignore[no-untyped-def]
    over_http, folder = run(cli, tmp_path, acme_v2_server)
    assert over_http.returncode == 0, over_http.stderr
    direct = cli("run", "--agent", "acme_v2", "--no-mlflow", "--out", str(tmp_path / "direct"))
    assert direct.returncode == 0
    http_results, py_results = results(folder), results(tmp_path / "direct")
    assert [r["transcript"]["turns"][-1]["text"] for r in http_results] == [
        r["transcript"]["turns"][-1]["text"] for r in py_results
    ]
    handed = [r for r in http_results if r["termination"] == "handoff"]
    assert handed  # tool calls crossed the wire and were executed
    assert any(t["tokens"]["prompt"] == 10 for r in http_results for t in r["transcript"]["turns"])


def test_sync_function_agent_gets_session_id_and_tools(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result, folder = run(cli, tmp_path, "tests.sample_agents:sync_echo", "--scenario", "order-status")
    assert result.returncode == 0, result.stderr
    assert all(r["error"] is None for r in results(folder))


def test_class_agent_gets_one_instance_per_episode(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result, folder = run(cli, tmp_path, "tests.sample_agents:Counting", "--scenario", "order-status")
    assert result.returncode == 0, result.stderr
    for r in results(folder):
        assert r["transcript"]["turns"][1]["text"] == "reply 1 of this episode"


# Only the hanging bot gets a 1 s timeout: on a loaded machine a crashing bot's first,
# healthy answer can take longer than that, and the test would read a timeout, not a crash.
@pytest.mark.parametrize(("agent", "kind", "words", "timeout"), [
    ("tests.sample_agents:crashing", "crash", "database connection lost", "60"),
    ("tests.sample_agents:garbage", "malformed", "expected str, dict", "60"),
    ("tests.sample_agents:hanging", "timeout", "did not answer within 1s", "1"),
])
def test_failing_agents_become_episode_errors_and_the_run_finishes(cli, tmp_path: Path, agent: str, kind: str, words: str, timeout: str) -> None:  # type: ignore[no-untyped-def]
    result, folder = run(cli, tmp_path, agent, "--scenario", "order-status", "--timeout", timeout,
                         "--concurrency", "5")
    assert result.returncode == 0, result.stderr
    episodes = results(folder)
    assert len(episodes) == 5
    for r in episodes:
        assert r["termination"] == "agent_error" and not r["passed"]
        assert r["error"]["kind"] == kind and words in r["error"]["message"]
    assert "| errors.agent_rate ↓ | 1 |" in result.stdout


def test_unreachable_http_agent_fails_fast_with_exit_3(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result, folder = run(cli, tmp_path, "http://127.0.0.1:9/v1", "--timeout", "2")
    assert result.returncode == 3
    assert "did not answer a preflight call" in result.stderr
    assert not folder.exists()


def test_unknown_agent_spec_is_a_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result, _ = run(cli, tmp_path, "no_such_bot")
    assert result.returncode == 2 and "hint: use a bundled bot" in result.stderr
    result, _ = run(cli, tmp_path, "no_such_module:respond")
    assert result.returncode == 2 and "cannot import 'no_such_module'" in result.stderr


def test_acme_v2_transfers_in_the_language_the_customer_asked_in() -> None:
    import asyncio

    from golive.bots import acme_v2

    reply = asyncio.run(acme_v2.respond(
        [{"role": "user", "content": "Kurze Frage. Ich möchte mit einem Menschen sprechen."}]))
    assert isinstance(reply, dict)
    assert reply["tool_calls"][0]["function"]["name"] == "transfer_to_human"
    assert "Ich verbinde Sie" in reply["content"]
