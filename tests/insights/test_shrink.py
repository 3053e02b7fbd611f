"""A planted fault (anxious AND bereaved): insights finds it, shrink isolates it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golive.insights.files import run_insights

SUITE = Path(__file__).parent / "planted_suite" / "suite.yaml"
AGENT = "tests.insights.planted:respond"


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import run_cli

    folder = tmp_path_factory.mktemp("planted") / "run"
    result = run_cli(["run", str(SUITE), "--agent", AGENT, "--no-mlflow", "--out", str(folder)],
                     folder.parent)
    assert result.returncode == 0, result.stderr
    return folder


def test_insights_finds_the_two_trait_pattern(planted_run: Path) -> None:
    insights = run_insights(planted_run)
    missed = next(m for m in insights.modes if m.mode == "handoff.missed")
    top = missed.patterns[0]
    assert top.features == ["emotion=anxious", "vulnerability=bereavement"]
    assert top.rate == 1.0 and top.rest_rate == 0.0 and top.coverage == 1.0 and top.enough_data


@pytest.mark.slow
def test_shrink_returns_those_two_traits_and_nothing_more_and_the_replay_fails(cli, planted_run: Path) -> None:  # type: ignore[no-untyped-def]
    failing = [json.loads(line) for line in (planted_run / "results.jsonl").read_text().splitlines()]
    episode = next(r["episode_id"] for r in failing
                   if r["persona_id"] == "anxious-bereaved-extra" and not r["passed"])
    result = cli("shrink", str(planted_run), episode, "--max-calls", "200")
    assert result.returncode == 0, result.stderr
    assert "still fails with handoff.missed" in result.stdout
    out = planted_run / "shrink" / episode
    persona = (out / "persona.yaml").read_text()
    from golive.harness.suite import load_persona

    reduced = load_persona(out / "persona.yaml")
    assert reduced.emotion.label.value == "anxious"
    assert [v.value for v in reduced.vulnerabilities] == ["bereavement"]
    assert reduced.threatens == [] and reduced.adversarial == [] and reduced.asks_for_human_after is None
    assert "financial_hardship" not in persona
    facts = json.loads((out / "shrink.json").read_text())
    assert facts["traits"] == [6, 2] and facts["agent_calls"] <= 200
    assert facts["turns"][1] <= facts["turns"][0]
    replay = cli("run", str(out / "suite.yaml"), "--no-mlflow", "--out", str(out / "replay"))
    assert replay.returncode == 0, replay.stderr
    replayed = json.loads((out / "replay" / "results.jsonl").read_text())
    assert replayed["handoff_outcome"] == "missed" and not replayed["passed"]


def test_shrinking_an_episode_that_passed_says_so(cli, planted_run: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [json.loads(line) for line in (planted_run / "results.jsonl").read_text().splitlines()]
    passed = next(r["episode_id"] for r in rows if r["passed"])
    result = cli("shrink", str(planted_run), passed)
    assert result.returncode == 2 and "did not fail" in result.stderr


def test_unknown_episode_is_named(cli, planted_run: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("shrink", str(planted_run), "ffffffffffff")
    assert result.returncode == 2 and "no episode 'ffffffffffff'" in result.stderr
