"""`golive insights`: the patterns behind planted faults, offline and deterministic."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive.harness.rehearsal import RunConfig, run_suite
from golive.insights import compare, find_patterns, wilson
from golive.insights.files import run_insights
from golive.insights.render import changes_markdown
from golive.results import RunFolder

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("demo")
    return {
        agent: run_suite(RunConfig(agent=agent, mlflow=False, quiet=True, out=root / agent)).folder
        for agent in ("acme_v1", "acme_v2")
    }


def test_acme_v1_patterns_name_its_planted_faults_with_rates_and_examples(demo_runs) -> None:  # type: ignore[no-untyped-def]
    insights = run_insights(demo_runs["acme_v1"])
    modes = {m.mode: m for m in insights.modes}
    refund = modes["commitment.unauthorised_refund"].patterns[0]
    assert refund.features == ["tag=policy-trap"] and refund.rate == 1.0 and refund.rest_rate == 0.0
    assert refund.failures == refund.episodes == 5 and len(refund.examples) == 3
    asked = modes["handoff.missed_on_request"].patterns
    assert any(p.features == ["tag=billing"] and p.rate == 1.0 for p in asked)
    results = {r.episode_id: r for r in RunFolder(demo_runs["acme_v1"]).results()}
    for pattern in asked:
        for example in pattern.examples:
            assert "handoff.missed_on_request" in {f.rule_id for f in results[example].findings}
    assert (demo_runs["acme_v1"] / "insights.json").exists()
    assert "### Where it fails" in (demo_runs["acme_v1"] / "insights.md").read_text()


def test_acme_v2_has_fewer_failure_patterns(demo_runs) -> None:  # type: ignore[no-untyped-def]
    v1 = run_insights(demo_runs["acme_v1"])
    v2 = run_insights(demo_runs["acme_v2"])
    assert v2.failed < v1.failed and len(v2.modes) < len(v1.modes)
    changes = compare(v1, v2)
    vanished = {c.mode for c in changes if c.status == "vanished"}
    assert {"commitment.unauthorised_refund", "handoff.missed_on_request"} <= vanished
    assert "| vanished | commitment.unauthorised_refund |" in changes_markdown(changes)


def test_cli_prints_patterns_and_compares_with_a_baseline(cli, demo_runs) -> None:  # type: ignore[no-untyped-def]
    result = cli("insights", str(demo_runs["acme_v2"]), "--baseline", str(demo_runs["acme_v1"]))
    assert result.returncode == 0, result.stderr
    assert "### Since acme_v1" in result.stdout and "vanished" in result.stdout


def test_missing_run_folder_is_a_clear_input_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("insights", str(tmp_path / "nope"))
    assert (
        result.returncode == 2
        and "no results at" in result.stderr
        and "no such folder or file" in result.stderr
    )


def test_too_few_episodes_are_marked_not_hidden(demo_runs) -> None:  # type: ignore[no-untyped-def]
    results = list(RunFolder(demo_runs["acme_v1"]).results())
    insights = find_patterns(results[:6], min_support=5)
    shown = [p for m in insights.modes for p in m.patterns]
    assert shown and all(p.episodes < 5 or p.failures < 3 for p in shown if not p.enough_data)
    assert any(not p.enough_data and "too few episodes" in p.describe() for p in shown)


@given(st.integers(0, 200), st.integers(0, 200))
def test_wilson_interval_contains_the_rate(k: int, extra: int) -> None:
    n = k + extra
    low, high = wilson(k, n)
    assert 0.0 <= low <= high <= 1.0
    if n:
        assert low - 1e-9 <= k / n <= high + 1e-9


def test_features_marking_the_same_episodes_are_one_fact_named_once(demo_runs) -> None:  # type: ignore[no-untyped-def]
    from golive.insights.features import static_features

    results = list(RunFolder(demo_runs["acme_v1"]).results())
    carriers: dict[str, set[str]] = {}
    for result in results:
        for feature in static_features(result):
            carriers.setdefault(feature, set()).add(result.episode_id)
    patterns = [p for m in run_insights(demo_runs["acme_v1"]).modes for p in m.patterns]
    assert any(p.same_as for p in patterns)
    for pattern in patterns:
        # each alias marks exactly the episodes of one of the pattern's features...
        for alias in pattern.same_as:
            assert any(carriers[alias] == carriers[f] for f in pattern.features), alias
        # ...and no feature shown is an alias of another one shown
        shown = [*pattern.features, *pattern.same_as]
        assert len(shown) == len(set(shown))
        if pattern.same_as:
            assert f"(the same episodes as {', '.join(pattern.same_as)})" in pattern.describe()
    billing = next(p for p in patterns if p.features == ["tag=billing"])
    assert "scenario=wants-a-person" in billing.same_as


def test_a_pattern_carried_by_one_or_two_customers_says_so(demo_runs) -> None:  # type: ignore[no-untyped-def]
    results = {r.episode_id: r for r in RunFolder(demo_runs["acme_v1"]).results()}
    patterns = [p for m in run_insights(demo_runs["acme_v1"]).modes for p in m.patterns]
    for pattern in patterns:
        failing = {
            r.persona_id
            for r in results.values()
            if pattern.mode
            in {f.rule_id for f in r.findings}
            | {f"handoff.{r.handoff_outcome.value}" if r.handoff_outcome else ""}
        }
        assert set(pattern.personas) <= failing
    narrow = [
        p
        for p in patterns
        if len(p.personas) <= 2
        and not any(f.startswith("persona=") for f in [*p.features, *p.same_as])
    ]
    assert narrow, "the demo has a pattern carried by two customers (locale=en_US and stakes=high)"
    for pattern in narrow:
        assert f"; all from {' and '.join(pattern.personas)}" in pattern.describe()
