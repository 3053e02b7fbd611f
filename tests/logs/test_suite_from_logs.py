"""`golive suite from-logs`: clusters of logged conversations become a suite that replays them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from golive.harness.suite import load_suite
from golive.logs.export import episode_line
from golive.results import RunFolder

TAU = Path(__file__).parent / "data" / "tau-bench-gpt-4o-airline-3.json"
PLANTED = "tests.defects.planted:bot_human"  # acme_v2 that claims to be a person


def _rules(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for result in RunFolder(folder).results():
        for rule in {f.rule_id for f in result.findings}:
            counts[rule] = counts.get(rule, 0) + 1
    return counts


def test_a_planted_defect_in_the_logs_reappears_when_the_built_suite_is_played(
    cli: Any, tmp_path: Path
) -> None:
    played = cli("run", "pack:demo", "--agent", PLANTED, "--no-mlflow", "--quiet", "--out", "run")
    assert played.returncode in (0, 1), played.stderr
    with (tmp_path / "logs.jsonl").open("w") as handle:  # a log names no scenario
        for result in RunFolder(tmp_path / "run").results():
            handle.write(json.dumps(episode_line(result, with_scenario=False)) + "\n")
    built = cli("suite", "from-logs", "logs.jsonl", "--suite", "pack:demo", "--out", "gen")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("FAILING ") and "identity.claims_human" in built.stdout
    assert cli("validate", "gen/suite.yaml").returncode == 0
    clusters = json.loads((tmp_path / "gen" / "clusters.json").read_text())
    ids = {r.episode_id for r in RunFolder(tmp_path / "run").results()}
    assert {c["id"] for cl in clusters for c in cl["conversations"]} == ids
    failing = [cl["failing"] for cl in clusters]
    assert failing == sorted(failing, reverse=True)  # failing clusters first
    assert "FAILING" in (tmp_path / "gen" / "clusters.md").read_text().split("## ")[1]
    again = cli(
        "run", "gen/suite.yaml", "--agent", PLANTED, "--no-mlflow", "--quiet", "--out", "again"
    )
    assert again.returncode in (0, 1), again.stderr
    assert _rules(tmp_path / "again").get("identity.claims_human", 0) > 0
    clean = cli(
        "run", "gen/suite.yaml", "--agent", "acme_v2", "--no-mlflow", "--quiet", "--out", "clean"
    )
    assert clean.returncode in (0, 1), clean.stderr
    assert "identity.claims_human" not in _rules(tmp_path / "clean")


def test_the_same_logs_build_the_same_suite_and_a_log_without_policy_still_plays(
    cli: Any, tmp_path: Path
) -> None:
    first = cli("suite", "from-logs", str(TAU), "--out", "a")
    second = cli("suite", "from-logs", str(TAU), "--out", "b")
    assert first.returncode == 0 and second.returncode == 0, first.stderr
    files = sorted(
        p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()
    )
    assert files == sorted(
        p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file()
    )
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    loaded = load_suite(tmp_path / "a" / "suite.yaml")
    assert len(loaded.scenarios) == len(loaded.personas) >= 2
    assert all("from-logs" in s.tags for s in loaded.scenarios)
    played = cli(
        "run", "a/suite.yaml", "--agent", "acme_v2", "--no-mlflow", "--quiet", "--out", "r"
    )
    assert played.returncode in (0, 1), played.stderr
    taken = cli("suite", "from-logs", str(TAU), "--out", "a")
    assert taken.returncode == 2 and "a already holds files" in taken.stderr
    assert "hint: name a new folder" in taken.stderr
