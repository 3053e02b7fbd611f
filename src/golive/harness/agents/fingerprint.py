"""What identifies the agent's code or endpoint, so ``--resume`` never mixes two bots.

A folder killed mid-run and resumed after the bot's code changed used to merge the two
versions' episodes silently. The fingerprint is recorded in the manifest and compared on
``--resume``:

- a Python agent: the SHA-256 of its module's file (``module:function`` or a bundled bot);
- an OpenAI-compatible or REST endpoint: its URL without credentials, and the model or the
  request template;
- a prompted agent: its whole config (model, prompt, settings).

Example:
    >>> from golive.harness.agents import resolve_agent
    >>> fp = agent_fingerprint(resolve_agent("http://bob:pw@127.0.0.1:8000/v1"))
    >>> fp.startswith("endpoint http://127.0.0.1:8000/v1/chat/completions"), "pw" in fp
    (True, False)
"""

from __future__ import annotations

import hashlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any


def agent_fingerprint(agent: Any) -> str:
    """A short, secret-free text that changes when the agent's code or endpoint changes."""
    for _ in range(5):  # unwrap rate limits, handoff patterns and the like
        inner = getattr(agent, "inner", None) or getattr(agent, "_inner", None)
        if inner is None:
            break
        agent = inner
    target = getattr(agent, "_target", None)
    if target is not None:
        return f"python {_module_hash(target)}"
    http = getattr(agent, "http", None)
    if http is not None:
        config = getattr(agent, "config", None)
        extra = f"model={getattr(agent, 'model', '')}" if config is None else "template=" + _hash(
            config.model_dump(mode="json", exclude={"headers", "name"}))
        return f"endpoint {http.url} {extra}"
    config = getattr(agent, "config", None)
    if config is not None and hasattr(config, "model_dump"):
        return f"config {_hash(config.model_dump(mode='json', exclude={'headers', 'name'}))}"
    return f"unknown {type(agent).__name__}"


def _module_hash(target: Any) -> str:
    module = sys.modules.get(getattr(target, "__module__", "") or "")
    try:
        file = inspect.getsourcefile(target) or (module.__file__ if module else None)
    except TypeError:  # an instance or builtin: its class's module
        file = module.__file__ if module else None
    if not file or not Path(file).is_file():
        return f"module {getattr(target, '__module__', '?')} (no source file)"
    digest = hashlib.sha256(Path(file).read_bytes()).hexdigest()[:16]
    return f"sha256:{digest} ({Path(file).name})"


def _hash(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
