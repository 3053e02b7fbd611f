"""Each transport answers as acme_v2 called in-process: streamed OpenAI over HTTP, a prompted
agent over a local OpenAI server (litellm), and a bot that speaks first. The adapters' own
behaviour and errors: test_adapters.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness.fake_bots import Seen, serve
from tests.harness.test_adapters import last_texts, results, write_agent


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Seen]]:
    with serve() as running:
        yield running


@pytest.fixture(scope="module")
def direct(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """acme_v2 called in-process: what every transport must reproduce."""
    from tests.conftest import run_cli

    folder = tmp_path_factory.mktemp("direct")
    assert run_cli(["run", "--agent", "acme_v2", "--no-mlflow", "--out", str(folder / "r")],
                   folder).returncode == 0
    return folder / "r"


@pytest.mark.slow
def test_streamed_openai_agent_matches_the_python_bot(cli, tmp_path: Path, server: tuple[str, Seen], direct: Path) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    agent = write_agent(tmp_path, type="openai", base_url=f"{base}/v1", stream=True)
    result = cli("run", "--agent", agent, "--no-mlflow", "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert last_texts(tmp_path / "r") == last_texts(direct)
    handed = [r for r in results(tmp_path / "r") if r["termination"] == "handoff"]
    assert handed and all(r["transcript"]["turns"][-1]["tool_calls"][0]["name"] == "transfer_to_human"
                          for r in handed)


@pytest.mark.slow
def test_prompted_agent_over_a_local_openai_server(cli, tmp_path: Path, server: tuple[str, Seen], direct: Path) -> None:  # type: ignore[no-untyped-def]
    base, seen = server
    prompt = "You are Acme's support assistant. Follow the returns policy."
    agent = write_agent(tmp_path, type="prompted", model="openai/acme", api_base=f"{base}/v1",
                        system_prompt=prompt, temperature=0)
    result = cli("run", "--agent", agent, "--no-mlflow", "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert last_texts(tmp_path / "r") == last_texts(direct)
    assert any(b["messages"][0] == {"role": "system", "content": prompt} for b in seen.bodies)


def test_a_bot_that_speaks_first_greets_before_the_customer_opens(cli, tmp_path: Path, direct: Path) -> None:  # type: ignore[no-untyped-def]
    agent = write_agent(tmp_path, type="python", target="tests.harness.fake_bots:Greeter",
                        speaks_first=True)
    result = cli("run", "--agent", agent, "--no-mlflow", "--scenario", "order-status",
                 "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    greeted = results(tmp_path / "r")
    plain = {r["episode_id"]: r for r in results(direct) if r["scenario_id"] == "order-status"}
    for r in greeted:
        turns = r["transcript"]["turns"]
        assert turns[0]["speaker"] == "agent" and turns[0]["text"].startswith("Hi, I'm Acme")
        assert turns[1]["text"] == plain[r["episode_id"]]["transcript"]["turns"][0]["text"]
        assert r["termination"] == plain[r["episode_id"]]["termination"]
