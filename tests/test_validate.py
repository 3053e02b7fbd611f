"""`golive validate` and malformed input: every error names file, line and field; exit 2."""

from __future__ import annotations

from pathlib import Path

from golive.harness.suite import demo_suite_path

BROKEN_SUITE = """\
kind: suite
name: broken
seed: seven
scenarios:
  - pack:demo
personas:
  - library:calm-carla
repeats: 0
max_turn: 5
"""


def test_bundled_demo_suite_is_valid(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("validate", str(demo_suite_path()))
    assert result.returncode == 0, result.stderr
    assert "ok: 1 file(s) valid" in result.stdout


def test_malformed_suite_reports_every_error_with_file_line_and_field(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    suite = tmp_path / "suite.yaml"
    suite.write_text(BROKEN_SUITE)
    result = cli("validate", str(suite))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert f"{suite}:3: seed: 'seven' is not of type 'integer'" in lines
    assert f"{suite}:8: repeats: 0 is less than the minimum of 1" in lines
    assert f"{suite}:9: max_turn: unknown field 'max_turn' (did you mean 'max_turns'?)" in lines
    assert any("allowed fields here:" in line and "max_turns" in line for line in lines)


def test_run_on_malformed_suite_exits_2_with_one_screen_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    suite = tmp_path / "suite.yaml"
    suite.write_text(BROKEN_SUITE)
    result = cli("run", str(suite), "--no-mlflow")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) <= 24
    assert f"{suite}:3: seed:" in result.stderr


def test_yaml_syntax_error_names_the_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "scenario.yaml"
    bad.write_text("kind: scenario\nid: x\ncustomer: [unclosed\n")
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}:4: not valid YAML" in result.stderr


def test_scenario_errors_inside_nested_fields(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "scenario.yaml"
    bad.write_text(
        "kind: scenario\nid: x\ntitle: t\ncustomer:\n  goal: g\n  opening: hi\n"
        "handoff:\n  expect: sometimes\n"
    )
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}:8: handoff.expect: 'sometimes' is not one of" in result.stderr


def test_missing_referenced_persona_is_reported(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    suite = tmp_path / "suite.yaml"
    suite.write_text("name: s\nscenarios: [pack:demo]\npersonas: [library:nobody]\n")
    result = cli("validate", str(suite))
    assert result.returncode == 2
    assert "personas.0: 'library:nobody' matches no file" in result.stderr


def test_unknown_file_kind_gets_a_hint(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    odd = tmp_path / "odd.yaml"
    odd.write_text("hello: world\n")
    result = cli("validate", str(odd))
    assert result.returncode == 2
    assert "add `kind: scenario`" in result.stderr
