"""Agent adapters and the one place that maps an ``--agent`` spec to an adapter.

Example:
    >>> resolve_agent("acme_v2").label
    'acme_v2'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from golive.errors import AgentError, InputError
from golive.harness.agents.base import (
    AgentFactory,
    AgentReply,
    AgentRequest,
    AgentSession,
    RequestedToolCall,
)
from golive.harness.agents.config import (
    AgentConfig,
    HttpAgentConfig,
    OpenAIAgentConfig,
    PromptedAgentConfig,
    expand_env,
    expand_headers,
    label_of,
    load_agent_config,
    parse_agent_config,
)
from golive.harness.agents.http_json import HttpJsonAgentFactory
from golive.harness.agents.openai_http import OpenAIChatAgentFactory
from golive.harness.agents.pattern import PatternHandoffFactory, compile_pattern
from golive.harness.agents.prompted import PromptedAgentFactory
from golive.harness.agents.python import PythonAgentFactory, load_object

BUNDLED: dict[str, str] = {
    "acme_v1": "golive.bots.acme_v1:respond",
    "acme_v2": "golive.bots.acme_v2:respond",
}

__all__ = [
    "BUNDLED",
    "AgentConfig",
    "AgentError",
    "AgentFactory",
    "AgentReply",
    "AgentRequest",
    "AgentSession",
    "RequestedToolCall",
    "build_agent",
    "parse_agent_config",
    "resolve_agent",
]


def resolve_agent(
    spec: str | dict[str, Any] | AgentConfig,
    *,
    model: str = "default",
    max_threads: int = 32,
    handoff_pattern: str | None = None,
) -> AgentFactory:
    """The one registry of agent kinds: every ``--agent`` spec resolves here.

    ``spec`` is a bundled bot name, ``module:function``/``module:Class``, an http(s) base
    URL (OpenAI-compatible), an agent YAML file, or an agent config (a suite's ``agent:``).
    """
    factory = _resolve(spec, model, max_threads)
    pattern = handoff_pattern or _config_pattern(spec)
    if pattern:
        return PatternHandoffFactory(factory, compile_pattern(pattern))
    return factory


def _config_pattern(spec: object) -> str | None:
    if isinstance(spec, str) and spec.endswith((".yaml", ".yml")):
        return load_agent_config(Path(spec)).handoff_pattern
    if isinstance(spec, dict):
        return parse_agent_config(spec).handoff_pattern
    return getattr(spec, "handoff_pattern", None)


def _resolve(spec: str | dict[str, Any] | AgentConfig, model: str, max_threads: int) -> AgentFactory:
    if isinstance(spec, dict):
        return build_agent(parse_agent_config(spec, "suite agent"), "agent", max_threads)
    if not isinstance(spec, str):
        return build_agent(spec, spec.type, max_threads)
    if spec.startswith(("http://", "https://")):
        return OpenAIChatAgentFactory(spec, model=model)
    if spec in BUNDLED:
        return PythonAgentFactory(load_object(BUNDLED[spec]), spec, max_threads)
    if spec.endswith((".yaml", ".yml")):
        return build_agent(load_agent_config(Path(spec)), Path(spec).stem, max_threads)
    if ":" in spec:
        return PythonAgentFactory.from_spec(spec, max_threads)
    raise InputError(
        f"unknown agent {spec!r}",
        field="--agent",
        hint=f"use a bundled bot ({', '.join(sorted(BUNDLED))}), module:function, "
        "an agent YAML file, or an OpenAI-compatible base URL like http://127.0.0.1:8000/v1",
    )


def build_agent(config: AgentConfig, fallback_label: str, max_threads: int = 32) -> AgentFactory:
    """The adapter an agent config describes (secrets expanded here, in memory only)."""
    factory = _build(config, label_of(config, fallback_label), max_threads)
    # Read by the runner with getattr: plain factories (module:function, URLs) answer first.
    factory.speaks_first = config.speaks_first  # type: ignore[attr-defined]
    return factory


def _build(config: AgentConfig, label: str, max_threads: int) -> AgentFactory:
    if isinstance(config, PromptedAgentConfig):
        return PromptedAgentFactory(config, label)
    if isinstance(config, OpenAIAgentConfig):
        return OpenAIChatAgentFactory(
            expand_env(config.base_url, "base_url"), model=config.model, retries=config.retries,
            headers=expand_headers(config.headers), timeout_s=config.timeout_s,
            stream=config.stream, label=label, shown_url=config.base_url,
        )
    if isinstance(config, HttpAgentConfig):
        return HttpJsonAgentFactory(config, label)
    target = BUNDLED.get(config.target, config.target)
    return PythonAgentFactory(load_object(target), label, max_threads)
