"""--rpm / --tpm: token buckets per model, for the gateway and for HTTP agents."""

from __future__ import annotations

import asyncio
import time

from golive.harness.agents.base import AgentReply, AgentRequest, AgentSession
from golive.harness.limited import RateLimitedAgent
from golive.llm import RateLimiter
from golive.llm.ratelimit import TokenBucket
from golive.results.models import TokenUsage


class _Agent:
    label = "http://127.0.0.1:1/v1"

    def __init__(self) -> None:
        self.calls = 0

    def session(self, episode_id: str) -> AgentSession:
        return self  # type: ignore[return-value]

    async def respond(self, request: AgentRequest) -> AgentReply:
        self.calls += 1
        return AgentReply(content="ok", tokens=TokenUsage(prompt=300, completion=100))

    async def aclose(self) -> None:
        return None


def _drain(limiter: RateLimiter, model: str) -> None:
    if limiter.rpm:
        limiter._requests[model] = TokenBucket(limiter.rpm)
        limiter._requests[model].level = 0.0
    if limiter.tpm:
        limiter._tokens[model] = TokenBucket(limiter.tpm)
        limiter._tokens[model].level = 0.0


def _timed_calls(limiter: RateLimiter, n: int) -> tuple[float, int]:
    inner = _Agent()
    agent = RateLimitedAgent(inner, limiter, "m")
    request = AgentRequest([{"role": "user", "content": "hi"}], "s", [])

    async def go() -> float:
        _drain(limiter, "m")
        started = time.perf_counter()
        await asyncio.gather(*(agent.session("e").respond(request) for _ in range(n)))
        return time.perf_counter() - started

    return asyncio.run(go()), inner.calls


def test_rpm_paces_agent_calls_from_an_empty_bucket() -> None:
    elapsed, calls = _timed_calls(RateLimiter(rpm=1200), 4)  # 20 a second
    assert calls == 4 and 0.18 <= elapsed < 1.0


def test_tpm_waits_for_the_estimated_tokens_and_settles_on_the_real_count() -> None:
    limiter = RateLimiter(tpm=60_000)  # 1,000 tokens a second
    elapsed, calls = _timed_calls(limiter, 2)
    assert calls == 2 and elapsed >= 0.2  # each call needs its estimate (~260 tokens) first


def test_settling_charges_the_difference_between_estimate_and_real_tokens() -> None:
    limiter = RateLimiter(tpm=60_000)  # refills 1 token a millisecond
    asyncio.run(limiter.acquire("m", tokens=100))
    limiter.settle("m", estimated=100, actual=400)
    level = limiter._tokens["m"].level
    assert 60_000 - 400 <= level < 60_000 - 400 + 50  # a little refill, nothing more


def test_no_limits_means_no_wait() -> None:
    elapsed, calls = _timed_calls(RateLimiter(), 50)
    assert calls == 50 and elapsed < 0.5 and not RateLimiter().active
