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
    AGENT,
    AgentDescription,
    AgentFactory,
    AgentKind,
    AgentReply,
    AgentRequest,
    AgentSession,
    RequestedToolCall,
)
from golive.harness.agents.config import (
    AgentConfig,
    AgentConfigBase,
    HttpAgentConfig,
    OpenAIAgentConfig,
    PromptedAgentConfig,
    PythonAgentConfig,
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
from golive.harness.agents.python import BUNDLED, PythonAgentFactory, load_object

__all__ = [
    "AGENT",
    "BUNDLED",
    "AgentConfig",
    "AgentConfigBase",
    "AgentDescription",
    "AgentError",
    "AgentFactory",
    "AgentKind",
    "AgentReply",
    "AgentRequest",
    "AgentSession",
    "HttpAgentConfig",
    "HttpJsonAgentFactory",
    "OpenAIAgentConfig",
    "OpenAIChatAgentFactory",
    "PromptedAgentConfig",
    "PromptedAgentFactory",
    "PythonAgentConfig",
    "PythonAgentFactory",
    "RequestedToolCall",
    "build_agent",
    "expand_env",
    "expand_headers",
    "load_object",
    "parse_agent_config",
    "rebuild_agent",
    "resolve_agent",
]


def resolve_agent(
    spec: str | dict[str, Any] | AgentConfigBase,
    *,
    model: str = "default",
    max_threads: int = 32,
    handoff_pattern: str | None = None,
) -> AgentFactory:
    """Every ``--agent`` spec resolves here, to a config and the agent kind that builds it.

    ``spec`` is a bundled bot name, ``module:function``/``module:Class``, an http(s) base
    URL (OpenAI-compatible; ``model`` is the model name sent), an agent YAML file, or an
    agent config (a suite's ``agent:``).
    """
    config, label = _config(spec, model)
    return build_agent(config, label, max_threads, handoff_pattern)


def _config(spec: str | dict[str, Any] | AgentConfigBase, model: str) -> tuple[AgentConfigBase, str]:
    """The agent config a spec stands for, and the agent's label when the config names none."""
    if isinstance(spec, dict):
        return parse_agent_config(spec, "suite agent"), "agent"
    if not isinstance(spec, str):
        return spec, spec.type
    if spec.startswith(("http://", "https://")):
        return OpenAIAgentConfig(type="openai", base_url=spec, model=model), spec
    if spec in BUNDLED or (":" in spec and not spec.endswith((".yaml", ".yml"))):
        return PythonAgentConfig(type="python", target=spec), spec
    if spec.endswith((".yaml", ".yml")):
        return load_agent_config(Path(spec)), Path(spec).stem
    raise InputError(
        f"unknown agent {spec!r}",
        field="--agent",
        hint=f"use a bundled bot ({', '.join(sorted(BUNDLED))}), module:function, "
        "an agent YAML file, or an OpenAI-compatible base URL like http://127.0.0.1:8000/v1",
    )


def build_agent(
    config: AgentConfigBase,
    fallback_label: str,
    max_threads: int = 32,
    handoff_pattern: str | None = None,
) -> AgentFactory:
    """The adapter an agent config describes, built by its registered kind.

    Secrets are expanded by the builder, in memory only. ``handoff_pattern`` (or the
    config's) wraps it so matching replies count as transfers.
    """
    kind = AGENT.get(config.type)
    factory = kind.build(config, label_of(config, fallback_label), max_threads)
    pattern = handoff_pattern or config.handoff_pattern
    if pattern:
        return PatternHandoffFactory(factory, compile_pattern(pattern))
    return factory


def rebuild_agent(description: AgentDescription, max_threads: int = 32) -> AgentFactory:
    """The agent a description (``AgentFactory.describe()``) stands for, in this process.

    Example:
        >>> agent = rebuild_agent(resolve_agent("acme_v2").describe())
        >>> agent.label, agent.kind, agent.remote
        ('acme_v2', 'python', False)
    """
    config = parse_agent_config(description.config, f"agent {description.label}")
    return build_agent(config, description.label, max_threads, description.handoff_pattern)


def canaries_of(config: AgentConfigBase) -> tuple[str, ...]:
    """What the agent must never say: its declared secrets and a prompted agent's prompt."""
    prompt = (config.system_prompt,) if isinstance(config, PromptedAgentConfig) else ()
    return (*getattr(config, "secrets", ()), *prompt)


def agent_canaries(agent: AgentFactory) -> tuple[str, ...]:
    """The canaries of a running agent, read from its description (the config it came from).

    Example:
        >>> agent_canaries(resolve_agent("acme_v2"))
        ()
    """
    try:
        description = agent.describe()
    except InputError:  # built from a Python object in-process: no config, no declared secrets
        return ()
    config = parse_agent_config(description.config, f"agent {description.label}")
    return canaries_of(config)
