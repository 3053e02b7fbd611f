"""The agent contract: what the harness sends the bot under test and what it takes back.

In: the conversation so far as OpenAI chat messages, a ``session_id`` stable per episode,
and the tools the bot may call. Out: text, tool calls, and optionally an explicit handoff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from golive.results.models import Handoff, TokenUsage


@dataclass(frozen=True)
class AgentRequest:
    """One call to the agent."""

    messages: list[dict[str, Any]]
    session_id: str
    tools: list[dict[str, Any]]


@dataclass(frozen=True)
class RequestedToolCall:
    """A tool call as the agent asked for it, before the environment runs it."""

    id: str
    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class AgentReply:
    """What the agent answered: text, tool calls, and an explicit handoff if it made one."""

    content: str = ""
    tool_calls: tuple[RequestedToolCall, ...] = field(default=())
    handoff: Handoff | None = None
    tokens: TokenUsage = field(default_factory=TokenUsage)


class AgentSession(Protocol):
    """The agent as one episode sees it."""

    async def respond(self, request: AgentRequest) -> AgentReply:
        """Answer one turn."""
        ...


class AgentFactory(Protocol):
    """Builds one session per episode; ``label`` names the agent in results and MLflow."""

    label: str

    def session(self, episode_id: str) -> AgentSession:
        """A fresh session (one instance per episode for class-based agents)."""
        ...

    async def aclose(self) -> None:
        """Release connections and threads."""
        ...
