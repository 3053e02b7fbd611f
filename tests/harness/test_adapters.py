"""Every agent adapter over its real transport: local HTTP servers, litellm, Python.
That each transport answers as acme_v2 called in-process: test_adapters_match.py (its own
file, so that another test worker runs it)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from golive.harness.agents import AgentError, AgentRequest, resolve_agent
from golive.harness.agents.openai_http import OpenAIChatAgentFactory
from tests.harness.fake_bots import Seen, serve

SECRET = "s3cr3t-token-7f1c"
HELLO = AgentRequest([{"role": "user", "content": "Hello"}], "s1", [])


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Seen]]:
    with serve() as running:
        yield running


def write_agent(folder: Path, **config: Any) -> str:
    path = folder / "agent.yaml"
    path.write_text(yaml.safe_dump({"kind": "agent", **config}), encoding="utf-8")
    return str(path)


def results(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "results.jsonl").read_text().splitlines()]


def last_texts(folder: Path) -> list[str]:
    return [r["transcript"]["turns"][-1]["text"] for r in results(folder)]


@pytest.mark.slow
def test_openai_agent_yaml_sends_env_headers_and_never_writes_the_secret(
    cli, tmp_path: Path, server: tuple[str, Seen], monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    fresh_store: str,
) -> None:
    base, seen = server  # fresh_store: tmp_path/mlflow.db, migrated; the run logs to it
    monkeypatch.setenv("GOLIVE_TEST_TOKEN", SECRET)
    agent = write_agent(tmp_path, type="openai", base_url=f"{base}/v1", name="acme-http",
                        headers={"Authorization": "Bearer ${GOLIVE_TEST_TOKEN}"})
    result = cli("run", "--agent", agent, "--scenario", "wants-a-person", "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert f"Bearer {SECRET}" in seen.auth
    leaks = [p for p in tmp_path.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leaks == []
    # the MLflow store (searched above) holds the run: the secret reached none of it
    from mlflow.tracking import MlflowClient

    run_id = json.loads((tmp_path / "r" / "manifest.json").read_text())["mlflow_run_id"]
    assert MlflowClient(tracking_uri=fresh_store).get_run(run_id).info.status == "FINISHED"


def test_generic_http_agent_keeps_session_and_maps_handoff(
    cli, tmp_path: Path, server: tuple[str, Seen], monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    base, seen = server
    monkeypatch.setenv("GOLIVE_TEST_TOKEN", SECRET)
    agent = write_agent(
        tmp_path, type="http", url=f"{base}/bot", headers={"X-Api-Key": "${GOLIVE_TEST_TOKEN}"},
        request={"conversation": {"id": "{{session_id}}", "text": "{{message}}"}},
        response={"content": "data.answer", "handoff": "data.escalate"},
    )
    result = cli("run", "--agent", agent, "--no-mlflow", "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    episodes = results(tmp_path / "r")
    assert SECRET in seen.auth
    for r in episodes:  # one stable session id per episode: the bot counted its turns
        agent_turns = sum(t["speaker"] == "agent" for t in r["transcript"]["turns"])
        assert seen.session_turns[r["episode_id"]] == agent_turns
    handed = [r for r in episodes if r["scenario_id"] == "wants-a-person"]
    assert all(r["termination"] == "handoff" for r in handed)
    assert all(r["transcript"]["turns"][-1]["handoff"]["source"] == "field" for r in handed)


def test_prompted_agent_with_litellm_mock_response() -> None:
    agent = resolve_agent({"type": "prompted", "model": "openai/gpt-4o-mini",
                           "system_prompt": "Be brief.", "mock_response": "Happy to help!"})
    reply = asyncio.run(agent.session("e").respond(HELLO))
    assert reply.content == "Happy to help!"


def test_prompted_agent_model_outage_is_an_agent_error() -> None:
    agent = resolve_agent({"type": "prompted", "model": "openai/x", "system_prompt": "p",
                           "api_base": "http://127.0.0.1:9/v1", "retries": 0, "timeout_s": 5})
    with pytest.raises(AgentError) as caught:
        asyncio.run(agent.session("e").respond(HELLO))
    assert caught.value.kind == "unreachable" and "model openai/x" in str(caught.value)


async def _respond(factory: OpenAIChatAgentFactory) -> Any:
    try:
        return await factory.session("e").respond(HELLO)
    finally:
        await factory.aclose()


def test_transient_http_errors_are_retried(server: tuple[str, Seen]) -> None:
    base, seen = server
    factory = OpenAIChatAgentFactory(f"{base}/flaky/v1", retries=2, backoff_s=0.01)
    assert asyncio.run(_respond(factory)).content == "What's your order number?"
    assert seen.flaky_calls == 3


@pytest.mark.parametrize(("route", "kind", "words"), [
    ("garbage", "malformed", "not a chat completion: '<html>Bad gateway"),
    ("hanging", "timeout", "no answer within 0.5s"),
])
def test_http_agent_garbage_and_hangs_become_agent_errors(
    server: tuple[str, Seen], route: str, kind: str, words: str,
) -> None:
    base, _ = server
    factory = OpenAIChatAgentFactory(f"{base}/{route}/v1", retries=0, timeout_s=0.5)
    with pytest.raises(AgentError) as caught:
        asyncio.run(_respond(factory))
    assert caught.value.kind == kind and words in str(caught.value)


def test_handoff_pattern_turns_a_text_only_reply_into_a_transfer(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bot = "tests.harness.fake_bots:text_only"
    args = ("--agent", bot, "--no-mlflow", "--scenario", "wants-a-person")
    plain = cli("run", *args, "--out", str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    assert all(r["termination"] != "handoff" for r in results(tmp_path / "plain"))
    matched = cli("run", *args, "--handoff-pattern", "transfer(ring)? you", "--out", str(tmp_path / "p"))
    assert matched.returncode == 0, matched.stderr
    for r in results(tmp_path / "p"):
        assert r["termination"] == "handoff"
        assert r["transcript"]["turns"][-1]["handoff"]["source"] == "pattern"


def test_suite_agent_config_inline_and_as_a_file_beside_the_suite(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from golive.harness.suite import demo_suite_path

    suite = yaml.safe_load(demo_suite_path().read_text())
    suite["scenarios"] = ["pack:demo/order-status"]
    suite["agent"] = {"type": "python", "target": "acme_v2", "name": "inline-v2"}
    (tmp_path / "inline.yaml").write_text(yaml.safe_dump(suite))
    result = cli("run", "inline.yaml", "--no-mlflow", "--out", str(tmp_path / "a"))
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "a" / "manifest.json").read_text())["agent"] == "inline-v2"
    (tmp_path / "bots").mkdir()
    write_agent(tmp_path / "bots", type="python", target="golive.bots.acme_v1:respond")
    suite["agent"] = "agent.yaml"
    (tmp_path / "bots" / "suite.yaml").write_text(yaml.safe_dump(suite))
    result = cli("run", "bots/suite.yaml", "--no-mlflow", "--out", str(tmp_path / "b"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("config", "words"), [
    ({"type": "magic"}, "agent type 'magic' is not one of http, openai, prompted, python"),
    ({"type": "openai", "base_url": "http://127.0.0.1:9/v1", "headers": {"X-Key": "${GOLIVE_NOPE}"}},
     "headers.X-Key: environment variable GOLIVE_NOPE is not set"),
    ({"type": "prompted", "model": "openai/x"}, "system_prompt: Field required"),
    ({"type": "python", "target": "acme_v2", "handoff_pattern": "(unclosed"},
     "is not a regular expression"),
])
def test_bad_agent_files_are_usage_errors_that_say_what_to_fix(cli, tmp_path: Path, config: dict[str, Any], words: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "--agent", write_agent(tmp_path, **config), "--no-mlflow")
    assert result.returncode == 2, result.stderr
    assert words in result.stderr


def test_agent_errors_name_the_url_as_written_never_the_expanded_secret(
    server: tuple[str, Seen], monkeypatch: pytest.MonkeyPatch,
) -> None:
    base, _ = server
    monkeypatch.setenv("GOLIVE_TEST_TOKEN", SECRET)
    agent = resolve_agent({"type": "http", "url": f"{base}/down?key=${{GOLIVE_TEST_TOKEN}}",
                           "retries": 0})

    async def once() -> None:
        try:
            await agent.session("e").respond(HELLO)
        finally:
            await agent.aclose()

    with pytest.raises(AgentError) as caught:
        asyncio.run(once())
    assert caught.value.kind == "http_error"
    assert "HTTP 503" in str(caught.value) and "${GOLIVE_TEST_TOKEN}" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_http_agent_that_answers_garbage_mid_run_yields_recorded_errors_and_an_error_rate(cli, tmp_path: Path, server: tuple[str, Seen]) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    result = cli("run", "--agent", f"{base}/breaks/v1", "--no-mlflow", "--scenario", "order-status",
                 "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    episodes = results(tmp_path / "r")
    assert len(episodes) == 5
    for r in episodes:
        assert r["termination"] == "agent_error" and not r["passed"]
        assert r["error"]["kind"] == "malformed" and "not a chat completion" in r["error"]["message"]
    assert "| errors.agent_rate ↓ | 1 |" in result.stdout


def test_prompted_agent_with_cache_replays_the_same_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = {"type": "prompted", "model": "openai/gpt-4o-mini", "system_prompt": "Be brief.",
              "cache": True}
    first = resolve_agent({**config, "mock_response": "First answer."})
    assert asyncio.run(first.session("e").respond(HELLO)).content == "First answer."
    again = resolve_agent({**config, "mock_response": "A different answer."})
    assert asyncio.run(again.session("e").respond(HELLO)).content == "First answer."
    assert (tmp_path / ".golive-cache" / "llm").is_dir()
