"""The autonomy map: per intent advice from competence, safety and stakes; the YAML export."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from golive.harness.rehearsal import RunConfig, run_suite
from golive.reports.autonomy import autonomy_map, autonomy_yaml, wilson
from golive.results import RunFolder
from golive.results.models import EpisodeResult, Finding, Severity, Termination, Transcript


def _episode(
    tag: str,
    stakes: str,
    accurate: bool,
    breach: bool = False,
    required: bool = False,
    eid: str = "e",
) -> EpisodeResult:
    findings = (
        [
            Finding(
                evaluator="guardrails",
                rule_id="g.x",
                severity=Severity.CRITICAL,
                turn=1,
                evidence="x",
                explanation="y",
            )
        ]
        if breach
        else []
    )
    return EpisodeResult(
        episode_id=eid,
        scenario_id="s",
        persona_id="p",
        repeat=0,
        seed=1,
        termination=Termination.GOAL_ACHIEVED,
        transcript=Transcript(),
        passed=accurate,
        scores={"accuracy.passed": 1.0 if accurate else 0.0},
        findings=findings,
        attributes={
            "tags": [tag],
            "stakes": stakes,
            "handoff_expect": "required" if required else "optional",
        },
    )


def test_advice_follows_competence_safety_and_stakes() -> None:
    many = [_episode("orders", "low", True, eid=str(i)) for i in range(20)]
    risky = [_episode("refunds", "high", i % 4 != 0, eid=f"r{i}") for i in range(20)]
    leaky = [_episode("account", "medium", True, breach=i == 0, eid=f"a{i}") for i in range(20)]
    few = [_episode("faq", "low", True, eid=f"f{i}") for i in range(3)]
    grief = [_episode("grief", "low", True, required=True, eid=f"g{i}") for i in range(20)]
    rows = {r.intent: r for r in autonomy_map(many + risky + leaky + few + grief)}
    assert rows["orders"].advice == "autonomous"  # 20/20: Wilson lower bound 0.84 >= 0.80
    assert rows["refunds"].advice == "human" and rows["refunds"].competent == 15
    assert rows["account"].advice == "review" and "guardrail" in rows["account"].why
    assert rows["faq"].advice == "review" and "--repeats" in rows["faq"].why
    assert rows["grief"].advice == "human" and rows["grief"].handoff_required
    low, _ = wilson(20, 20)
    assert low >= 0.80 > wilson(3, 3)[0]


def test_simulator_errors_say_nothing_about_the_bot() -> None:
    broken = _episode("orders", "low", False).model_copy(
        update={"termination": Termination.SIMULATOR_ERROR}
    )
    assert autonomy_map([broken]) == []


def test_yaml_export_parses_and_matches_the_table() -> None:
    rows = autonomy_map(
        [_episode("orders", "low", True, eid=str(i)) for i in range(20)]
        + [_episode('odd "tag": x', "high", False, eid="z")]
    )
    data = yaml.safe_load(autonomy_yaml(rows, "demo × bot"))
    assert data["intents"]["orders"]["advice"] == "autonomous"
    assert data["intents"]["orders"]["competence_ci95"][0] == pytest.approx(
        wilson(20, 20)[0], abs=1e-3
    )
    assert data["intents"]['odd "tag": x']["advice"] == "human"
    assert yaml.safe_load(autonomy_yaml([])) == {"intents": {}}


def test_a_run_writes_autonomy_yaml_and_the_report_shows_the_map(tmp_path: Path) -> None:
    outcome = run_suite(RunConfig(agent="acme_v2", mlflow=False, quiet=True, out=tmp_path / "r"))
    data = yaml.safe_load((outcome.folder / "autonomy.yaml").read_text(encoding="utf-8"))
    rows = {r.intent: r for r in autonomy_map(RunFolder(outcome.folder).load_results())}
    assert set(data["intents"]) == set(rows)
    assert data["intents"]["bereavement"]["advice"] == "human"  # transfer required
    html = (outcome.folder / "report.html").read_text(encoding="utf-8")
    assert 'id="autonomy-map"' in html and 'data-chart="autonomy"' in html
    assert "#### Autonomy map" in (outcome.folder / "summary.md").read_text(encoding="utf-8")
