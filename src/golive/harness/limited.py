"""``--rpm`` / ``--tpm`` for HTTP agents: every agent call waits for its model's buckets.

The adapter already retries 429s honouring Retry-After; this keeps a run from causing
them in the first place when the agent sits behind a rate-limited API.

Example:
    >>> from golive.harness.agents import resolve_agent
    >>> from golive.llm import RateLimiter
    >>> RateLimitedAgent(resolve_agent("acme_v2"), RateLimiter(rpm=60), "m").label
    'acme_v2'
"""

from __future__ import annotations

from golive.harness.agents.base import AgentFactory, AgentReply, AgentRequest, AgentSession
from golive.llm import RateLimiter
from golive.llm.ratelimit import estimate_tokens


class RateLimitedAgent:
    """Wraps an agent factory so each call first takes from the model's rate buckets."""

    def __init__(self, inner: AgentFactory, limiter: RateLimiter, model: str) -> None:
        self.label = inner.label
        self._inner = inner
        self._limiter = limiter
        self._model = model

    def session(self, episode_id: str) -> AgentSession:
        return _LimitedSession(self._inner.session(episode_id), self._limiter, self._model)

    async def aclose(self) -> None:
        await self._inner.aclose()


class _LimitedSession:
    def __init__(self, inner: AgentSession, limiter: RateLimiter, model: str) -> None:
        self._inner, self._limiter, self._model = inner, limiter, model

    async def respond(self, request: AgentRequest) -> AgentReply:
        estimate = estimate_tokens(request.messages)
        await self._limiter.acquire(self._model, estimate)
        reply = await self._inner.respond(request)
        used = reply.tokens.prompt + reply.tokens.completion
        if used:
            self._limiter.settle(self._model, estimate, used)
        return reply
