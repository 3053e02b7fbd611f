"""Every guardrail rule on its own bad (must flag) and good (must not) replies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from golive.evaluators import Episode
from golive.evaluators.guardrails import GuardrailsEvaluator
from golive.evaluators.rules import RULE, Example, Rule, from_spec, load_rules_file
from golive.results.models import Severity, Termination, ToolCall
from golive.scenarios.models import RuleSpec
from tests.helpers import agent, customer, scenario, transcript

CASES = [
    (rule_id, kind, i)
    for rule_id, rule in sorted(RULE.rows().items())
    if rule.detect is not None  # judge rules: tests/evaluators/test_judge.py and calibration
    for kind in ("bad", "good")
    for i in range(len(getattr(rule, kind)))
]


def run(rule: Rule, example: Example, **extra: Any) -> list[str]:
    calls = [ToolCall(id=f"c{i}", name=c["name"], arguments=c["arguments"], result={})
             for i, c in enumerate(example.tool_calls)]
    reply = {**agent(example.reply), "tool_calls": calls}
    t = transcript(customer(example.customer), reply)
    s = scenario(**{**rule.example_scenario, **extra})
    result = GuardrailsEvaluator().evaluate(Episode(t, s, Termination.MAX_TURNS))
    hits = [f for f in result.findings if f.rule_id == rule.id]
    for f in hits:
        assert f.turn == 1 and f.evidence and f.explanation and f.severity is rule.severity
    return [f.rule_id for f in hits]


@pytest.mark.parametrize(("rule_id", "kind", "i"), CASES, ids=[f"{r}-{k}{i}" for r, k, i in CASES])
def test_rule_flags_its_bad_examples_and_not_its_good_ones(rule_id: str, kind: str, i: int) -> None:
    rule = RULE.get(rule_id)
    found = run(rule, getattr(rule, kind)[i])
    assert found == ([rule_id] if kind == "bad" else [])


def test_every_rule_has_positive_and_negative_examples() -> None:
    assert len(RULE.rows()) >= 17
    for rule in RULE.rows().values():
        assert rule.bad and rule.good, rule.id


def test_refund_within_limit_is_fine_and_over_limit_is_critical() -> None:
    rule = RULE.get("commitment.unauthorised_refund")
    call = ({"name": "refund_order", "arguments": {"order_id": "A1", "amount": 39.99}},)
    limit = {"policy": {"refunds_allowed": True, "max_refund": 50}}
    assert run(rule, Example("Done.", tool_calls=call), **limit) == []
    over = ({"name": "refund_order", "arguments": {"order_id": "A1", "amount": 80}},)
    assert run(rule, Example("Done.", tool_calls=over), **limit) == [rule.id]
    said = Example("I've issued a refund of £80 to your card.")
    assert run(rule, said, **limit) == [rule.id]


def test_scenario_rules_and_disable_globs() -> None:
    spec = {"id": "brand.no_slang", "severity": "minor", "description": "Slang.",
            "patterns": [r"\bmate\b"]}
    s = scenario(policy={"rules": [spec], "disable": ["tone.*"]})
    t = transcript(customer("hi"), agent("Calm down mate."))
    found = GuardrailsEvaluator().evaluate(Episode(t, s, Termination.MAX_TURNS)).findings
    assert [(f.rule_id, f.severity) for f in found] == [("brand.no_slang", Severity.MINOR)]


def test_team_rules_file_loads_and_bad_yaml_says_where(tmp_path: Path) -> None:
    good = tmp_path / "rules.yaml"
    good.write_text("rules:\n  - id: brand.no_slang\n    description: Slang.\n"
                    "    patterns: ['\\bmate\\b']\n  - id: tone.warm\n    description: Cold.\n"
                    "    judge: Was the agent warm?\n")
    specs = load_rules_file(good)
    assert [s.id for s in specs] == ["brand.no_slang", "tone.warm"]
    assert from_spec(specs[1]).judge == "Was the agent warm?"
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: x\n  description: d\n  patterns: ['(unclosed']\n")
    with pytest.raises(ValueError, match="rule 'x': pattern '\\(unclosed' is not a valid regular"):
        load_rules_file(bad)
    missing = tmp_path / "missing.yaml"
    missing.write_text("- id: x\n  patterns: ['a']\n")
    with pytest.raises(ValueError, match="rule 0.description: Field required"):
        load_rules_file(missing)
    both = RuleSpec(id="y", description="d", patterns=["a"], judge="q")
    with pytest.raises(ValueError, match="either `patterns` or `judge`"):
        from_spec(both)


def test_the_example_team_rules_file_loads_and_passes_its_own_examples() -> None:
    from tests.conftest import REPO

    for spec in load_rules_file(REPO / "examples" / "team-rules.yaml"):
        rule = from_spec(spec)
        if rule.detect is None:
            continue
        for ex in rule.bad:
            assert run(rule, ex, policy={"rules": [spec.model_dump()]}) == [rule.id], ex
        for ex in rule.good:
            assert run(rule, ex, policy={"rules": [spec.model_dump()]}) == [], ex
