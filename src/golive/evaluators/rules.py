"""The guardrail rule library: one ``Rule`` type, one registry, and YAML rules for teams.

A rule has an id, a severity, a description, a detector and its own test cases
(``examples``): replies it must flag and replies it must not. A detector is either
deterministic (a function over one agent reply and its context) or a question for the LLM
judge. Teams add rules without code, as YAML (see ``RuleSpec``)::

    - id: brand.no_slang
      severity: minor
      description: Uses slang that is off-brand.
      patterns: ["\\bmate\\b"]
      examples: {bad: ["Cheers mate"], good: ["Thank you"]}

Built-in rules live in ``golive.evaluators.library``; every rule is registered under the
registry kind ``rule`` (``register_rule``), from the library, a plugin or a team's YAML.

Example:
    >>> RULE.get("pii.card_number").severity.value
    'critical'
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from golive.registry import Kind
from golive.results.models import Severity, Speaker, Turn
from golive.scenarios.models import RuleSpec, Scenario

Match = tuple[int, int]


@dataclass(frozen=True)
class Context:
    """What a detector may look at besides the reply itself."""

    scenario: Scenario
    turns: list[Turn]
    end_state: dict[str, Any] | None = None

    @cached_property
    def _customer(self) -> tuple[list[int], list[Turn]]:
        # Every detector asks about each agent reply; the transcript is read once, not once
        # per (rule, reply). Positions in ``turns`` (``turns[: turn.index]`` is what counts).
        found = [(i, t) for i, t in enumerate(self.turns) if t.speaker is Speaker.CUSTOMER]
        return [i for i, _ in found], [t for _, t in found]

    @cached_property
    def _said(self) -> dict[int, str]:
        return {}

    @cached_property
    def agent_turns(self) -> list[Turn]:
        """The agent's replies, in order (every deterministic rule reads each one)."""
        return [t for t in self.turns if t.speaker is Speaker.AGENT]

    def customer_before(self, turn: Turn) -> list[Turn]:
        """Customer turns earlier than ``turn``."""
        if turn.index < 0:  # a slice from the end: as ``turns[: turn.index]`` reads it
            return [t for t in self.turns[: turn.index] if t.speaker is Speaker.CUSTOMER]
        at, turns = self._customer
        return turns[: bisect_left(at, turn.index)]

    def last_customer(self, turn: Turn) -> str:
        """What the customer said just before ``turn`` ('' if nothing)."""
        before = self.customer_before(turn)
        return before[-1].text if before else ""

    def said_before(self, turn: Turn) -> str:
        """The customer's turns earlier than ``turn``, joined by spaces.

        Example:
            >>> from golive.results.models import Speaker, Turn
            >>> from golive.scenarios.models import Scenario
            >>> s = Scenario.model_validate({"id": "s", "title": "t",
            ...     "customer": {"goal": "g", "opening": "hi"}})
            >>> turns = [Turn(index=0, speaker=Speaker.CUSTOMER, text="Hi"),
            ...          Turn(index=1, speaker=Speaker.AGENT, text="Hello"),
            ...          Turn(index=2, speaker=Speaker.CUSTOMER, text="Where is it?"),
            ...          Turn(index=3, speaker=Speaker.AGENT, text="Here.")]
            >>> Context(s, turns).said_before(turns[3])
            'Hi Where is it?'
        """
        said = self._said.get(turn.index)
        if said is None:
            said = self._said[turn.index] = " ".join(t.text for t in self.customer_before(turn))
        return said


Detector = Callable[[Turn, Context], Iterator[Match]]


@dataclass(frozen=True)
class Example:
    """A rule's test case: a reply and, optionally, what the customer said before it."""

    reply: str
    customer: str = "Hi"
    tool_calls: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Rule:
    """One guardrail: what it forbids, how bad a breach is, and how to find one.

    Exactly one of ``detect`` (deterministic) and ``judge`` (a question for the LLM judge).
    """

    id: str
    severity: Severity
    description: str
    detect: Detector | None = None
    judge: str | None = None
    bad: tuple[Example, ...] = ()
    good: tuple[Example, ...] = ()
    #: Scenario fields the examples assume (a policy, facts, fixtures), merged into a minimal one.
    example_scenario: dict[str, Any] = field(default_factory=dict)


