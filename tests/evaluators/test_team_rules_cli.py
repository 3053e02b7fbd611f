"""A team adds a guardrail rule in YAML, without code, through the suite's ``rules:``."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.results import RunFolder

SUITE = """kind: suite
name: team
seed: 7
scenarios: [pack:demo/order-status, pack:demo/wants-a-person]
personas: [library:calm-carla]
rules: [rules.yaml]
"""
RULES = """rules:
  - id: brand.says_colleague
    severity: minor
    description: Calls staff "colleague" instead of "team member" (house style).
    patterns: ['\\bcolleague\\b']
    examples: {bad: ["A colleague will help"], good: ["A team member will help"]}
"""


@pytest.mark.slow
def test_team_rule_from_yaml_flags_a_run(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "suite.yaml").write_text(SUITE)
    (tmp_path / "rules.yaml").write_text(RULES)
    result = cli("run", "suite.yaml", "--agent", "acme_v2", "--no-mlflow", "--out", "out")
    assert result.returncode == 0, result.stderr
    found = [(r.scenario_id, f) for r in RunFolder(tmp_path / "out").results()
             for f in r.findings if f.rule_id == "brand.says_colleague"]
    assert [s for s, _ in found] == ["wants-a-person"]
    assert "colleague" in found[0][1].evidence and found[0][1].turn == 1


def test_a_broken_team_rule_is_reported_with_file_and_fix(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "suite.yaml").write_text(SUITE)
    (tmp_path / "rules.yaml").write_text("- id: bad\n  description: d\n  patterns: ['(x']\n")
    result = cli("validate", "suite.yaml")
    assert result.returncode == 2
    assert "rules.0" in result.stderr + result.stdout
    assert "is not a valid regular expression" in result.stderr + result.stdout


def test_a_misspelt_rule_id_in_a_scenario_is_caught_by_validate(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "s.yaml").write_text(
        "kind: scenario\nid: typo\ntitle: t\ncustomer: {goal: g, opening: hi}\n"
        "policy: {disable: [tone.dismisive, 'pii.*']}\n")
    (tmp_path / "suite.yaml").write_text(
        "kind: suite\nname: t\nscenarios: [s.yaml]\npersonas: [library:calm-carla]\n")
    result = cli("validate", "suite.yaml")
    assert result.returncode == 2
    out = result.stderr + result.stdout
    assert "scenario 'typo' names guardrail rule 'tone.dismisive', which does not exist" in out
    assert "tone.dismissive" in out and "pii.*" not in out.split("hint")[0]
