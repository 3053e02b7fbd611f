"""docs/reference/ is generated from the schemas and catalogues, and stays in step with them."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType

from tests.conftest import REPO, cli_env, run_cli

TOOL = REPO / "tools" / "gen_reference.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_reference", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_checked_in_reference_matches_the_schemas_and_catalogues() -> None:
    done = subprocess.run(
        [sys.executable, str(TOOL), "--check"],
        env=cli_env(),
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr  # stale: run python tools/gen_reference.py


def test_a_changed_schema_makes_the_check_fail(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tool = _tool()
    assert tool.main(["--out", str(tmp_path)]) == 0
    assert tool.main(["--check", "--out", str(tmp_path)]) == 0
    real = tool.schemas

    def changed() -> dict:  # type: ignore[type-arg]
        found = real()
        found["persona"]["properties"]["mood_ring"] = {"type": "string", "description": "new"}
        return found

    monkeypatch.setattr(tool, "schemas", changed)
    assert tool.main(["--check", "--out", str(tmp_path)]) == 1


def test_every_field_of_every_user_file_is_described() -> None:
    agent_page = (REPO / "docs" / "reference" / "agent.md").read_text(encoding="utf-8")
    for kind in ("suite", "scenario", "persona", "gate"):
        schema = json.loads(
            resources.files("golive.schemas")
            .joinpath(f"{kind}.schema.json")
            .read_text(encoding="utf-8")
        )
        page = (REPO / "docs" / "reference" / f"{kind}.md").read_text(encoding="utf-8")
        for name in schema["properties"]:
            row = re.search(rf"^\| `{re.escape(name)}` \|.*$", page, re.M)
            assert row is not None, (kind, name)
            cells = re.split(r"(?<!\\)\|", row.group())  # a type's `a \| b` is one cell
            assert len(cells) == 7 and cells[2].strip() and cells[3].strip(), (kind, name)
        defs = schema.get("$defs", {})
        for def_name, definition in defs.items():  # nested fields too, under their path
            where = page + agent_page  # a suite's agent: forms have a page of their own
            for field in definition.get("properties", {}):
                assert f".{field}` |" in where or f"| `{field}` |" in where, (kind, def_name, field)
    rules = (REPO / "docs" / "reference" / "guardrail-rules.md").read_text(encoding="utf-8")
    assert "`handoff.missed_on_request`" in rules or "`identity.claims_human`" in rules
    metrics = (REPO / "docs" / "reference" / "metrics.md").read_text(encoding="utf-8")
    assert "`handoff.missed_on_request_rate`" in metrics


def test_readme_and_validation_errors_point_at_the_reference(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/reference/README.md)" in readme
    bad = tmp_path / "s.yaml"
    bad.write_text(
        "kind: scenario\nid: x\ntitle: X\ncustomer: {goal: g, opening: hi}\n"
        "policy:\n  refund_limit: 100\n"
    )
    done = run_cli(["validate", str(bad)], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{bad}:6: policy.refund_limit: unknown field 'refund_limit'" in done.stderr
    assert "`fixtures: {policy: {refund_limit: 100}}`" in done.stderr
    assert "every scenario field: docs/reference/scenario.md" in done.stderr


def test_the_documented_refund_limit_validates(tmp_path: Path) -> None:
    good = tmp_path / "s.yaml"
    good.write_text(
        "kind: scenario\nid: x\ntitle: X\ncustomer: {goal: g, opening: hi}\n"
        "tools: [orders, refunds]\nfixtures: {policy: {refund_limit: 100}}\n"
        "policy: {max_refund: 50}\n"
    )
    done = run_cli(["validate", str(good)], tmp_path)
    assert done.returncode == 0, done.stderr
    for doc in ("agents.md", "evaluators.md", "reference/scenario.md"):
        text = (REPO / "docs" / doc).read_text(encoding="utf-8")
        assert "fixtures.policy.refund_limit" in text or "fixtures: {policy: {refund_limit" in text
        assert "`policy.refund_limit`" not in text, doc
