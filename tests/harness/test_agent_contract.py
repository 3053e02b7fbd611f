"""The agent contract: kind, remote, speaks_first, model and a picklable description.

The bug this reproduces (issue 12): an OpenAI endpoint configured in YAML, with a label
that is not a URL (``support-bot-staging``), got no --rpm/--tpm, no token cost, and a label
Ray workers could not resolve, because the harness decided all three by
``label.startswith("http")``.
"""

from __future__ import annotations

import asyncio
import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from golive.errors import InputError
from golive.harness.agents import (
    AGENT,
    AgentFactory,
    AgentRequest,
    PythonAgentFactory,
    rebuild_agent,
    resolve_agent,
)
from golive.harness.limited import RateLimitedAgent, with_limits
from golive.llm import RateLimiter
from tests.conftest import REPO, served_bot

TOKEN = "s3cret-staging-token"


@pytest.fixture
def staging_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """examples/agents/openai-endpoint.yaml, pointed at a real local OpenAI-compatible server."""
    with served_bot("acme_v2") as port:
        example = (REPO / "examples" / "agents" / "openai-endpoint.yaml").read_text(
            encoding="utf-8")
        local = f"http://127.0.0.1:{port}/v1"
        path = tmp_path / "openai-endpoint.yaml"
        path.write_text(example.replace("https://bot.staging.example.com/v1", local),
                        encoding="utf-8")
        monkeypatch.setenv("SUPPORT_BOT_TOKEN", TOKEN)
        yield path


def _answer(agent: AgentFactory) -> str:
    async def go() -> str:
        try:
            request = AgentRequest([{"role": "user", "content": "Where is my order A1001?"}],
                                   "s1", [])
            return (await agent.session("e1").respond(request)).content
        finally:
            await agent.aclose()

    return asyncio.run(go())


def test_a_yaml_openai_endpoint_declares_its_contract(staging_yaml: Path) -> None:
    agent = resolve_agent(str(staging_yaml))
    assert (agent.label, agent.kind, agent.remote, agent.speaks_first, agent.model) == (
        "support-bot-staging", "openai", True, False, "support-bot")


def test_rpm_and_tpm_apply_to_it_by_model_not_by_label(staging_yaml: Path) -> None:
    limiter = RateLimiter(rpm=600, tpm=100_000)
    limited = with_limits(resolve_agent(str(staging_yaml)), limiter)
    assert isinstance(limited, RateLimitedAgent)
    assert _answer(limited)  # a real call went through the limiter to the server
    # the call took from the buckets of its model (not of its label, not the gateway's)
    assert list(limiter._requests) == list(limiter._tokens) == ["agent#support-bot"]
    local = resolve_agent("acme_v2")
    assert with_limits(local, limiter) is local  # a Python agent in this process: no limits


def test_its_description_pickles_without_the_secret_and_rebuilds_an_equal_agent(
    staging_yaml: Path,
) -> None:
    agent = resolve_agent(str(staging_yaml), handoff_pattern="a colleague will")
    description = agent.describe()
    blob = pickle.dumps(description)
    assert TOKEN.encode() not in blob  # ${SUPPORT_BOT_TOKEN} travels as the reference
    assert b"${SUPPORT_BOT_TOKEN}" in blob
    rebuilt = rebuild_agent(pickle.loads(blob))
    assert rebuilt.describe() == description
    assert (rebuilt.label, rebuilt.kind, rebuilt.remote, rebuilt.model) == (
        agent.label, agent.kind, agent.remote, agent.model)
    assert _answer(rebuilt) == _answer(agent)  # both reach the server, with the token


def test_golive_run_books_its_tokens_and_cost_under_its_model(
    cli, tmp_path: Path, staging_yaml: Path,  # type: ignore[no-untyped-def]
) -> None:
    out = tmp_path / "run"
    result = cli("run", "--agent", str(staging_yaml), "--no-mlflow", "--out", str(out),
                 "--scenario", "order-status", "--rpm", "6000", "--tpm", "1000000")
    assert result.returncode == 0, result.stderr
    cost = json.loads((out / "cost.json").read_text(encoding="utf-8"))
    assert cost["by_role"]["agent"]["prompt_tokens"] > 0
    assert cost["by_role"]["agent"]["completion_tokens"] > 0
    usage = [json.loads(line)["usage"] for line in (out / "timings.jsonl").read_text().splitlines()]
    assert all(any(r["role"] == "agent" and r["model"] == "support-bot" for r in rows)
               for rows in usage)
    assert json.loads((out / "manifest.json").read_text())["agent"] == str(staging_yaml)


def test_speaks_first_survives_every_wrapper(tmp_path: Path) -> None:
    path = tmp_path / "greeter.yaml"
    path.write_text("type: python\ntarget: acme_v2\nname: greeter\nspeaks_first: true\n"
                    "handoff_pattern: a colleague will\n", encoding="utf-8")
    agent = with_limits(resolve_agent(str(path)), RateLimiter(rpm=60))
    assert agent.speaks_first and agent.kind == "python" and not agent.remote
    assert rebuild_agent(agent.describe()).speaks_first


def test_an_agent_built_from_a_bare_object_says_it_cannot_run_remotely() -> None:
    agent = PythonAgentFactory(lambda messages: "hi", "inline")
    with pytest.raises(InputError) as caught:
        agent.describe()
    assert "agent 'inline' was built from a Python object" in str(caught.value)
    assert "hint: give it as module:function" in str(caught.value)


def test_one_mapping_from_config_type_to_agent_kind() -> None:
    assert AGENT.names() == ["http", "openai", "prompted", "python"]
    with pytest.raises(InputError) as caught:
        resolve_agent({"type": "grpc", "url": "x"})
    assert "agent type 'grpc' is not one of http, openai, prompted, python" in str(caught.value)
