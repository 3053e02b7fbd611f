"""The llm simulator inside a run uses the run's gateway: --no-cache, --rpm, --retries."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from golive.harness import build as build_module
from golive.harness.rehearsal import RunConfig, run_suite
from golive.llm import Gateway, RateLimiter, installed_gateway, use_gateway
from golive.llm.ratelimit import Clock
from tests.personas.sim_server import SimServer, serve

pytestmark = pytest.mark.slow
ONE = ("--scenario", "order-status", "--persona", "calm-carla")


def _turn_calls(server: SimServer) -> int:
    """Requests for customer turns (the preflight, a liveness check, is never cached)."""
    return sum(1 for r in server.requests if r.get("max_tokens") != 5)


def _run(cli: Any, server: SimServer, *extra: str) -> subprocess.CompletedProcess[str]:
    spec = f"openai/sim@http://127.0.0.1:{server.port}/v1?temperature=0"
    result = cli("run", "--agent", "acme_v2", "--simulator", spec, "--no-mlflow", "--quiet",
                 *ONE, *extra)
    assert result.returncode in (0, 1), result.stderr
    assert "Unclosed client session" not in result.stderr
    assert "Unclosed connector" not in result.stderr
    return result  # type: ignore[no-any-return]


def test_no_cache_reaches_the_simulator_and_its_connections_are_closed(cli) -> None:  # type: ignore[no-untyped-def]
    with serve(["ok"]) as server:
        counts = []
        for _ in range(2):
            before = _turn_calls(server)
            _run(cli, server, "--no-cache")
            counts.append(_turn_calls(server) - before)
    assert counts[0] > 0 and counts[1] == counts[0]


def test_a_warm_run_cache_answers_every_simulator_turn(cli) -> None:  # type: ignore[no-untyped-def]
    with serve(["ok"]) as server:
        _run(cli, server)
        cold = _turn_calls(server)
        _run(cli, server)
        warm = _turn_calls(server) - cold
    assert cold > 0 and warm == 0


class FakeClock(Clock):
    """Time that moves only when the limiter sleeps: minutes of limits in milliseconds."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.t += seconds
        await asyncio.sleep(0)


def _captured_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: SimServer, spec_options: str = "",
    **config: Any,
) -> tuple[Gateway, FakeClock, Path]:
    """Run in process; return the run's gateway (its limiter on a fake clock)."""
    monkeypatch.chdir(tmp_path)
    made: list[Gateway] = []
    clock = FakeClock()
    real = build_module.make_gateway

    def spy(cfg: RunConfig) -> Gateway:
        gateway = real(cfg)
        gateway.limiter = RateLimiter(gateway.limiter.rpm, gateway.limiter.tpm, clock)
        made.append(gateway)
        return gateway

    monkeypatch.setattr(build_module, "make_gateway", spy)
    outcome = run_suite(RunConfig(
        agent="acme_v2", simulator=f"openai/sim@http://127.0.0.1:{server.port}/v1{spec_options}",
        mlflow=False, quiet=True, scenario_filter="order-status", persona_filter="calm-carla",
        cache=False, **config,
    ))
    return made[0], clock, outcome.folder


def test_rpm_spaces_the_simulator_calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with serve(["ok"]) as server:
        gateway, clock, _ = _captured_run(monkeypatch, tmp_path, server, rpm=2)
        sent = len(server.requests)
    limiter = gateway.limiter
    # Every request the server saw (preflight included) went through the run's limiter;
    # at 2 a minute the first two go at once and each later one waits 30 s.
    assert sent > 3 and limiter.admitted["openai/sim"] == sent
    assert limiter.waits["openai/sim"] == sent - 2
    assert limiter.waited_s["openai/sim"] == pytest.approx(30.0 * (sent - 2))
    assert clock.t == pytest.approx(30.0 * (sent - 2))


@pytest.mark.parametrize(("retries", "termination"), [(0, "simulator_error"), (1, None)])
def test_retries_apply_to_simulator_calls(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, retries: int, termination: str | None
) -> None:
    # The preflight is answered, then the first turn is rate limited once. With one
    # attempt per turn only the run's --retries can save it.
    with serve(["ok", "429", "ok"]) as server:
        _, _, folder = _captured_run(monkeypatch, tmp_path, server, "?attempts=1",
                                     retries=retries)
    result = json.loads((folder / "results.jsonl").read_text().splitlines()[0])
    if termination is None:
        assert result["termination"] != "simulator_error"
    else:
        assert result["termination"] == termination and "rate_limit" in result["error"]["message"]


def test_outside_a_run_the_simulator_closes_its_own_gateway_on_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from golive.personas.llm import LLMSimulator

    monkeypatch.chdir(tmp_path)  # its own gateway keeps a disk cache under the working folder
    sim = LLMSimulator("openai/sim", api_base="http://127.0.0.1:9/v1")

    async def own() -> Gateway:
        async with sim.using_gateway() as gateway:
            assert gateway is not installed_gateway()
            gateway._http._client()  # open a session, as a call would
        return gateway

    gateway = asyncio.run(own())
    assert gateway._http._session is None  # closed before the loop ended

    async def in_run() -> bool:
        run_gateway = Gateway(None)
        use_gateway(run_gateway)
        async with sim.using_gateway() as gateway:
            return gateway is run_gateway

    assert asyncio.run(in_run())
