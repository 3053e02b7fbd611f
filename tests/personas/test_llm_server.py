"""The llm simulator end to end over real HTTP, against a local OpenAI-compatible server."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from golive.errors import SimulatorError
from golive.harness.rehearsal import RunConfig, run_suite
from golive.llm import Gateway
from golive.llm.cache import ResponseCache
from golive.personas.llm import NUDGE, LLMSimulator
from golive.personas.simulator import CustomerTurn
from golive.results.models import Speaker, Turn
from tests.helpers import scenario
from tests.personas.helpers import library
from tests.personas.sim_server import SimServer, serve

pytestmark = pytest.mark.slow
ORDER = scenario(customer={"goal": "know when order A1001 arrives", "opening": "Where is it?",
                           "knows": {"order_id": "A1001"}})
AGENT_ASKED = [Turn(index=0, speaker=Speaker.CUSTOMER, text="Where is it?"),
               Turn(index=1, speaker=Speaker.AGENT, text="What's your order number?")]


def _turn(server: SimServer, transcript: list[Turn], *, cache: ResponseCache | None = None,
          timeout: float = 2.0) -> CustomerTurn:
    sim = LLMSimulator("openai/sim", api_base=f"http://127.0.0.1:{server.port}/v1", temperature=0.3,
                       gateway=Gateway(cache, retries=0, timeout_s=timeout, api_key="sk-test"))
    return asyncio.run(sim.session(ORDER, library("calm-carla"), 42).next_turn(transcript))


@pytest.mark.parametrize("plan", [["ok"], ["fenced"], ["malformed", "ok"], ["schema", "ok"],
                                  ["429", "ok"], ["timeout", "ok"]])
def test_a_valid_turn_comes_through_repairs_and_retries(plan: list[str]) -> None:
    with serve(plan) as server:
        turn = _turn(server, AGENT_ASKED, timeout=1.0)
    # carla starts at 0.1; a question without progress makes it 0.12; the model may nudge
    assert "A1001" in turn.text and abs(turn.emotion.intensity - 0.12) <= NUDGE + 1e-9
    assert len(server.requests) == len(plan)
    first = server.requests[0]
    assert first["temperature"] == 0.3 and first["seed"] == 42
    assert first["response_format"] == {"type": "json_object"}
    assert first["messages"][0]["role"] == "system" and "CUSTOMER" in first["messages"][0]["content"]
    if plan[0] in ("malformed", "schema"):  # the retry tells the model what was wrong
        assert "could not be used" in server.requests[1]["messages"][-1]["content"]


@pytest.mark.parametrize(("plan", "words"), [
    (["malformed"], "after 3 attempts; last problem: malformed output"),
    (["429"], "the model call failed (rate_limit)"),
    (["timeout"], "the model call failed (timeout)"),
    (["assistant"], "trust check: role: the customer answered as the assistant"),
    (["achieved"], "premature goal: declared the goal achieved before the agent replied"),
])
def test_persistent_failures_become_simulator_errors(plan: list[str], words: str) -> None:
    with serve(plan) as server:
        with pytest.raises(SimulatorError) as caught:
            _turn(server, [], timeout=0.5)
    assert words in str(caught.value)


def test_a_warm_cache_answers_without_the_server(tmp_path: Path) -> None:
    with serve(["ok"]) as server:
        cold = _turn(server, AGENT_ASKED, cache=ResponseCache(tmp_path))
        calls = len(server.requests)
        warm = _turn(server, AGENT_ASKED, cache=ResponseCache(tmp_path))
    assert warm == cold and len(server.requests) == calls == 1


def test_golive_run_with_the_llm_simulator_records_provenance(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(["ok"]) as server:
        spec = f"openai/sim@http://127.0.0.1:{server.port}/v1?temperature=0"
        ok = cli("run", "--agent", "acme_v2", "--simulator", spec, "--no-mlflow", "--quiet",
                 "--scenario", "order-status", "--persona", "calm-carla", "--out", "good")
    assert ok.returncode in (0, 1), ok.stderr
    manifest = json.loads((tmp_path / "good" / "manifest.json").read_text())
    provenance = manifest["simulator_provenance"]
    assert provenance["model"] == "openai/sim" and provenance["temperature"] == "0.0"
    assert len(provenance["prompt_hash"]) == 16 and "persona.calm-carla" in provenance
    good = json.loads((tmp_path / "good" / "results.jsonl").read_text().splitlines()[0])
    assert good["termination"] != "simulator_error"
    customer = [t for t in good["transcript"]["turns"] if t["speaker"] == "customer"]
    assert customer and all(t["emotion"] is not None and t["tokens"]["prompt"] == 50
                            for t in customer)


def test_a_misbehaving_simulator_is_kept_out_of_agent_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the default gateway keeps its cache under the working folder
    with serve(["assistant"]) as server:
        outcome = run_suite(RunConfig(
            agent="acme_v2", simulator=f"openai/sim@http://127.0.0.1:{server.port}/v1",
            mlflow=False, quiet=True, out=tmp_path / "bad", scenario_filter="order-status",
            persona_filter="calm-carla",
        ))
    failed = json.loads((outcome.folder / "results.jsonl").read_text().splitlines()[0])
    assert failed["termination"] == "simulator_error"
    assert "answered as the assistant" in failed["error"]["message"]
    assert outcome.metrics["errors.simulator_rate"] == 1.0


def test_an_unreachable_simulator_model_fails_fast_with_exit_3(cli) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli("run", "--agent", "acme_v2", "--simulator", f"openai/sim@http://127.0.0.1:{port}/v1",
                 "--no-mlflow", "--quiet", "--persona", "calm-carla")
    assert result.returncode == 3, result.stderr
    assert f"the simulator model openai/sim at http://127.0.0.1:{port}/v1 did not answer" in result.stderr
    assert "--simulator scripted" in result.stderr
