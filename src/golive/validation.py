"""Validating user files of any kind; the kind comes from ``kind:`` or the fields present.

Example:
    >>> detect_kind({"scenarios": [], "personas": []})
    'suite'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from golive.errors import InputError, ValidationFailed


def detect_kind(data: Any) -> str | None:
    """``scenario``, ``persona``, ``suite`` or ``agent`` from ``kind`` or telltale fields."""
    if not isinstance(data, dict):
        return None
    if data.get("kind") in ("scenario", "persona", "suite", "agent"):
        return str(data["kind"])
    if "scenarios" in data or "personas" in data:
        return "suite"
    if "customer" in data:
        return "scenario"
    if "emotion" in data:
        return "persona"
    if "type" in data and ("model" in data or "url" in data or "base_url" in data):
        return "agent"
    return None


def validate_file(path: Path) -> list[InputError]:
    """Every problem in one file (a suite also loads what it references)."""
    from golive._yamlfile import parse_yaml, read_text_file
    from golive.harness.agents.config import load_agent_config
    from golive.harness.suite import load_persona, load_scenario, load_suite
    from golive.harness.toolkits import check_scenario_tools

    try:
        data, _ = parse_yaml(read_text_file(path), str(path))
        kind = detect_kind(data)
        if kind is None:
            return [InputError("cannot tell what this file is", file=str(path), line=1,
                               hint="add `kind: scenario`, `kind: persona`, `kind: suite` "
                               "or `kind: agent`")]
        loader = {"suite": load_suite, "scenario": load_scenario, "persona": load_persona,
                  "agent": load_agent_config}[kind]
        loaded: Any = loader(path)
        if kind in ("suite", "scenario"):  # tool and kit names exist only in the harness
            check_scenario_tools(loaded.scenarios if kind == "suite" else [loaded], str(path))
    except ValidationFailed as exc:
        return exc.errors
    except InputError as exc:
        return [exc]
    return []


def validate_files(paths: Sequence[Path]) -> list[InputError]:
    """Every problem in every file."""
    return [problem for path in paths for problem in validate_file(path)]
