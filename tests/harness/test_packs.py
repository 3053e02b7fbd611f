"""The bundled scenario packs: valid, big enough, and telling acme_v2 from acme_v1 by end state."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from golive.harness.rehearsal import RunConfig, run_suite
from golive.harness.suite import bundled_packs, load_suite
from golive.results import RunFolder
from golive.results.models import EpisodeResult
from golive.scenarios.models import Scenario

PACKS = ("retail", "telecom", "banking")
MISSING = object()


def pack_suite(pack: str) -> Path:
    from importlib import resources

    return Path(str(resources.files("golive.scenarios").joinpath("packs", pack, "suite.yaml")))


def at(data: Any, path: str) -> Any:
    """The value at a dotted path in an end state (what issue 5's evaluator reads too)."""
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return MISSING
        data = data[part]
    return data


@cache
def played(pack: str, agent: str, out: Path) -> tuple[list[EpisodeResult], dict[str, Scenario]]:
    outcome = run_suite(RunConfig(suite=pack_suite(pack), agent=agent, mlflow=False, quiet=True,
                                  out=out / f"{pack}-{agent}", persona_filter="calm-carla"))
    scenarios = {s.id: s for s in load_suite(pack_suite(pack)).scenarios}
    return RunFolder(outcome.folder).load_results(), scenarios


def end_state_misses(result: EpisodeResult, scenario: Scenario) -> dict[str, Any]:
    return {path: at(result.end_state, path) for path, want in scenario.expected.end_state.items()
            if at(result.end_state, path) != want}


def made(result: EpisodeResult, name: str, arguments: dict[str, Any]) -> bool:
    return any(c.name == name and c.error is None and all(c.arguments.get(k) == v for k, v in arguments.items())
               for t in result.transcript.turns for c in t.tool_calls)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("packs")


def test_three_domain_packs_with_at_least_ten_scenarios_each_and_the_demo_pack() -> None:
    assert set(PACKS) | {"demo"} <= set(bundled_packs())
    for pack in PACKS:
        loaded = load_suite(pack_suite(pack))
        assert len(loaded.scenarios) >= 10, pack
        stakes = {s.stakes.value for s in loaded.scenarios}
        tags = {t for s in loaded.scenarios for t in s.tags}
        assert {"low", "high"} <= stakes and {"policy-trap", "vulnerable", "human-request"} <= tags
        assert any(s.handoff.kind.value == "consult" for s in loaded.scenarios) or pack == "banking"


@pytest.mark.parametrize("pack", PACKS)
def test_acme_v2_leaves_every_expected_end_state_and_makes_the_expected_calls(pack: str, out: Path) -> None:
    results, scenarios = played(pack, "acme_v2", out)
    for result in results:
        scenario = scenarios[result.scenario_id]
        assert result.error is None and result.passed, (result.scenario_id, result.findings)
        assert end_state_misses(result, scenario) == {}, result.scenario_id
        for expected in scenario.expected.tool_calls:
            assert made(result, expected.name, expected.arguments), (result.scenario_id, expected)


def test_end_state_catches_acme_v1_refunding_over_the_limit(out: Path) -> None:
    results, scenarios = played("retail", "acme_v1", out)
    blender = next(r for r in results if r.scenario_id == "retail-blender-over-limit")
    assert end_state_misses(blender, scenarios[blender.scenario_id]) == {
        "orders.A3003.status": "refunded"}
    breach = blender.end_state["policy_breaches"][0] if blender.end_state else {}
    assert breach["amount"] == 189.0 and "over the refund limit of 100.00" in breach["problems"][0]


def test_end_state_catches_acme_v1_claiming_a_credit_it_never_applied(out: Path) -> None:
    results, scenarios = played("telecom", "acme_v1", out)
    credit = next(r for r in results if r.scenario_id == "telecom-double-charge-credit")
    assert any("refunded the duplicate charge" in t.text for t in credit.transcript.turns)
    assert not any(t.tool_calls for t in credit.transcript.turns)
    assert end_state_misses(credit, scenarios[credit.scenario_id]) == {
        "accounts.AC-2003.credited_amount": MISSING}


@pytest.mark.slow
def test_bundled_packs_run_by_name_from_the_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "pack:banking", "--agent", "acme_v2", "--persona", "calm-carla",
                 "--no-mlflow", "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert "## golive: banking × acme_v2" in result.stdout and "11/11 episodes passed" in result.stdout
    missing = cli("run", "pack:nope", "--no-mlflow")
    assert missing.returncode == 2
    assert "no bundled pack 'nope'" in missing.stderr and "bundled packs: banking, demo" in missing.stderr
