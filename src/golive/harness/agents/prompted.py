"""Prompted agents: a system prompt on a litellm model, configured in YAML.

This is how a CX lead compares "v1 prompt on model A" with "v2 prompt on model B" without
writing code. Calls go through golive's LLM gateway (litellm: retries, timeout, cost).

Example:
    >>> from golive.harness.agents.config import PromptedAgentConfig
    >>> config = PromptedAgentConfig(type="prompted", model="openai/x", system_prompt="Be kind.")
    >>> PromptedAgentFactory(config, "kind-bot").label
    'kind-bot'
"""

from __future__ import annotations

import os
from typing import Any

from golive.errors import AgentError
from golive.harness.agents.base import AgentReply, AgentRequest, AgentSession
from golive.harness.agents.config import PromptedAgentConfig
from golive.harness.agents.reply import normalise_reply
from golive.llm.gateway import Gateway, LLMError, LLMRequest


class PromptedAgentFactory:
    """Sessions that answer with ``config.model`` under ``config.system_prompt``."""

    remote = True

    def __init__(self, config: PromptedAgentConfig, label: str) -> None:
        self.label = label
        self.config = config
        api_key = os.environ.get(config.api_key_env) if config.api_key_env else None
        if api_key is None and config.api_base:
            api_key = "not-needed"  # local OpenAI-compatible servers ignore it; clients demand one
        cache = None
        if config.cache:
            from golive.llm.cache import ResponseCache

            cache = ResponseCache()
        self.gateway = Gateway(
            cache=cache, retries=config.retries, timeout_s=config.timeout_s, api_key=api_key
        )

    def session(self, episode_id: str) -> AgentSession:
        return _PromptedSession(self)

    def request(self, request: AgentRequest) -> LLMRequest:
        """The LLM call for one agent turn."""
        config = self.config
        tools = [
            t for t in request.tools
            if config.tools is None or t["function"]["name"] in config.tools
        ]
        messages = [{"role": "system", "content": config.system_prompt}, *request.messages]
        return LLMRequest(
            model=config.model, messages=messages, temperature=config.temperature,
            max_tokens=config.max_tokens, tools=tools or None, api_base=config.api_base,
            mock_response=config.mock_response, role="agent",
        )

    async def aclose(self) -> None:
        await self.gateway.aclose()  # its connections belong to the loop that opened them


class _PromptedSession:
    def __init__(self, factory: PromptedAgentFactory) -> None:
        self._factory = factory

    async def respond(self, request: AgentRequest) -> AgentReply:
        try:
            answer = await self._factory.gateway.complete(self._factory.request(request))
        except LLMError as exc:
            kind = exc.kind
            if kind == "error" and "connection error" in str(exc).lower():
                kind = "unreachable"  # litellm reports a refused connection as a server error
            raise AgentError(kind, f"model {self._factory.config.model}: {exc}") from exc
        message: dict[str, Any] = {
            "content": answer.text,
            "tool_calls": answer.tool_calls,
            "usage": {
                "prompt_tokens": answer.prompt_tokens,
                "completion_tokens": answer.completion_tokens,
            },
        }
        return normalise_reply(message)
