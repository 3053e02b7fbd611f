"""Agent adapters and the one place that maps an ``--agent`` spec to an adapter.

Example:
    >>> resolve_agent("acme_v2").label
    'acme_v2'
"""

from __future__ import annotations

from golive.errors import InputError
from golive.harness.agents.base import (
    AgentError,
    AgentFactory,
    AgentReply,
    AgentRequest,
    AgentSession,
    RequestedToolCall,
)
from golive.harness.agents.openai_http import OpenAIChatAgentFactory
from golive.harness.agents.python import PythonAgentFactory, load_object

BUNDLED: dict[str, str] = {
    "acme_v1": "golive.bots.acme_v1:respond",
    "acme_v2": "golive.bots.acme_v2:respond",
}

__all__ = [
    "BUNDLED",
    "AgentError",
    "AgentFactory",
    "AgentReply",
    "AgentRequest",
    "AgentSession",
    "RequestedToolCall",
    "resolve_agent",
]


def resolve_agent(spec: str, *, model: str = "default", max_threads: int = 32) -> AgentFactory:
    """A bundled bot name, ``module:function``/``module:Class``, or an http(s) base URL."""
    if spec.startswith(("http://", "https://")):
        return OpenAIChatAgentFactory(spec, model=model)
    if spec in BUNDLED:
        return PythonAgentFactory(load_object(BUNDLED[spec]), spec, max_threads)
    if ":" in spec:
        return PythonAgentFactory.from_spec(spec, max_threads)
    raise InputError(
        f"unknown agent {spec!r}",
        field="--agent",
        hint=f"use a bundled bot ({', '.join(sorted(BUNDLED))}), module:function, "
        "or an OpenAI-compatible base URL like http://127.0.0.1:8000/v1",
    )
