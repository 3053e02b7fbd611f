"""Validating user files of any kind; the kind comes from ``kind:`` or the fields present.

Files are suites, scenarios, personas, agent configs, gate (thresholds) files and team
rules files; a folder stands for every YAML file inside it. Beside errors (the file is
wrong), a check returns warnings: valid files that cannot fail the way their author
thinks (``golive.traps``).

Example:
    >>> detect_kind({"scenarios": [], "personas": []})
    'suite'
    >>> detect_kind({"thresholds": ["guardrails.critical == 0"]})
    'gate'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from golive.errors import InputError, ValidationFailed

KINDS = ("scenario", "persona", "suite", "agent", "gate", "rules", "mutations", "pack")
YAML_SUFFIXES = (".yaml", ".yml")
UNKNOWN_KIND = "cannot tell what this file is"


@dataclass
class Checked:
    """What ``golive validate`` found: the files it read, errors and warnings."""

    files: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)


def detect_kind(data: Any) -> str | None:
    """The file's kind from ``kind`` or telltale fields (see ``KINDS``)."""
    if isinstance(data, list) and data and all(isinstance(x, dict) and "id" in x for x in data):
        return "rules"  # a bare list of rules
    if not isinstance(data, dict):
        return None
    if data.get("kind") in KINDS:
        return str(data["kind"])
    if "scenarios" in data or "personas" in data:
        return "suite"
    if "customer" in data:
        return "scenario"
    if "emotion" in data:
        return "persona"
    if "type" in data and ("model" in data or "url" in data or "base_url" in data):
        return "agent"
    if "thresholds" in data:
        return "gate"
    if "rules" in data:
        return "rules"
    return None


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a folder becomes every YAML file under it, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()
                            and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            found.append(path)
    return found


def validate_file(path: Path) -> list[InputError]:
    """Every problem in one file (a suite also loads what it references)."""
    return _check(path)[0]


def _check(path: Path) -> tuple[list[InputError], list[InputError]]:
    from golive._yamlfile import line_of, parse_yaml, read_text_file

    try:
        text = read_text_file(path)
    except InputError as exc:  # binary, not UTF-8, too large, a folder: named, never a traceback
        return [exc], []
    except OSError as exc:
        return [InputError(f"cannot read: {exc.strerror}", file=str(path))], []
    try:
        data, lines = parse_yaml(text, str(path))
        kind = detect_kind(data)
        if kind is None:
            return [InputError(UNKNOWN_KIND, file=str(path), line=1,
                               hint="add `kind: scenario`, `kind: persona`, `kind: suite` or "
                               "`kind: agent` (a gate file holds `thresholds:`, a rules file "
                               "`rules:`)")], []
        warnings = _load(kind, path, lambda p: line_of(lines, list(p)))
    except ValidationFailed as exc:
        return exc.errors, []
    except InputError as exc:
        return [exc], []
    return [], warnings


def _load(kind: str, path: Path, at: Any) -> list[InputError]:
    from golive import traps
    from golive.gate.spec import load_gate_file
    from golive.harness.agents.config import load_agent_config
    from golive.harness.suite import load_pack, load_persona, load_scenario, load_suite
    from golive.harness.toolkits import check_scenario_tools

    if kind == "suite":
        loaded = load_suite(path)
        check_scenario_tools(loaded.scenarios, str(path))
        return traps.suite_traps(loaded, at)
    if kind == "scenario":
        scenario = load_scenario(path)
        check_scenario_tools([scenario], str(path))
        return traps.scenario_traps(scenario, str(path), at)
    if kind == "gate":
        load_gate_file(path)
    elif kind == "rules":
        _load_rules(path)
    elif kind == "persona":
        load_persona(path)
    elif kind == "mutations":  # golive mutate --operator-file: checked, registered nowhere
        from golive import registry
        from golive.mutate.yaml_operators import load_operator_file

        with registry.scoped():
            load_operator_file(path)
    elif kind == "pack":
        load_pack(path)
    else:
        load_agent_config(path)
    return []


def _load_rules(path: Path) -> None:
    from golive.evaluators.rules import load_rules_file

    try:
        load_rules_file(path)
    except ValueError as exc:
        raise InputError(str(exc).removeprefix(f"{path}: "), file=str(path),
                         hint="each rule needs id, severity, description and patterns or judge; "
                         "see examples/team-rules.yaml") from exc


def check_paths(paths: Sequence[Path]) -> Checked:
    """Errors and warnings for every file (folders expanded); a warning is given once."""
    checked = Checked(files=expand(paths))
    named = {p for p in paths if not p.is_dir()}
    seen: set[tuple[str | None, str]] = set()
    for path in checked.files:
        errors, warnings = _check(path)
        if path not in named and any(e.message == UNKNOWN_KIND for e in errors):
            # Inside a folder, a CI workflow or other YAML is not golive's: say so, go on.
            checked.warnings.append(InputError("skipped: not a golive file", file=str(path)))
            continue
        checked.errors += errors
        for warning in warnings:
            key = (warning.field, warning.message)  # a scenario's trap once, suite or file
            if key not in seen:
                seen.add(key)
                checked.warnings.append(warning)
    return checked


def validate_files(paths: Sequence[Path]) -> list[InputError]:
    """Every problem in every file."""
    return check_paths(paths).errors
