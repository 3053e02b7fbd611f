"""The gateway every LLM call goes through: cache, rate limits, retries, cost.

``openai/...`` models with an ``api_base`` take a lean aiohttp path; everything else goes
through litellm (see ``transport``). Retries are bounded, with full-jitter backoff that
honours Retry-After. Answers are cached on disk keyed by the full request, so a rerun with
a warm cache makes no call and gives byte-identical results.

Example:
    >>> import asyncio
    >>> gw = Gateway(cache=None)
    >>> req = LLMRequest(model="openai/test", messages=[{"role": "user", "content": "hi"}],
    ...                  mock_response="hello")
    >>> asyncio.run(gw.complete(req)).text
    'hello'
"""

from __future__ import annotations

import asyncio
import contextvars
import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace
from typing import Any

from golive.llm.cache import ResponseCache
from golive.llm.cost import Ledger, price
from golive.llm.errors import LLMError, Transient
from golive.llm.ratelimit import RateLimiter, estimate_tokens, retry_delay
from golive.llm.request import LLMRequest, LLMResponse
from golive.llm.transport import AIOHTTP, AiohttpTransport, call_litellm, path_for

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

# Request, response and error types are re-exported: callers import them from here too.
__all__ = [
    "Gateway", "LLMError", "LLMRequest", "LLMResponse", "current_gateway", "episode_ledger",
    "installed_gateway", "use_gateway",
]

# Usage of the episode being played, so timings.jsonl can say what each episode cost.
episode_ledger: contextvars.ContextVar[Ledger | None] = contextvars.ContextVar(
    "golive_episode_ledger", default=None
)
_current: contextvars.ContextVar[Gateway | None] = contextvars.ContextVar(
    "golive_gateway", default=None
)


class Gateway:
    """One per run: owns the cache, rate limits, retry policy, transports and ledger."""

    def __init__(
        self,
        cache: ResponseCache | None = None,
        *,
        retries: int = 3,
        timeout_s: float = 60.0,
        api_key: str | None = None,
        limiter: RateLimiter | None = None,
        backoff_s: float = 0.5,
    ) -> None:
        self.cache = cache
        self.retries = retries
        self.timeout_s = timeout_s
        self.api_key = api_key
        self.limiter = limiter or RateLimiter()
        self.backoff_s = backoff_s
        self.ledger = Ledger()
        self.calls = 0  # requests sent to a model (cache hits excluded)
        self.paths: Counter[str] = Counter()  # which transport served each call
        self._http = AiohttpTransport(api_key, timeout_s)
        self._writer: ThreadPoolExecutor | None = None
        self._writes: set[asyncio.Future[None]] = set()

    async def complete(self, request: LLMRequest) -> LLMResponse:
        """Answer from the cache, or call the model (with retries) and remember the answer."""
        key = request.cache_key() if self.cache is not None else ""
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            response = LLMResponse(**{**hit, "cached": True, "cost_usd": 0.0})
        else:
            response = await self._call_with_retries(request)
            if self.cache is not None:
                stored = {k: v for k, v in asdict(response).items() if k not in ("cached", "cost_usd")}
                self._store(key, stored)
        self._book(request, response)
        return response

    def _store(self, key: str, value: dict[str, Any]) -> None:
        # A SQLite write costs ~0.4 ms: done on one writer thread, not on the event loop.
        assert self.cache is not None
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="golive-cache")
        future = asyncio.get_running_loop().run_in_executor(self._writer, self.cache.put, key, value)
        self._writes.add(future)
        future.add_done_callback(self._writes.discard)

    def _book(self, request: LLMRequest, response: LLMResponse) -> None:
        args = (request.role, request.model, response.prompt_tokens, response.completion_tokens)
        self.ledger.add(*args, cached=response.cached)
        if (episode := episode_ledger.get()) is not None:
            episode.add(*args, cached=response.cached)

    async def _call_with_retries(self, request: LLMRequest) -> LLMResponse:
        estimate = estimate_tokens(request.messages, request.max_tokens)
        for attempt in range(self.retries + 1):
            await self.limiter.acquire(request.model, estimate)
            try:
                response = await self._call_once(request)
            except Transient as exc:
                if attempt >= self.retries:
                    raise LLMError(exc.kind, f"{exc} (after {attempt + 1} attempts)") from exc
                await asyncio.sleep(retry_delay(attempt, retry_after=exc.retry_after,
                                                base_s=self.backoff_s))
                continue
            used = response.prompt_tokens + response.completion_tokens
            self.limiter.settle(request.model, estimate, used)
            usd = price(request.model, response.prompt_tokens, response.completion_tokens)
            return replace(response, cost_usd=usd)
        raise LLMError("error", "retries exhausted")  # pragma: no cover - loop always returns

    async def _call_once(self, request: LLMRequest) -> LLMResponse:
        self.calls += 1
        path = path_for(request)
        self.paths[path] += 1
        if path == AIOHTTP:
            return await self._http.call(request)
        try:
            return await asyncio.wait_for(
                call_litellm(request, self.api_key, self.timeout_s), self.timeout_s
            )
        except TimeoutError as exc:
            raise Transient("timeout", f"no answer within {self.timeout_s:g}s") from exc

    async def aclose(self) -> None:
        """Finish pending cache writes and close connections (on the loop that made them)."""
        if self._writes:
            await asyncio.gather(*self._writes)
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        await self._http.aclose()


def use_gateway(gateway: Gateway) -> contextvars.Token[Gateway | None]:
    """Make ``gateway`` the one ``current_gateway()`` returns (the runner does this)."""
    return _current.set(gateway)


def installed_gateway() -> Gateway | None:
    """The run's gateway if one is installed here, else ``None`` (never makes one).

    For callers that must close whatever gateway they make themselves.
    """
    return _current.get()


def current_gateway() -> Gateway:
    """The run's gateway; outside a run, a default one with the disk cache.

    LLM simulators and judges call this instead of building their own, so the run's cache,
    rate limits and cost ledger cover every call.
    """
    gateway = _current.get()
    if gateway is None:
        gateway = Gateway(ResponseCache())
        _current.set(gateway)
    return gateway
