"""`golive validate` on folders, gate and rules files, with "did you mean" and warnings about
suites that cannot fail the way their author thinks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli

SCENARIO = """\
kind: scenario
id: {id}
title: A person, please
customer:
  goal: Talk to a person about a complaint.
  opening: "I want to speak to someone."
  resolved_when: {resolved}
handoff:
  expect: {expect}
"""

SUITE = """\
kind: suite
name: traps
scenarios: ['scenarios/*.yaml']
personas: ['library:calm-carla']
gate:
  thresholds:
    - guardrails.critical == 0
    - reliability.pass_hat_3 >= 0.9
    - accuracy.tool_call_recall >= 0.8
"""

RULES = """\
rules:
  - id: brand.no_slang
    severity: minor
    description: Uses slang our brand voice avoids.
    patterns: ['\\bmate\\b']
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "scenarios").mkdir(parents=True)
    (root / "scenarios" / "no-trigger.yaml").write_text(
        SCENARIO.format(id="no-trigger", resolved="[]", expect="required"))
    (root / "scenarios" / "no-resolution.yaml").write_text(
        SCENARIO.format(id="no-resolution", resolved="[]", expect="optional"))
    (root / "suite.yaml").write_text(SUITE)
    (root / "gate.yaml").write_text("thresholds: ['handoff.recall >= 0.9']\n")
    (root / "rules.yaml").write_text(RULES)
    (root / ".github").mkdir()
    (root / ".github" / "ci.yml").write_text("on: push\n")  # hidden: never read
    (root / "workflow.yml").write_text("jobs: {}\n")          # not golive's: skipped, said so
    return root


def test_a_folder_checks_every_yaml_inside_and_warns_about_traps(project: Path) -> None:
    done = run_cli(["validate", str(project)], project.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: 6 file(s) valid, 5 warning(s)" in done.stdout
    err = done.stderr
    assert f"warning: {project / 'workflow.yml'}: skipped: not a golive file" in err
    assert ("no-trigger: handoff.triggers: handoff expect: required with no trigger but the "
            "customer asking: the handoff is due only if the customer asks for a person") in err
    assert "no-resolution: customer.resolved_when: no resolution facts" in err
    assert f"{project / 'suite.yaml'}:8: gate.thresholds.1: threshold 'reliability.pass_hat_3 >= 0.9' " \
           "is on a metric this suite cannot produce: it needs at least 3 repeats" in err
    assert "gate.thresholds.2: threshold 'accuracy.tool_call_recall >= 0.8'" in err
    assert "no scenario lists expected.tool_calls" in err
    assert err.count("no-trigger: handoff.triggers") == 1  # once, though suite and file both hold it


def test_strict_makes_the_warnings_fail(project: Path) -> None:
    done = run_cli(["validate", "--strict", str(project / "suite.yaml")], project.parent)
    assert done.returncode == 2 and "0 problem(s), 4 warning(s) in 1 file(s)" in done.stderr


def test_unknown_fields_and_metrics_say_did_you_mean(project: Path) -> None:
    (project / "suite.yaml").write_text(SUITE.replace("name: traps", "name: traps\nmax_turn: 5"))
    (project / "typo.yaml").write_text(SUITE.replace("guardrails.critical", "guardrail.critical"))
    (project / "gate.yaml").write_text("thresholds:\n  - handoff.recall >= 0.9\n  - handof.recall >= 1\n")
    done = run_cli(["validate", str(project / "suite.yaml"), str(project / "typo.yaml"),
                    str(project / "gate.yaml")], project.parent)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{project / 'suite.yaml'}:3: max_turn: unknown field 'max_turn' (did you mean 'max_turns'?)" in done.stderr
    assert "unknown metric 'guardrail.critical'" in done.stderr
    assert "(did you mean 'guardrails.critical'?)" in done.stderr
    assert f"{project / 'gate.yaml'}:3: thresholds.1: " in done.stderr
    assert "unknown metric 'handof.recall' in threshold 'handof.recall >= 1' (did you mean 'handoff.recall'?)" in done.stderr


def test_a_broken_rules_file_names_the_file_and_the_rule(project: Path) -> None:
    (project / "rules.yaml").write_text("rules:\n  - id: brand.x\n    severity: minor\n")
    done = run_cli(["validate", str(project / "rules.yaml")], project.parent)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{project / 'rules.yaml'}: rule 0" in done.stderr and "description" in done.stderr


def test_an_empty_folder_is_bad_input(tmp_path: Path) -> None:
    done = run_cli(["validate", str(tmp_path)], tmp_path)
    assert done.returncode == 2 and "no YAML files found in" in done.stderr
