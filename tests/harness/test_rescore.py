"""`golive rescore RUN_DIR`: the current evaluators over stored transcripts, into a new folder."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

RULES = """rules:
  - id: brand.says_order
    severity: major
    description: Says "order" (a test rule that fires on most conversations).
    patterns: ['\\border\\b']
"""


@pytest.fixture(scope="module")
def played_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo pack played once for this file (a run folder holds no absolute paths)."""
    cwd = tmp_path_factory.mktemp("rescore-played")
    result = run_cli(
        ["run", "pack:demo", "--agent", "acme_v1", "--no-mlflow", "--quiet", "--out", "run"], cwd
    )
    assert result.returncode in (0, 1), result.stderr
    return cwd / "run"


@pytest.fixture
def played(played_once: Path, tmp_path: Path) -> Path:
    """A copy of that run in this test's folder: each test rescores (and checks) its own."""
    return Path(shutil.copytree(played_once, tmp_path / "run"))


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.slow
def test_same_rules_give_byte_identical_results_and_the_old_folder_is_untouched(
    cli: Any, played: Path
) -> None:
    before = _digest(played)
    result = cli("rescore", "run", "--no-mlflow")
    assert result.returncode == 0, result.stderr
    new = played.with_name("run-rescored")
    assert (new / "results.jsonl").read_bytes() == (played / "results.jsonl").read_bytes()
    assert (new / "timings.jsonl").read_bytes() == (played / "timings.jsonl").read_bytes()
    assert "25 episodes re-scored: every result is byte-identical" in result.stdout
    assert _digest(played) == before
    manifest = json.loads((new / "manifest.json").read_text())
    assert manifest["origin"]["kind"] == "rescore"
    assert manifest["origin"]["from"] == str(played.resolve())
    assert json.loads((new / "rescore.json").read_text())["changed_episodes"] == 0
    for name in ("report.html", "summary.md", "junit.xml", "audit.csv"):
        assert (new / name).stat().st_size > 0
    # The new folder is an ordinary run: the gate and the report read it unchanged.
    assert cli("report", "run-rescored").returncode == 0
    assert cli("gate", "run-rescored").returncode in (0, 1, 4)
    # Again: a second folder, never the first overwritten.
    again = cli("rescore", "run", "--no-mlflow")
    assert again.returncode == 0 and "run-rescored-2" in again.stdout


@pytest.mark.slow
def test_a_new_rule_shows_in_findings_verdicts_and_the_comparison(
    cli: Any, played: Path, tmp_path: Path
) -> None:
    (tmp_path / "rules.yaml").write_text(RULES)
    result = cli("rescore", "run", "--no-mlflow", "--rules", "rules.yaml", "--out", "new")
    assert result.returncode == 0, result.stderr
    old = [json.loads(x) for x in (played / "results.jsonl").read_text().splitlines()]
    new = [json.loads(x) for x in (tmp_path / "new" / "results.jsonl").read_text().splitlines()]
    assert [r["episode_id"] for r in old] == [r["episode_id"] for r in new]
    assert [r["transcript"] for r in old] == [r["transcript"] for r in new]
    fired = [f for r in new for f in r["findings"] if f["rule_id"] == "brand.says_order"]
    assert fired and all("order" in f["evidence"].lower() for f in fired)
    flipped = [
        r["episode_id"] for o, r in zip(old, new, strict=True) if o["passed"] and not r["passed"]
    ]
    assert flipped
    data = json.loads((tmp_path / "new" / "rescore.json").read_text())
    assert data["rules"]["brand.says_order"] == {"old": 0, "new": len(fired)}
    assert sorted(f["episode_id"] for f in data["flipped"]) == sorted(flipped)
    assert f"| `brand.says_order` | 0 | {len(fired)} | +{len(fired)} |" in result.stdout
    assert "reliability.pass_rate" in (tmp_path / "new" / "rescore.md").read_text()


@pytest.mark.slow
def test_bad_inputs_name_what_is_wrong_and_how_to_fix_it(
    cli: Any, played: Path, tmp_path: Path
) -> None:
    missing = cli("rescore", "nowhere", "--no-mlflow")
    assert missing.returncode == 2
    assert "no results at nowhere" in missing.stderr and "hint:" in missing.stderr
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: x\n")
    bad = cli("rescore", "run", "--no-mlflow", "--rules", "bad.yaml")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "--rules" in bad.stderr and "description: Field required" in bad.stderr
    other = cli("rescore", "run", "--no-mlflow", "--suite", "pack:telecom")
    assert other.returncode == 2 and "Traceback" not in other.stderr
    assert "results.jsonl:1: scenario_id:" in other.stderr
    assert "no longer defines" in other.stderr and "--suite" in other.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("run")) == ["run"]
