"""``--rpm`` / ``--tpm`` for metered agents: every agent call waits for its model's buckets.

The adapter already retries 429s honouring Retry-After; this keeps a run from causing
them in the first place when the agent sits behind a rate-limited API.

Example:
    >>> from golive.harness.agents import resolve_agent
    >>> from golive.llm import RateLimiter
    >>> RateLimitedAgent(resolve_agent("acme_v2"), RateLimiter(rpm=60), "m").label
    'acme_v2'
"""

from __future__ import annotations

from golive.harness.agents.base import (
    AgentFactory,
    AgentReply,
    AgentRequest,
    AgentSession,
    WrappedAgent,
)
from golive.llm import RateLimiter
from golive.llm.ratelimit import estimate_tokens


class RateLimitedAgent(WrappedAgent):
    """Wraps an agent factory so each call first takes from the model's rate buckets.

    ``bucket`` names the buckets; its description is the inner agent's (a remote worker
    applies its own limits).
    """

    def __init__(self, inner: AgentFactory, limiter: RateLimiter, bucket: str) -> None:
        super().__init__(inner)
        self._limiter = limiter
        self._bucket = bucket

    def session(self, episode_id: str) -> AgentSession:
        return _LimitedSession(self.inner.session(episode_id), self._limiter, self._bucket)


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


def with_limits(agent: AgentFactory, limiter: RateLimiter) -> AgentFactory:
    """``agent`` under ``--rpm``/``--tpm`` when it is remote and metered by a model.

    Limits follow the agent contract (``remote`` and ``model``), never its label; the
    buckets are keyed ``agent#<model>``, apart from the gateway's simulator and judge
    buckets. Agents whose calls golive's LLM gateway makes (``model`` None) are untouched.

    Example:
        >>> from golive.harness.agents import resolve_agent
        >>> with_limits(resolve_agent("acme_v2"), RateLimiter(rpm=60)).label  # local: as is
        'acme_v2'
    """
    if limiter.active and agent.remote and agent.model is not None:
        return RateLimitedAgent(agent, limiter, f"agent#{agent.model}")
    return agent
