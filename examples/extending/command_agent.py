"""An agent kind: a bot that only runs as a command (each turn: JSON in, JSON out).

``type: command`` in an agent YAML runs ``command`` once per turn with
``{"messages": [...], "session_id": ..., "tools": [...]}`` on stdin and reads an OpenAI-style
message (``{"content": ..., "tool_calls": [...]}``) from stdout. Importing this module
registers the kind.
"""

from __future__ import annotations

import asyncio
import json
from typing import Literal

from pydantic import Field

from golive.errors import AgentError
from golive.harness.agents import AGENT, AgentConfigBase, AgentDescription, AgentKind
from golive.harness.agents.base import AgentReply, AgentRequest, AgentSession
from golive.harness.agents.reply import normalise_reply


class CommandAgentConfig(AgentConfigBase):
    """A bot behind a command line."""

    type: Literal["command"]
    command: list[str] = Field(min_length=1, description="The program and its arguments.")


class CommandAgent:
    """Runs the command once per turn, in this machine (not remote, no model to meter)."""

    kind = "command"
    remote = False
    model: str | None = None

    def __init__(self, config: CommandAgentConfig, label: str, max_threads: int = 32) -> None:
        self.config, self.label = config, label
        self.speaks_first = config.speaks_first

    def describe(self) -> AgentDescription:
        return AgentDescription(self.kind, self.config.model_dump(mode="json"), self.label)

    def session(self, episode_id: str) -> AgentSession:
        return _CommandSession(self.config)

    async def aclose(self) -> None:
        return None


class _CommandSession:
    def __init__(self, config: CommandAgentConfig) -> None:
        self._config = config

    async def respond(self, request: AgentRequest) -> AgentReply:
        payload = {"messages": request.messages, "session_id": request.session_id,
                   "tools": request.tools}
        proc = await asyncio.create_subprocess_exec(
            *self._config.command, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await proc.communicate(json.dumps(payload).encode())
        if proc.returncode != 0:
            raise AgentError("crash", f"{self._config.command[0]} exited {proc.returncode}: "
                             f"{err.decode(errors='replace')[-300:]}")
        try:
            return normalise_reply(json.loads(out))
        except json.JSONDecodeError as exc:
            raise AgentError("malformed", f"not JSON on stdout: {out[:200]!r}") from exc


AGENT.add("command", AgentKind(CommandAgentConfig, CommandAgent))
