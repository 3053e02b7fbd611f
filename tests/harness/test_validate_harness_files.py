"""``golive validate`` on the files this area adds: agent YAML and scenarios with tools."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO


def test_validate_accepts_the_example_agents_and_the_bundled_packs(cli) -> None:  # type: ignore[no-untyped-def]
    packs = REPO / "src" / "golive" / "scenarios" / "packs"
    files = [str(p) for p in sorted((REPO / "examples" / "agents").glob("*.yaml"))]
    files += [str(packs / name / "suite.yaml") for name in ("retail", "telecom", "banking", "demo")]
    result = cli("validate", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok: {len(files)} file(s) valid" in result.stdout


def test_validate_names_a_bad_handoff_pattern_and_an_unknown_tool_kit(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "agent.yaml").write_text(
        "kind: agent\ntype: openai\nbase_url: http://127.0.0.1:9/v1\nhandoff_pattern: '(oops'\n")
    (tmp_path / "scenario.yaml").write_text(
        "kind: scenario\nid: s\ntitle: t\ncustomer: {goal: g, opening: hi}\ntools: [orders, teleport]\n")
    result = cli("validate", "agent.yaml", "scenario.yaml")
    assert result.returncode == 2
    out = result.stdout + result.stderr
    assert "handoff_pattern: Value error, '(oops' is not a regular expression" in out
    assert "scenario s: tools: unknown tool or kit 'teleport'" in out
    assert "scenario.yaml: scenario s: tools" in out and "hint: kits: accounts, address, cancel, cards" in out
