"""Agents configured in YAML (``--agent agent.yaml`` or ``agent:`` in a suite).

One file describes one agent; ``type`` picks the agent kind (registry kind ``agent``;
plugins add their own, each with a config model derived from ``AgentConfigBase``):

- ``prompted``: a system prompt on a litellm model (how a CX lead compares prompts);
- ``openai``: an OpenAI-compatible chat endpoint (``base_url`` ending in ``/v1``);
- ``http``: the bot's own REST API, with a request template and a response mapping;
- ``python``: ``module:function`` or ``module:Class``.

Secrets never sit in the file: write ``${ENV_VAR}`` in ``headers`` (or name the variable
in ``api_key_env``); golive expands it in memory when the run starts, so results, the
manifest and MLflow only ever see the reference.

Example:
    >>> config = parse_agent_config({"type": "openai", "base_url": "http://127.0.0.1:8000/v1"})
    >>> config.type, config.timeout_s
    ('openai', 60.0)
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from golive._redact import register_secret
from golive.errors import InputError, ValidationFailed


class AgentConfigBase(BaseModel):
    """What every agent config has; an agent kind's config adds ``type: Literal[name]``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["agent"] = "agent"
    type: str = Field(description="The agent kind (registry kind ``agent``) that builds it.")
    name: str | None = Field(default=None, description="Label in results and MLflow.")
    timeout_s: float = Field(default=60.0, gt=0, description="Seconds per call to the agent.")
    retries: int = Field(default=2, ge=0, le=10, description="Retries on transient errors.")
    speaks_first: bool = Field(
        default=False,
        description="The bot greets first: it is called with no messages before the "
        "customer's opening.",
    )
    handoff_pattern: str | None = Field(
        default=None,
        description="For text-only bots: a regular expression (case-insensitive) that, "
        "found in a reply, counts as a transfer to a human.",
    )
    secrets: list[str] = Field(
        default_factory=list,
        description="Canaries: strings the agent knows but must never say (its instructions, "
        "internal codes). A reply repeating six words in a row of one, or a code in it, is a "
        "critical finding (secrets.canary). A prompted agent's system_prompt counts too.",
    )

    @field_validator("handoff_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"{value!r} is not a regular expression: {exc}") from exc
        return value


class PromptedAgentConfig(AgentConfigBase):
    """A system prompt on a model, called through golive's LLM gateway (litellm)."""

    type: Literal["prompted"]
    model: str = Field(description="A litellm model string, e.g. openai/gpt-4o-mini.")
    system_prompt: str = Field(description="The agent's instructions.")
    api_base: str | None = Field(default=None, description="For local or proxied models.")
    api_key_env: str | None = Field(
        default=None, description="Environment variable that holds the API key."
    )
    temperature: float | None = Field(default=0.0, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1)
    tools: list[str] | None = Field(
        default=None,
        description="Tool names the agent may use (default: every tool the scenario offers).",
    )
    mock_response: str | None = Field(
        default=None, description="litellm mock: answer this text without calling a model."
    )
    cache: bool = Field(
        default=False,
        description="Keep answers in golive's LLM disk cache (.golive-cache/llm): a rerun "
        "with the same inputs replays them, so results are byte-identical.",
    )


class OpenAIAgentConfig(AgentConfigBase):
    """An OpenAI-compatible chat endpoint: posts ``{base_url}/chat/completions``."""

    type: Literal["openai"]
    base_url: str = Field(pattern=r"^https?://", description="Base URL ending in /v1.")
    model: str = Field(default="default", description="Model name sent in the request.")
    headers: dict[str, str] = Field(
        default_factory=dict, description="Extra headers; ${ENV_VAR} references are expanded."
    )
    stream: bool = Field(default=False, description="Ask for server-sent events and join them.")


class ResponseMapping(BaseModel):
    """Where the fields of the bot's JSON answer are (dotted paths)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    content: str = Field(default="reply", description="Path to the reply text.")
    handoff: str | None = Field(
        default=None, description="Path to a flag or object that means a transfer to a human."
    )
    tool_calls: str | None = Field(
        default=None, description="Path to OpenAI-format tool calls, if the bot makes any."
    )


class HttpAgentConfig(AgentConfigBase):
    """A bot behind its own REST API: a JSON request template and a response mapping."""

    type: Literal["http"]
    url: str = Field(pattern=r"^https?://")
    method: Literal["POST", "PUT"] = "POST"
    headers: dict[str, str] = Field(
        default_factory=dict, description="Extra headers; ${ENV_VAR} references are expanded."
    )
    request: dict[str, Any] = Field(
        default_factory=lambda: {"session_id": "{{session_id}}", "message": "{{message}}"},
        description="JSON body template. Placeholders: {{message}} (the customer's last "
        "message), {{messages}} (the whole conversation), {{session_id}}, {{tools}}.",
    )
    response: ResponseMapping = Field(default_factory=ResponseMapping)


class PythonAgentConfig(AgentConfigBase):
    """A Python callable or class, as ``module:function``."""

    type: Literal["python"]
    target: str = Field(description="module:function, module:Class, or a bundled bot name.")


AgentConfig = Annotated[
    PromptedAgentConfig | OpenAIAgentConfig | HttpAgentConfig | PythonAgentConfig,
    Field(discriminator="type"),
]


def parse_agent_config(data: Any, source: str = "agent") -> AgentConfigBase:
    """Check a mapping (from YAML or a suite's ``agent:``) and build its kind's config."""
    from golive.harness.agents.base import AGENT

    kinds = AGENT.rows()
    if not isinstance(data, dict) or data.get("type") not in kinds:
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise InputError(
            f"agent type {got!r} is not one of {', '.join(sorted(kinds))}",
            file=source, field="type", hint="add e.g. `type: prompted` to the agent file",
        )
    try:
        return kinds[data["type"]].config.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            [
                InputError(e["msg"], file=source, field=".".join(str(p) for p in e["loc"]))
                for e in exc.errors()
            ]
        ) from exc


def load_agent_config(path: Path) -> AgentConfigBase:
    """Load ``--agent agent.yaml``, with errors naming the file, line and field."""
    from golive._yamlfile import parse_yaml, read_text_file

    if not path.exists():
        raise InputError(f"no such agent file: {path}", field="--agent")
    data, _ = parse_yaml(read_text_file(path, "agent file"), str(path))
    return parse_agent_config(data, str(path))


_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def expand_env(value: str, where: str) -> str:
    """Replace ``${NAME}`` with the environment variable's value, or say which is missing.

    Example:
        >>> os.environ["GOLIVE_DOC_TOKEN"] = "abc"
        >>> expand_env("Bearer ${GOLIVE_DOC_TOKEN}", "headers.Authorization")
        'Bearer abc'
    """

    def value_of(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise InputError(
                f"environment variable {name} is not set", field=where,
                hint=f"export {name}=... before the run (its value is never written to results)",
            )
        secret = os.environ[name]
        register_secret(secret)  # whatever golive expanded, it masks wherever it appears
        return secret

    return _ENV_REF.sub(value_of, value)


def expand_headers(headers: dict[str, str]) -> dict[str, str]:
    """Every header with its ``${ENV_VAR}`` references expanded (credentials registered)."""
    expanded = {k: expand_env(v, f"headers.{k}") for k, v in headers.items()}
    for name, value in expanded.items():
        if _CREDENTIAL_HEADER.search(name):
            register_secret(value.split(" ", 1)[-1])  # "Bearer abc...": the token itself
    return expanded


_CREDENTIAL_HEADER = re.compile(r"(?i)authorization|api[-_]?key|token|secret|cookie")


def label_of(config: AgentConfigBase, fallback: str) -> str:
    """The agent's name in results: ``name``, else ``fallback`` (its file or spec)."""
    return config.name or fallback
