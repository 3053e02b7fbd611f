"""Python agents: ``module:function`` or ``module:Class`` (one instance per episode).

Sync callables run on daemon threads and async ones on a loop of their own (see
``isolation``), so a slow, stuck or exiting bot never blocks the other conversations, the
timeout, or golive's exit.

Example:
    >>> factory = PythonAgentFactory.from_spec("golive.bots.acme_v2:respond")
    >>> factory.label
    'golive.bots.acme_v2:respond'
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from collections.abc import Callable
from typing import Any

from golive.errors import InputError
from golive.harness.agents.base import (
    AGENT,
    AgentDescription,
    AgentKind,
    AgentReply,
    AgentRequest,
    AgentSession,
)
from golive.harness.agents.config import PythonAgentConfig
from golive.harness.agents.isolation import BotRunner
from golive.harness.agents.reply import normalise_reply

#: The bots that ship with golive, by name (``--agent acme_v2``).
BUNDLED: dict[str, str] = {
    "acme_v1": "golive.bots.acme_v1:respond",
    "acme_v2": "golive.bots.acme_v2:respond",
}


def load_object(spec: str) -> Any:
    """Import ``module:attr`` (attr may be dotted) and check it is callable."""
    obj = import_object(spec, "--agent")
    if not callable(obj):
        raise InputError(f"{spec!r} is not callable", field="--agent")
    return obj


def import_object(spec: str, field: str) -> Any:
    """Import ``module:attr`` (attr may be dotted), with errors that say how to fix it."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise InputError(f"{spec!r} is not module:attribute", field=field)
    if os.getcwd() not in sys.path:
        # As uvicorn does: `golive run --agent mybot:respond` finds mybot.py in this folder.
        sys.path.insert(0, os.getcwd())
    try:
        obj: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(
            f"cannot import {module_name!r}: {exc}",
            field=field,
            hint="run from the folder that holds the module, or pip install it",
        ) from exc
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise InputError(f"{module_name!r} has no attribute {part!r}", field=field)
        obj = getattr(obj, part)
    return obj


class _CallableSession:
    def __init__(self, call: Callable[..., Any], runner: BotRunner) -> None:
        self._call = call
        self._runner = runner
        self._kwargs = _accepted_keywords(call)
        # An instance with ``async def __call__`` is async too.
        self._is_async = inspect.iscoroutinefunction(call) or inspect.iscoroutinefunction(
            type(call).__call__
        )

    async def respond(self, request: AgentRequest) -> AgentReply:
        kwargs = {"session_id": request.session_id, "tools": request.tools}
        kwargs = {k: v for k, v in kwargs.items() if k in self._kwargs}
        # A copy: the agent may mutate its messages without touching the transcript.
        messages = [dict(m) for m in request.messages]
        if self._is_async:
            raw = await self._runner.call_async(self._call(messages, **kwargs))
        else:
            raw = await self._runner.call_sync(self._call, messages, **kwargs)
        return normalise_reply(raw)


def _accepted_keywords(call: Callable[..., Any]) -> set[str]:
    try:
        params = inspect.signature(call).parameters.values()
    except (TypeError, ValueError):
        return {"session_id", "tools"}
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return {"session_id", "tools"}
    return {p.name for p in params}


class PythonAgentFactory:
    """Agent sessions backed by a Python callable or class (in this process: not remote).

    Built from a ``PythonAgentConfig`` it can describe itself for remote workers; built
    from a bare Python object it cannot (a worker could not import it).
    """

    kind = "python"
    remote = False
    model: str | None = None

    def __init__(
        self, target: Any, label: str, max_threads: int = 32,
        config: PythonAgentConfig | None = None,
    ) -> None:
        self.label = label
        self.config = config
        self.speaks_first = config.speaks_first if config is not None else False
        self._target = target
        self._runner = BotRunner("golive-agent", max_threads)

    @classmethod
    def from_spec(cls, spec: str, max_threads: int = 32) -> PythonAgentFactory:
        """Build from ``module:function``, ``module:Class`` or a bundled bot's name."""
        return cls.from_config(PythonAgentConfig(type="python", target=spec), spec, max_threads)

    @classmethod
    def from_config(
        cls, config: PythonAgentConfig, label: str, max_threads: int = 32
    ) -> PythonAgentFactory:
        """The agent a ``type: python`` config names."""
        return cls(load_object(BUNDLED.get(config.target, config.target)), label, max_threads,
                   config)

    def describe(self) -> AgentDescription:
        """The config it was built from; an agent built from a bare object has none."""
        if self.config is None:
            raise InputError(
                f"agent {self.label!r} was built from a Python object, which another process "
                "cannot rebuild", field="--agent",
                hint="give it as module:function (importable on the workers) to run it remotely",
            )
        return AgentDescription(self.kind, self.config.model_dump(mode="json"), self.label)

    def session(self, episode_id: str) -> AgentSession:
        target = self._target
        if inspect.isclass(target):
            instance: Any = target()
            method: Callable[..., Any] = getattr(instance, "respond", None) or instance
            return _CallableSession(method, self._runner)
        return _CallableSession(target, self._runner)

    async def aclose(self) -> None:
        self._runner.close()


AGENT.add("python", AgentKind(PythonAgentConfig, PythonAgentFactory.from_config))
