"""The LLM gateway against a real local server: fast path, retries, faults, cache, cost."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive.llm import Gateway, LLMError, LLMRequest, RateLimiter
from golive.llm.cache import ResponseCache
from golive.llm.cost import Ledger, price
from golive.llm.ratelimit import retry_delay
from tests.harness.fault_server import REPLY, FaultServer


def ask(server: FaultServer, mode: str, text: str = "hi", **kw: object) -> LLMRequest:
    return LLMRequest(model="openai/default", messages=[{"role": "user", "content": text}],
                      api_base=server.base(mode), **kw)  # type: ignore[arg-type]


def complete(gateway: Gateway, request: LLMRequest) -> object:
    async def go() -> object:
        try:
            return await gateway.complete(request)
        finally:
            await gateway.aclose()

    return asyncio.run(go())


def test_openai_models_with_an_api_base_take_the_aiohttp_path(fault_server: FaultServer) -> None:
    gateway = Gateway(backoff_s=0.01)
    response = complete(gateway, ask(fault_server, "ok"))
    assert response.text == REPLY and response.prompt_tokens == 12  # type: ignore[attr-defined]
    assert gateway.paths == {"aiohttp": 1}


def test_a_429_storm_is_retried_honouring_retry_after_then_succeeds(fault_server: FaultServer) -> None:
    gateway = Gateway(retries=3, backoff_s=5.0)  # backoff would take seconds: Retry-After wins
    started = time.perf_counter()
    response = complete(gateway, ask(fault_server, "429x2"))
    assert response.text == REPLY  # type: ignore[attr-defined]
    assert fault_server.hits["429x2"] == 3 and time.perf_counter() - started < 2


@pytest.mark.parametrize(
    ("mode", "kind", "hits"),
    [("429", "rate_limit", 3), ("500", "server_error", 3), ("hang", "timeout", 3),
     ("truncated", "malformed", 1), ("malformed", "malformed", 1)],
)
def test_faults_end_as_an_llm_error_naming_the_kind(
    fault_server: FaultServer, mode: str, kind: str, hits: int
) -> None:
    gateway = Gateway(retries=2, timeout_s=0.3, backoff_s=0.01)
    with pytest.raises(LLMError) as caught:
        complete(gateway, ask(fault_server, mode))
    assert caught.value.kind == kind
    assert fault_server.hits[mode] == hits  # transient faults retried, bad answers not
    if hits > 1:
        assert "after 3 attempts" in str(caught.value)


def test_a_warm_cache_makes_no_call_and_returns_the_same_answer(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    request = ask(fault_server, "ok", seed=3, temperature=0.0, role="judge")
    cold = Gateway(ResponseCache(tmp_path / "c"))
    first = complete(cold, request)
    warm = Gateway(ResponseCache(tmp_path / "c"))
    second = complete(warm, request)
    assert fault_server.hits["ok"] == 1 and warm.calls == 0
    assert second.text == first.text and second.cached  # type: ignore[attr-defined]
    assert warm.ledger.summary()["by_role"]["judge"]["cached_calls"] == 1
    other = complete(warm, ask(fault_server, "ok", seed=4))  # a different request misses
    assert fault_server.hits["ok"] == 2 and not other.cached  # type: ignore[attr-defined]


def test_rpm_limit_spaces_requests(fault_server: FaultServer) -> None:
    gateway = Gateway(limiter=RateLimiter(rpm=600))  # a 600-request bucket, then 10/s

    async def go() -> float:
        gateway.limiter._requests["openai/default"] = _drained(600)
        started = time.perf_counter()
        await asyncio.gather(*(gateway.complete(ask(fault_server, "ok", text=str(i))) for i in range(3)))
        await gateway.aclose()
        return time.perf_counter() - started

    assert asyncio.run(go()) >= 0.25  # three requests at 10/s from an empty bucket


def _drained(per_minute: int):  # type: ignore[no-untyped-def]
    from golive.llm.ratelimit import TokenBucket

    bucket = TokenBucket(per_minute)
    bucket.level = 0.0
    return bucket


def test_cost_is_priced_from_litellms_table_per_role_and_model() -> None:
    ledger = Ledger()
    ledger.add("simulator", "openai/gpt-4o-mini", 1000, 0, cached=False)
    ledger.add("judge", "gpt-4o-mini", 0, 1000, cached=False)
    ledger.add("agent", "default", 500, 500, cached=False)
    summary = ledger.summary()
    assert summary["by_role"]["agent"]["usd"] == 0.0 and summary["total_tokens"] == 3000
    assert summary["by_role"]["simulator"]["usd"] == pytest.approx(price("gpt-4o-mini", 1000, 0))
    assert summary["by_model"]["gpt-4o-mini"]["usd"] > summary["by_model"]["openai/gpt-4o-mini"]["usd"]


@given(st.integers(0, 10), st.floats(0.01, 5))
def test_backoff_is_jittered_within_bounds(attempt: int, base: float) -> None:
    delay = retry_delay(attempt, base_s=base)
    assert 0.0 <= delay <= min(60.0, base * 2**attempt)


def test_retry_after_wins_and_is_capped() -> None:
    assert retry_delay(5, retry_after="1.5") == 1.5
    assert retry_delay(0, retry_after="9999") == 60.0
    assert 0.0 <= retry_delay(0, retry_after="Wed, 21 Oct 2026 07:28:00 GMT") <= 0.5
