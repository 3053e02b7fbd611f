"""Suites: which scenarios meet which personas, how often, with which seed.

References in a suite are resolved relative to the suite file, or to golive's bundled
data: ``pack:demo`` (every scenario of a pack), ``pack:demo/order-status`` (one), and
``library:angry-alex`` or ``library:*`` for personas.

Example:
    >>> suite = load_suite(demo_suite_path())
    >>> suite.suite.name
    'demo'
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from golive._yamlfile import load_model, read_text_file
from golive.errors import InputError, ValidationFailed
from golive.gate import GateSpec
from golive.harness.agents.config import AgentConfig
from golive.personas.models import Persona
from golive.scenarios.clock import ClockSettings
from golive.scenarios.models import Business, RuleSpec, Scenario

T = TypeVar("T")


class Suite(BaseModel):
    """A suite file: scenarios × personas × repeats, and run settings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["suite"] = "suite"
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    seed: int = Field(default=0, description="Every random choice derives from it.")
    scenarios: list[str] = Field(min_length=1, description="Paths, globs or pack: refs.")
    personas: list[str] = Field(min_length=1, description="Paths, globs or library: refs.")
    repeats: int = Field(default=1, ge=1, le=100)
    max_turns: int = Field(default=10, ge=1, le=100, description="Customer turns per episode.")
    simulator: str = Field(default="scripted", description="scripted or a litellm model.")
    agent: str | AgentConfig | None = Field(
        default=None,
        description="Default --agent for this suite: a spec string (bundled bot, "
        "module:function, URL, agent YAML path relative to the suite) or an agent config.",
    )
    rules: list[str] = Field(
        default_factory=list,
        description="Team guardrail rule files (YAML: pattern or judge rules), relative to the "
        "suite; added to every scenario (a scenario's own rule of the same id wins).",
    )
    judge: str | None = Field(
        default=None,
        description="litellm model for the LLM judge (judge rules, paraphrased facts); "
        "unset: deterministic checks only. --judge overrides it.",
    )
    gate: GateSpec | None = Field(default=None, description="Thresholds `golive gate` applies.")
    clock: ClockSettings = Field(
        default_factory=ClockSettings,
        description="The conversation clock: the bot's service level, reading and thinking "
        "speed, the human queue after a transfer, and the staff cost per hour.",
    )


