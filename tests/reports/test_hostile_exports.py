"""Exports that a bot's words could turn against the reviewer (issue 15), through the CLI.

A reply that starts like a spreadsheet formula must reach audit.csv as text; control
characters in a reply must not make junit.xml unparseable.
"""

from __future__ import annotations

import csv
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import run_cli

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cwd = tmp_path_factory.mktemp("exports")
    done = run_cli(["run", "--agent", "tests.harness.hostile_agents:spreadsheet_attack",
                    "--out", "run", "--scenario", "order-status", "--persona", "calm-*",
                    "--no-mlflow", "--quiet"], cwd, timeout=120)
    assert done.returncode == 0, done.stderr
    return cwd / "run"


def test_audit_csv_cells_never_start_like_a_formula(attacked: Path) -> None:
    with (attacked / "audit.csv").open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert any(c.startswith("'=HYPERLINK(") for c in cells)  # the attack reached the file


def test_a_reviewed_neutralised_csv_imports_back(attacked: Path) -> None:
    path = attacked / "audit.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # A reviewer's own cell that starts like a formula is written neutralised, as golive
    # writes cells; the import must give back the reason the reviewer meant.
    rows[0].update(decision="confirmed", reviewer="'=dana", reason="'=not a formula")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)
    done = run_cli(["audit", "import", str(path), "--no-mlflow"], attacked.parent, timeout=60)
    assert done.returncode == 0, done.stderr
    saved = next(line for line in done.stdout.splitlines() if line.startswith(str(attacked)))
    stored = Path(saved).read_text(encoding="utf-8")
    assert '"=not a formula"' in stored and '"=dana"' in stored


def test_junit_xml_parses_despite_control_characters_in_replies(attacked: Path) -> None:
    root = ET.parse(attacked / "junit.xml").getroot()
    text = "".join(root.itertext())
    assert "I am a human" in text and "\x1b" not in text and "\x00" not in text
