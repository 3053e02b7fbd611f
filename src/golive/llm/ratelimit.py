"""Per-model rate limits (``--rpm``, ``--tpm``) and retry delays that honour Retry-After.

A token bucket per limit: requests wait until the bucket holds what they need, so a run
with 256 episodes in flight still sends no more than ``rpm`` requests a minute.

Example:
    >>> retry_delay(0, retry_after="2")
    2.0
    >>> 0.0 <= retry_delay(3, base_s=0.5) <= 4.0
    True
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

MAX_DELAY_S = 60.0
_jitter = random.Random()  # timing only: never touches results, so it needs no seed


def retry_delay(
    attempt: int, *, retry_after: str | None = None, base_s: float = 0.5, cap_s: float = MAX_DELAY_S
) -> float:
    """Seconds to wait before retry ``attempt`` (0-based).

    A server's ``Retry-After`` (seconds) wins; otherwise "full jitter" exponential backoff,
    so a 429 storm does not bring every episode back at the same instant.
    """
    if retry_after:
        try:
            return min(cap_s, max(0.0, float(retry_after)))
        except ValueError:
            pass  # an HTTP date: rare from LLM APIs, fall back to our own backoff
    return _jitter.uniform(0.0, min(cap_s, base_s * (1 << attempt)))


def retry_after_of(headers: Mapping[str, str] | None) -> str | None:
    """The Retry-After header (or OpenAI's ``retry-after-ms``) as seconds, if given."""
    if not headers:
        return None
    if value := headers.get("Retry-After") or headers.get("retry-after"):
        return value
    if ms := headers.get("retry-after-ms"):
        try:
            return str(float(ms) / 1000)
        except ValueError:
            return None
    return None


class Clock:
    """Real time. Tests pass a fake one, so minutes of rate limiting take milliseconds."""

    def now(self) -> float:
        """Seconds on a monotonic clock."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""
        await asyncio.sleep(seconds)


@dataclass
class TokenBucket:
    """``capacity`` units refilled evenly over a minute; ``take`` waits for enough."""

    per_minute: float
    clock: Clock = field(default_factory=Clock)
    level: float = field(init=False)
    stamp: float = field(init=False)
    lock: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)

    def __post_init__(self) -> None:
        self.level = self.per_minute
        self.stamp = self.clock.now()

    def _refill(self) -> None:
        now = self.clock.now()
        self.level = min(self.per_minute, self.level + (now - self.stamp) * self.per_minute / 60)
        self.stamp = now

    async def take(self, amount: float = 1.0) -> float:
        """Wait until ``amount`` units are free, then spend them; returns the seconds waited."""
        amount = min(amount, self.per_minute)  # a request bigger than a minute's budget still goes
        waited = 0.0
        async with self.lock:
            self._refill()
            while self.level < amount:
                pause = (amount - self.level) * 60 / self.per_minute
                await self.clock.sleep(pause)
                waited += pause
                self._refill()
            self.level -= amount
        return waited

    def settle(self, delta: float) -> None:
        """Correct an estimate once the real token count is known (may go negative)."""
        self._refill()
        self.level -= delta


class RateLimiter:
    """One request bucket and one token bucket per model; ``None`` limits are off.

    Example:
        >>> limiter = RateLimiter(rpm=600)
        >>> asyncio.run(limiter.acquire("openai/x", tokens=10))
    """

    def __init__(
        self, rpm: int | None = None, tpm: int | None = None, clock: Clock | None = None
    ) -> None:
        self.rpm, self.tpm = rpm, tpm
        self.clock = clock or Clock()
        self._requests: dict[str, TokenBucket] = {}
        self._tokens: dict[str, TokenBucket] = {}
        # What the limits cost, per model: requests let through, requests that had to wait,
        # and seconds waited (for the run's summary, and to check the limits apply).
        self.admitted: Counter[str] = Counter()
        self.waits: Counter[str] = Counter()
        self.waited_s: dict[str, float] = {}

    @property
    def active(self) -> bool:
        """Whether any limit is set."""
        return bool(self.rpm or self.tpm)

    async def acquire(self, model: str, tokens: int = 0) -> None:
        """Wait for a request slot and ``tokens`` (an estimate) for ``model``."""
        waited = 0.0
        if self.rpm:
            bucket = self._requests.setdefault(model, TokenBucket(self.rpm, self.clock))
            waited += await bucket.take()
        if self.tpm and tokens:
            waited += await self._tokens.setdefault(model, TokenBucket(self.tpm, self.clock)).take(tokens)
        self.admitted[model] += 1
        if waited:
            self.waits[model] += 1
            self.waited_s[model] = self.waited_s.get(model, 0.0) + waited

    def settle(self, model: str, estimated: int, actual: int) -> None:
        """Charge the difference between the estimate and the real token count."""
        if self.tpm and model in self._tokens and actual != estimated:
            self._tokens[model].settle(actual - estimated)


def estimate_tokens(messages: list[dict[str, object]], max_tokens: int | None = None) -> int:
    """A cheap upper-ish estimate (4 characters a token) used before the call is made."""
    chars = sum(len(str(m.get("content") or "")) for m in messages)
    return chars // 4 + len(messages) * 4 + (max_tokens or 256)
