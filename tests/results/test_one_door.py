"""Only RunFolder names the files of a run folder: every other module goes through it.

Five ways to open a run folder, two writers of insights.json and a summary patched after
it was written are what one door replaced; this keeps a sixth from growing back.
"""

from __future__ import annotations

import ast
from pathlib import Path

import golive
from golive.results import run_folder

SRC = Path(golive.__file__).parent
NAMES = {
    run_folder.RESULTS_FILE, run_folder.TIMINGS_FILE, run_folder.MANIFEST_FILE,
    run_folder.COST_FILE, run_folder.INSIGHTS_JSON, run_folder.INSIGHTS_MD,
    run_folder.REPORT_FILE, run_folder.SUMMARY_FILE, run_folder.JUNIT_FILE,
    run_folder.AUDIT_CSV, run_folder.AUDIT_HTML,
}
# Single-line I/O that RunFolder is built on; nothing else should need it.
LOW_LEVEL = {"finished_ids", "rewrite_sorted", "LineWriter", "truncate_torn_tail", "numbered_lines"}


def _modules() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if p != Path(run_folder.__file__)]


def test_no_module_but_run_folder_spells_a_run_folder_file_name() -> None:
    spelled = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in NAMES:
                spelled.append(f"{path.relative_to(SRC)}:{node.lineno}: {node.value!r}")
    assert spelled == [], "name the file through golive.results.run_folder instead"


def test_only_run_folder_uses_the_line_level_io() -> None:
    used = []
    for path in _modules():
        if path.name == "io.py" and path.parent.name == "results":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "golive.results.io":
                used += [f"{path.relative_to(SRC)}: {a.name}" for a in node.names
                         if a.name in LOW_LEVEL]
    assert used == [], "open the run with RunFolder instead"