@dataclass(frozen=True)
class LoadedSuite:
    """A suite with its scenarios and personas loaded and checked."""

    suite: Suite
    source: str
    scenarios: tuple[Scenario, ...]
    personas: tuple[Persona, ...]

    def content_hash(self) -> str:
        """A hash of everything that decides the episodes (suite, scenarios, personas)."""
        blob = json.dumps(
            {
                # Gate thresholds decide nothing about the episodes: changing one keeps resume.
                "suite": _dump(self.suite, {"gate"}),
                "scenarios": [_dump(s) for s in self.scenarios],
                "personas": [_dump(p) for p in self.personas],
            },
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def part_hashes(self) -> dict[str, str]:
        """A short hash per top-level field of the suite and of each scenario and persona.

        Kept in the manifest, so a refused ``--resume`` names what changed, not only
        ``suite_hash``.
        """
        parts: dict[str, str] = {}

        def add(prefix: str, data: dict[str, object]) -> None:
            for name, value in data.items():
                text = json.dumps(value, sort_keys=True, default=str)
                parts[f"{prefix}:{name}"] = hashlib.sha256(text.encode()).hexdigest()[:8]

        add("suite", _dump(self.suite, {"gate"}))
        for scenario in self.scenarios:
            add(f"scenario:{scenario.id}", _dump(scenario))
        for persona in self.personas:
            add(f"persona:{persona.id}", _dump(persona))
        return parts


# Fields the conversation clock added: left out of the hashes while they keep their
# defaults, so run folders written before the clock still resume under the same suite.
_CLOCK_FIELDS = frozenset({"clock", "queue", "typing_wpm", "patience_minutes"})


def _dump(model: BaseModel, exclude: set[str] | None = None) -> dict[str, Any]:
    fields = type(model).model_fields
    unchanged = {name for name in _CLOCK_FIELDS & set(fields)
                 if getattr(model, name) == fields[name].get_default(call_default_factory=True)}
    data: dict[str, Any] = model.model_dump(mode="json", exclude=(exclude or set()) | unchanged)
    return data


def demo_suite_path() -> Traversable:
    """The bundled demo suite."""
    return resources.files("golive.scenarios").joinpath("packs/demo/suite.yaml")


def suite_path(ref: Path | Traversable) -> Path | Traversable:
    """``pack:NAME`` names a bundled pack's suite (works from a wheel); anything else is a path.

    Example:
        >>> suite_path(Path("pack:retail")).name
        'suite.yaml'
    """
    text = str(ref)
    if not isinstance(ref, Path) or not text.startswith("pack:"):
        return ref
    found = resources.files("golive.scenarios").joinpath("packs", text[5:], "suite.yaml")
    if not found.is_file():
        raise InputError(f"no bundled pack {text[5:]!r}", field="suite",
                         hint=f"bundled packs: {', '.join(bundled_packs())}")
    return found


def _read(path: Traversable | Path) -> tuple[str, str]:
    return read_text_file(path), str(path)


def load_scenario(path: Traversable | Path) -> Scenario:
    """Load and check one scenario file (with its pack's shared ``pack.yaml``, if any)."""
    text, source = _read(path)
    scenario = load_model(text, source, "scenario", Scenario)
    shared = pack_defaults(path)
    return shared(scenario) if shared is not None else scenario


def pack_defaults(path: Traversable | Path) -> Callable[[Scenario], Scenario] | None:
    """What a pack's ``pack.yaml`` (beside its ``scenarios/`` folder) gives every scenario.

    ``business`` (the business's own contacts) is used where a scenario declares none;
    ``fixtures`` (records every scenario shares, such as other customers) sit under the
    scenario's own fixtures, which win key by key.
    """
    parent = getattr(path, "parent", None)
    if parent is None or parent.name != "scenarios":
        return None
    shared_file = parent.parent / "pack.yaml"
    if not shared_file.is_file():
        return None
    business, fixtures = load_pack(shared_file)

    def apply(scenario: Scenario) -> Scenario:
        update: dict[str, Any] = {"fixtures": {**fixtures, **scenario.fixtures}}
        if not scenario.business.contacts and business.contacts:
            update["business"] = business
        return scenario.model_copy(update=update)

    return apply


def load_pack(shared_file: Traversable | Path) -> tuple[Business, dict[str, Any]]:
    """Load and check a pack's ``pack.yaml``: the business and the fixtures it shares."""
    import yaml

    text, source = _read(shared_file)
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"cannot read pack defaults: {exc}", file=source) from exc
    if not isinstance(data, dict) or set(data) - {"kind", "business", "fixtures"}:
        raise InputError("pack.yaml holds only kind, business and fixtures", file=source,
                         hint="move scenario fields into the scenario files")

    try:
        business = Business.model_validate(data.get("business") or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(first["msg"], file=source,
                         field="business." + ".".join(str(x) for x in first["loc"]),
                         hint="business: {name: ..., contacts: [quoted strings]}") from exc
    fixtures = data.get("fixtures") or {}
    if not isinstance(fixtures, dict):
        raise InputError("fixtures must be a mapping", file=source, field="fixtures")
    return business, fixtures


def load_persona(path: Traversable | Path) -> Persona:
    """Load and check one persona file."""
    text, source = _read(path)
    return load_model(text, source, "persona", Persona)


def _pack_files(ref: str) -> list[Traversable]:
    pack, _, name = ref.partition("/")
    folder = resources.files("golive.scenarios").joinpath("packs", pack, "scenarios")
    if not folder.is_dir():
        raise InputError(f"no scenario pack {pack!r}", hint=f"bundled packs: {bundled_packs()}")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [f for f in files if fnmatch.fnmatch(f.name[:-5], name or "*")]


def bundled_packs() -> list[str]:
    """Names of the scenario packs shipped in the package."""
    root = resources.files("golive.scenarios").joinpath("packs")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


def _library_files(pattern: str) -> list[Traversable]:
    folder = resources.files("golive.personas").joinpath("library")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    return [f for f in files if fnmatch.fnmatch(f.name[:-5], pattern)]


def _resolve(ref: str, base: Path | None, field: str) -> list[Traversable | Path]:
    found: list[Traversable | Path]
    if ref.startswith("pack:"):
        found = list(_pack_files(ref[5:]))
    elif ref.startswith("library:"):
        found = list(_library_files(ref[8:]))
    else:
        root = base or Path.cwd()
        found = list(sorted(root.glob(ref)) if any(c in ref for c in "*?[") else [root / ref])
    if not found:
        raise InputError(f"{ref!r} matches no file", field=field)
    return found


def load_suite(path: Traversable | Path) -> LoadedSuite:
    """Load a suite and everything it references; every problem is reported at once."""
    text, source = _read(path)
    suite = load_model(text, source, "suite", Suite)
    base = Path(str(path)).parent if isinstance(path, Path) else None
    errors: list[InputError] = []
    scenarios = _load_all(suite.scenarios, base, "scenarios", load_scenario, errors)
    personas = _load_all(suite.personas, base, "personas", load_persona, errors)
    team = _team_rules(suite.rules, base, source, errors)
    if errors:
        raise ValidationFailed(errors)
    scenarios = [_with_rules(s, team) for s in scenarios]
    _check_rule_refs(scenarios, source, errors)
    if errors:
        raise ValidationFailed(errors)
    _check_unique([s.id for s in scenarios], "scenario", source, errors)
    _check_unique([p.id for p in personas], "persona", source, errors)
    if errors:
        raise ValidationFailed(errors)
    return LoadedSuite(suite, source, tuple(scenarios), tuple(personas))


def _team_rules(
    refs: list[str], base: Path | None, source: str, errors: list[InputError]
) -> list[RuleSpec]:
    from golive.evaluators.rules import load_rules_file

    specs: list[RuleSpec] = []
    for i, ref in enumerate(refs):
        try:
            specs.extend(load_rules_file((base or Path.cwd()) / ref))
        except ValueError as exc:
            errors.append(InputError(str(exc), file=source, field=f"rules.{i}",
                                     hint="see RuleSpec in the scenario schema for the fields"))
    return specs


def _check_rule_refs(scenarios: list[Scenario], source: str, errors: list[InputError]) -> None:
    from golive.evaluators.rules import RULE, unknown_rule_refs

    for scenario in scenarios:
        for ref in unknown_rule_refs(scenario):
            errors.append(InputError(
                f"scenario {scenario.id!r} names guardrail rule {ref!r}, which does not exist",
                file=source, field="policy",
                hint=f"rule ids: {', '.join(sorted(RULE.rows()))} (globs allowed in disable)"))


def _with_rules(scenario: Scenario, team: list[RuleSpec]) -> Scenario:
    own = {r.id for r in scenario.policy.rules}
    extra = [r for r in team if r.id not in own]
    if not extra:
        return scenario
    policy = scenario.policy.model_copy(update={"rules": [*extra, *scenario.policy.rules]})
    return scenario.model_copy(update={"policy": policy})


def _load_all(
    refs: list[str],
    base: Path | None,
    field: str,
    loader: Callable[[Traversable | Path], T],
    errors: list[InputError],
) -> list[T]:
    items: list[T] = []
    for i, ref in enumerate(refs):
        try:
            for file in _resolve(ref, base, f"{field}.{i}"):
                items.append(loader(file))
        except ValidationFailed as exc:
            errors.extend(exc.errors)
        except InputError as exc:
            errors.append(exc)
    return items


def _check_unique(ids: list[str], what: str, source: str, errors: list[InputError]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            errors.append(InputError(f"{what} id {item!r} appears twice", file=source))
        seen.add(item)