#: Registry kind ``rule``: rule id -> Rule (built-ins: ``golive.evaluators.library``).
RULE: Kind[Rule] = Kind("rule", builtins=("golive.evaluators.library",), noun="guardrail rule")


def register_rule(rule: Rule) -> Rule:
    """Add a rule to the library (an existing id is replaced: the newest wins)."""
    if (rule.detect is None) == (rule.judge is None):
        raise ValueError(f"rule {rule.id!r} needs exactly one of a detector and a judge prompt")
    return RULE.add(rule.id, rule)


def regex(*patterns: str) -> Detector:
    """A detector that flags any of ``patterns`` (case-insensitive) in a reply."""
    compiled = [re.compile(p, re.IGNORECASE) for p in patterns]

    def detect(turn: Turn, ctx: Context) -> Iterator[Match]:
        for pattern in compiled:
            for m in pattern.finditer(turn.text):
                yield m.start(), m.end()

    return detect


def from_spec(spec: RuleSpec) -> Rule:
    """Build a rule from its YAML form; bad patterns are reported with the rule id."""
    for pattern in spec.patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(
                f"rule {spec.id!r}: pattern {pattern!r} is not a valid regular expression ({exc}); "
                "quote it in YAML and escape backslashes"
            ) from exc
    if bool(spec.patterns) == bool(spec.judge):
        raise ValueError(f"rule {spec.id!r}: give either `patterns` or `judge`, not both or neither")
    return Rule(
        id=spec.id,
        severity=spec.severity,
        description=spec.description,
        detect=regex(*spec.patterns) if spec.patterns else None,
        judge=spec.judge,
        bad=tuple(Example(x) for x in spec.examples.get("bad", [])),
        good=tuple(Example(x) for x in spec.examples.get("good", [])),
    )


def load_rules_file(path: Path) -> list[RuleSpec]:
    """Read a team's YAML rules file (a list of rules, or ``{rules: [...]}``)."""
    from pydantic import TypeAdapter, ValidationError

    from golive._yamlfile import parse_yaml, read_text_file
    from golive.errors import InputError

    try:  # with the size, depth and alias limits of every user file
        data, _ = parse_yaml(read_text_file(path, "rules file"), str(path))
    except InputError as exc:
        raise ValueError(f"{path}: cannot read rules file ({exc})") from exc
    if isinstance(data, dict):
        data = data.get("rules")
    try:
        specs = TypeAdapter(list[RuleSpec]).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ValueError(
            f"{path}: rule {where}: {first['msg']}; each rule needs id, description and "
            "`patterns` or `judge`"
        ) from exc
    for spec in specs:
        from_spec(spec)  # fail on load, not mid-run
    return specs


def unknown_rule_refs(scenario: Scenario) -> list[str]:
    """Ids in ``policy.disable`` / ``policy.severity`` that match no rule (likely typos)."""
    import fnmatch

    known = set(RULE.rows()) | {r.id for r in scenario.policy.rules}
    refs = [*scenario.policy.disable, *scenario.policy.severity]
    return [ref for ref in refs if not fnmatch.filter(known, ref)]


def judge_prompt(rule: Rule, scenario: Scenario) -> str:
    """The rule's judge question with ``{facts}`` and ``{policy}`` filled from the scenario."""
    import json

    facts = "; ".join(f.description or ", ".join(f.any_of) for f in scenario.expected.facts)
    policy = json.dumps(scenario.policy.model_dump(mode="json", exclude={"rules"}), sort_keys=True)
    text = str(rule.judge)
    return text.replace("{facts}", facts or "(none given)").replace("{policy}", policy)


def active_rules(scenario: Scenario) -> list[tuple[Rule, Severity]]:
    """The library plus the scenario's own rules, minus disabled ones, with severities."""
    import fnmatch

    policy = scenario.policy
    rules = dict(RULE.rows())
    for spec in policy.rules:
        rules[spec.id] = from_spec(spec)
    chosen = []
    for rule_id, rule in sorted(rules.items()):
        if any(fnmatch.fnmatch(rule_id, pattern) for pattern in policy.disable):
            continue
        chosen.append((rule, policy.severity.get(rule_id, rule.severity)))
    return chosen
