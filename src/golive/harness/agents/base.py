"""The agent contract: what the harness sends the bot under test and what it takes back.

In: the conversation so far as OpenAI chat messages, a ``session_id`` stable per episode,
and the tools the bot may call. Out: text, tool calls, and optionally an explicit handoff.

An ``AgentFactory`` says what it is (``kind``, ``remote``, ``speaks_first``, ``model``) and
how to rebuild it elsewhere (``describe()``, a picklable ``AgentDescription`` a Ray worker
turns back into an equal factory). Agent kinds are the registry kind ``agent``: a config
model (the YAML's ``type``) and a builder, one ``AgentKind`` registered next to each adapter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from golive.registry import Kind
from golive.results.models import Handoff, TokenUsage

if TYPE_CHECKING:
    from golive.harness.agents.config import AgentConfigBase


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


@dataclass(frozen=True)
class AgentDescription:
    """How to rebuild an agent in another process: picklable, and no secret expanded.

    ``config`` is the agent's configuration as JSON data (``${ENV_VAR}`` references kept;
    the process that rebuilds it expands them from its own environment).

    Example:
        >>> import pickle
        >>> d = AgentDescription("python", {"type": "python", "target": "acme_v2"}, "acme_v2")
        >>> pickle.loads(pickle.dumps(d)) == d
        True
    """

    kind: str
    config: dict[str, Any]
    label: str
    handoff_pattern: str | None = None

    def env_names(self) -> list[str]:
        """The environment variables its config references as ``${NAME}``, sorted.

        Example:
            >>> AgentDescription("openai", {"headers": {"A": "Bearer ${TOKEN}"}}, "x").env_names()
            ['TOKEN']
        """
        import json
        import re

        return sorted(set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", json.dumps(self.config))))


class AgentFactory(Protocol):
    """Builds one session per episode: the agent contract the harness relies on.

    ``label`` names the agent in results and MLflow; ``kind`` is the agent kind that built
    it; ``remote`` means it is reached over the network (the run preflights it first);
    ``speaks_first`` means the bot greets before the customer's opening; ``model`` is the
    model the tokens it reports are priced as and whose ``--rpm``/``--tpm`` buckets its
    calls take from (``None``: golive's LLM gateway already meters its calls, or it calls
    no model over its own connection).
    """

    label: str

    @property
    def kind(self) -> str:
        """The agent kind (registry kind ``agent``) that built it, e.g. ``openai``."""
        ...

    @property
    def remote(self) -> bool:
        """Reached over the network: the run preflights it before the first episode."""
        ...

    @property
    def speaks_first(self) -> bool:
        """The bot greets first: it is called with no messages before the customer."""
        ...

    @property
    def model(self) -> str | None:
        """The model its reported tokens are priced as and rate-limited under, if metered."""
        ...

    def describe(self) -> AgentDescription:
        """What a remote worker needs to rebuild this agent (``rebuild_agent``)."""
        ...

    def session(self, episode_id: str) -> AgentSession:
        """A fresh session (one instance per episode for class-based agents)."""
        ...

    async def aclose(self) -> None:
        """Release connections and threads."""
        ...


class WrappedAgent:
    """An agent around another (handoff patterns, rate limits): the contract is the inner's.

    Subclasses override ``session``; everything the harness reads about the agent, and its
    description for remote workers, comes from ``inner``.
    """

    def __init__(self, inner: AgentFactory) -> None:
        self.inner = inner
        self.label = inner.label

    @property
    def kind(self) -> str:
        return self.inner.kind

    @property
    def remote(self) -> bool:
        return self.inner.remote

    @property
    def speaks_first(self) -> bool:
        return self.inner.speaks_first

    @property
    def model(self) -> str | None:
        return self.inner.model

    def describe(self) -> AgentDescription:
        return self.inner.describe()

    def session(self, episode_id: str) -> AgentSession:
        return self.inner.session(episode_id)

    async def aclose(self) -> None:
        await self.inner.aclose()


@dataclass(frozen=True)
class AgentKind:
    """One agent kind: its config model (with ``type: Literal[name]``) and its builder.

    ``build(config, label, max_threads)`` returns the factory; secrets are expanded there.
    """

    config: type[AgentConfigBase]
    build: Callable[[Any, str, int], AgentFactory]


#: Registry kind ``agent``: config ``type`` -> AgentKind (built-ins: ``golive.harness.agents``).
AGENT: Kind[AgentKind] = Kind("agent", builtins=("golive.harness.agents",), noun="agent kind",
                              field="type")
