"""Handoffs for text-only bots: a configured regular expression found in a reply.

A bot that cannot call tools still hands over, by saying so ("Let me get a colleague").
``--handoff-pattern`` (or ``handoff_pattern:`` in the agent YAML) turns such a reply into a
transfer, recorded with ``source: pattern`` so reports can tell it from a tool call.

Example:
    >>> import asyncio
    >>> class Echo:
    ...     async def respond(self, request): return AgentReply(content="Transferring you now.")
    >>> session = _PatternSession(Echo(), compile_pattern("transferring you"))
    >>> reply = asyncio.run(session.respond(AgentRequest([], "s", [])))
    >>> reply.handoff.source
    'pattern'
"""

from __future__ import annotations

import dataclasses
import re

from golive.errors import InputError
from golive.harness.agents.base import (
    AgentDescription,
    AgentFactory,
    AgentReply,
    AgentRequest,
    AgentSession,
    WrappedAgent,
)
from golive.results.models import Handoff, HandoffKind


def compile_pattern(pattern: str, where: str = "--handoff-pattern") -> re.Pattern[str]:
    """Compile case-insensitively, or say what is wrong with the expression."""
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise InputError(
            f"handoff pattern {pattern!r} is not a regular expression: {exc}", field=where,
            hint="e.g. --handoff-pattern 'transferr?ing you|a colleague will'",
        ) from exc


class _PatternSession:
    def __init__(self, inner: AgentSession, pattern: re.Pattern[str]) -> None:
        self._inner = inner
        self._pattern = pattern

    async def respond(self, request: AgentRequest) -> AgentReply:
        reply = await self._inner.respond(request)
        if reply.handoff is not None or not self._pattern.search(reply.content):
            return reply
        match = self._pattern.search(reply.content)
        handoff = Handoff(
            kind=HandoffKind.TRANSFER, reason=match.group(0) if match else "", source="pattern"
        )
        return dataclasses.replace(reply, handoff=handoff)


class PatternHandoffFactory(WrappedAgent):
    """Wraps any agent so replies matching ``pattern`` count as transfers."""

    def __init__(self, inner: AgentFactory, pattern: re.Pattern[str]) -> None:
        super().__init__(inner)
        self._pattern = pattern

    def describe(self) -> AgentDescription:
        """The inner agent's description, with this pattern."""
        return dataclasses.replace(self.inner.describe(), handoff_pattern=self._pattern.pattern)

    def session(self, episode_id: str) -> AgentSession:
        return _PatternSession(self.inner.session(episode_id), self._pattern)
