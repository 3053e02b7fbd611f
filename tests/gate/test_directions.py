"""The gate reads results only: it never imports the reports, the runner, the CLI or MLflow,
so a verdict can be re-decided from a run folder alone."""

from __future__ import annotations

import ast
from pathlib import Path

GATE = Path(__file__).resolve().parents[2] / "src" / "golive" / "gate"
FORBIDDEN = ("golive.reports", "golive.harness", "golive.cli", "golive.tracking", "mlflow")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_gate_package_imports_none_of_reports_runner_cli_or_mlflow() -> None:
    modules = sorted(GATE.glob("*.py"))
    assert len(modules) >= 5
    bad = {f"{m.name}: {name}" for m in modules for name in _imports(m)
           if name.startswith(FORBIDDEN)}
    assert not bad, bad
