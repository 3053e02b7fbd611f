"""The calibration set: every rule measured on hand-labelled conversations, shown by the CLI."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from golive.evaluators.calibration import load_calibration, measure, table
from golive.evaluators.rules import RULE


def test_every_rule_has_labelled_breaches_and_clean_conversations() -> None:
    items = load_calibration()
    for rule_id in RULE.names():
        assert any(rule_id in i.labels for i in items), rule_id
    assert sum(not i.labels for i in items) >= 10


def test_every_built_in_rule_meets_the_bar_on_the_calibration_set() -> None:
    # Issue 14: no built-in rule below 0.95 precision or 0.9 recall on the labelled set.
    scores = measure(load_calibration())
    low = {
        rule_id: (s.precision, s.recall)
        for rule_id, s in scores.items()
        if s.precision is None or s.precision < 0.95 or s.recall is None or s.recall < 0.9
    }
    assert not low, f"rules below 0.95 precision / 0.9 recall: {low}"


def test_the_set_is_big_and_varied_enough_to_mean_something() -> None:
    main, held = load_calibration(), load_calibration(holdout=True)
    assert sum(i.agent_turns for i in main + held) >= 400
    assert sum(i.agent_turns for i in held) >= 100
    styles = {i.style for i in main if not i.labels}
    assert {"terse", "warm", "formal", "non-native", "other-language"} <= styles
    for rule_id, rule in RULE.rows().items():  # several phrasings of each breach
        if rule.detect is not None:
            assert sum(rule_id in i.labels for i in main) >= 2, rule_id


def test_held_out_set_stays_above_its_floor() -> None:
    # The held-out set was written before the families and never tuned on: a regression
    # floor over all rules together (per rule it holds 1-5 breaches, too few to judge alone).
    scores = measure(load_calibration(holdout=True)).values()
    tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
    assert tp / (tp + fp) >= 0.95 and tp / (tp + fn) >= 0.9


def test_table_lists_each_rule_with_counts() -> None:
    text = table(measure(load_calibration()))
    assert "| `pii.card_number` | critical | pattern | 1.00 | 1.00 | 3/0/0 |" in text
    assert len(text.splitlines()) == sum(r.detect is not None for r in RULE.rows().values()) + 2


def test_cli_shows_precision_and_recall_and_takes_team_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "team.yaml").write_text(
        "- id: brand.mate\n  description: Slang.\n  patterns: ['\\bmate\\b']\n"
    )
    (tmp_path / "set.yaml").write_text(
        "items:\n  - id: a\n    turns: [[customer, hi], [agent, 'Hiya mate']]\n"
        "    labels: [brand.mate]\n  - id: b\n    turns: [[customer, hi], [agent, Hello]]\n"
    )
    result = cli("rules", "--rules", "team.yaml", "--calibration", "set.yaml")
    assert result.returncode == 0, result.stderr
    assert "| `brand.mate` | major | pattern | 1.00 | 1.00 | 1/0/0 |" in result.stdout
    assert "2 labelled conversations" in result.stdout


def test_cli_says_what_is_wrong_with_a_calibration_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "set.yaml").write_text(
        "items:\n  - id: a\n    turns: [[customer, hi]]\n    labels: [no.such.rule]\n"
    )
    result = cli("rules", "--calibration", "set.yaml")
    assert result.returncode == 2
    assert "labels unknown rules ['no.such.rule']" in result.stderr
    assert "hint: each item needs id, turns and labels" in result.stderr


@pytest.mark.slow
def test_judge_rules_are_measured_with_a_judge_over_http() -> None:
    from golive.evaluators.judge import Judge
    from golive.llm.gateway import Gateway
    from tests.evaluators.test_judge import serve

    fail = json.dumps({"verdict": "fail", "turn": 1, "evidence": "x", "explanation": "cold"})
    ok = json.dumps({"verdict": "pass", "turn": None, "explanation": "fine"})
    # This fake judge flags exactly the two "subtle" replies: one right, one missed, no noise.
    answers = {
        "Delivery times vary": (200, fail),
        "that one is on you": (200, fail),
        "cold, dismissive": (200, ok),
        "NOT supported": (200, ok),
    }

    async def go() -> dict[str, Any]:
        runner, base, _ = await serve(answers)
        try:
            judge = Judge("openai/judge", Gateway(cache=None, retries=0, api_key="local"), base)
            return await asyncio.to_thread(measure, load_calibration(), judge)
        finally:
            await runner.cleanup()

    scores = asyncio.run(go())
    cold = scores["judge.cold_or_dismissive"]
    assert (cold.tp, cold.fp) == (2, 0) and cold.fn >= 1
    assert scores["judge.unsupported_claim"].recall == 0.0


def test_cli_shows_held_out_figures(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("rules", "--holdout")
    assert result.returncode == 0, result.stderr
    assert "111 held-out labelled conversations (111 agent turns)" in result.stdout
    assert "| `identity.claims_human` | critical | pattern |" in result.stdout


@pytest.mark.parametrize(
    "name, size", [("fresh3.yaml", 80), ("fresh4.yaml", 54), ("fresh5_blind.yaml", 129),
                   ("fresh6_blind.yaml", 174)]
)
def test_the_fresh_measurement_sets_name_only_real_rules_and_unique_ids(
    name: str, size: int
) -> None:
    """benchmarks/data holds the sets measured in benchmarks/verdicts.md; a typo in a label
    would silently count as a miss."""
    items = load_calibration(Path(__file__).parents[2] / "benchmarks" / "data" / name)
    assert len(items) == size and len({i.id for i in items}) == size
    known = set(RULE.rows())
    assert all(label in known for item in items for label in item.labels)
    assert {i.style for i in items} >= {
        "plain",
        "terse",
        "warm",
        "formal",
        "non-native",
        "other-language",
    }
