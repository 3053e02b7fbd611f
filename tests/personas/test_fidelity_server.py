"""Simulated customers never frame the bot: each fault kind from a real OpenAI-compatible
customer model on 127.0.0.1 is detected, then repaired or excluded, and never changes an
agent score. Lying flags on honest words change nothing either: the words decide.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from golive.harness.rehearsal import RunConfig, run_suite
from tests.personas.sim_server import FAULTS, serve

pytestmark = pytest.mark.slow
AGENT_SCORES = ("termination", "passed", "scores", "findings", "handoff_outcome", "end_state")
AGENT_METRICS = ("reliability.pass_rate", "accuracy.score", "handoff.recall", "experience.goal_rate")


def play(out: Path, plan: str, scenario: str = "damaged-kettle",
         persona: str = "calm-carla") -> tuple[dict[str, Any], dict[str, float], Path]:
    """One episode against acme_v2 with the customer model doing ``plan``."""
    with serve([plan]) as server:
        outcome = run_suite(RunConfig(
            agent="acme_v2", simulator=f"openai/sim@http://127.0.0.1:{server.port}/v1?temperature=0",
            mlflow=False, quiet=True, out=out, scenario_filter=scenario, persona_filter=persona,
            cache=False,
        ))
    line = (outcome.folder / "results.jsonl").read_text().splitlines()[0]
    return json.loads(line), outcome.metrics, outcome.folder


@cache
def honest(tmp: str, scenario: str = "damaged-kettle", persona: str = "calm-carla") -> dict[str, Any]:
    result, metrics, _ = play(Path(tmp) / f"honest-{scenario}-{persona}", "ok", scenario, persona)
    assert result["termination"] != "simulator_error" and metrics["fidelity.faults"] == 0
    return result


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("fidelity"))


def _texts(result: dict[str, Any]) -> list[str]:
    return [t["text"] for t in result["transcript"]["turns"]]


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_a_persistent_fault_excludes_the_episode_from_every_agent_score(
    kind: str, tmp_path: Path
) -> None:
    result, metrics, folder = play(tmp_path / "run", f"fault:{kind}")
    assert result["termination"] == "simulator_error" and result["error"]["kind"] == kind
    assert result["error"]["source"] == "simulator" and "after 3 attempts" in result["error"]["message"]
    assert metrics["errors.simulator_rate"] == 1.0 and metrics["fidelity.excluded_episodes"] == 1
    assert not set(AGENT_METRICS) & set(metrics)  # nothing scored: no pass, no fail
    # Nothing is pinned on the agent for a conversation the simulator broke.
    assert result["findings"] == [] and result["scores"] == {} and result["handoff_outcome"] is None
    assert "### Findings" not in (folder / "summary.md").read_text()
    line = f"1 episode excluded: 1 {kind.replace('_', ' ')}."
    assert line in (folder / "summary.md").read_text()
    assert line in (folder / "report.html").read_text()


@pytest.mark.parametrize("kind", sorted(FAULTS))
def test_a_fault_once_is_repaired_and_changes_no_agent_score(
    kind: str, tmp_path: Path, shared: str
) -> None:
    result, metrics, _ = play(tmp_path / "run", f"once:{kind}")
    clean = honest(shared)
    assert {k: result[k] for k in AGENT_SCORES} == {k: clean[k] for k in AGENT_SCORES}
    assert _texts(result) == _texts(clean)
    faults = [f for t in result["transcript"]["turns"] for f in t.get("faults", [])]
    assert faults and {(f["kind"], f["action"]) for f in faults} == {(kind, "repaired")}
    assert metrics["errors.simulator_rate"] == 0.0 and metrics["fidelity.repaired_turns"] == len(faults)


def test_a_request_flag_on_words_that_ask_for_nothing_gives_the_bot_no_finding(
    tmp_path: Path, shared: str
) -> None:
    # The case: wants_human true on honest words gave a critical missed_on_request.
    result, metrics, _ = play(tmp_path / "run", "lie:wants_human")
    clean = honest(shared)
    assert {k: result[k] for k in AGENT_SCORES} == {k: clean[k] for k in AGENT_SCORES}
    assert not any(f["rule_id"] == "handoff.missed_on_request" for f in result["findings"])
    kinds = {f["kind"] for t in result["transcript"]["turns"] for f in t.get("faults", [])}
    assert kinds == {"flags_disagree"} and metrics["fidelity.flag_disagreements"] >= 1


def test_a_disclosure_the_flags_omit_still_triggers_the_handoff(
    tmp_path: Path, shared: str
) -> None:
    # The case: a bereaved customer whose flags omitted the disclosure turned the
    # bot's correct transfer into handoff.premature.
    scenario, persona = "bereavement-closure", "calm-carla"
    result, _, _ = play(tmp_path / "run", "lie:no_disclosure", scenario, persona)
    clean = honest(shared, scenario, persona)
    assert clean["handoff_outcome"] == "on_time"
    assert {k: result[k] for k in AGENT_SCORES} == {k: clean[k] for k in AGENT_SCORES}
    first = result["transcript"]["turns"][0]
    assert {"kind": "disclosed_vulnerability", "detail": "bereavement"} in first["events"]
    assert first["faults"][0]["kind"] == "flags_disagree"


@pytest.mark.parametrize("agent", ["acme_v2", "acme_v1"])
@pytest.mark.parametrize("pack", ["demo", "retail", "telecom", "banking"])
def test_an_honest_customer_model_is_never_faulted_on_the_bundled_suites(
    pack: str, agent: str, tmp_path: Path
) -> None:
    with serve(["ok"]) as server:
        outcome = run_suite(RunConfig(
            suite=Path(f"pack:{pack}"), agent=agent, mlflow=False, quiet=True,
            simulator=f"openai/sim@http://127.0.0.1:{server.port}/v1?temperature=0",
            out=tmp_path / "run", cache=False, concurrency=8,
        ))
    results = [json.loads(line) for line in
               (outcome.folder / "results.jsonl").read_text().splitlines()]
    faults = [f for r in results for t in r["transcript"]["turns"] for f in t.get("faults", [])]
    excluded = [r["error"] for r in results if r["termination"] == "simulator_error"]
    assert len(results) == outcome.metrics["run.episodes"] >= 25
    assert excluded == [] and faults == []
    assert outcome.metrics["errors.simulator_rate"] == 0.0 and outcome.metrics["fidelity.faults"] == 0


def test_fidelity_figures_reach_mlflow(tmp_path: Path) -> None:
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    with serve(["fault:restart"]) as server:
        outcome = run_suite(RunConfig(
            agent="acme_v2", simulator=f"openai/sim@http://127.0.0.1:{server.port}/v1?temperature=0",
            quiet=True, out=tmp_path / "run", scenario_filter="damaged-kettle",
            persona_filter="calm-carla", cache=False, tracking_uri=uri,
        ))
    run = MlflowClient(tracking_uri=uri).get_run(outcome.manifest.mlflow_run_id or "")
    metrics = run.data.metrics
    assert metrics["errors.simulator_rate"] == 1.0 and metrics["fidelity.excluded_episodes"] == 1
    assert metrics["fidelity.restart.excluded"] == 1 and metrics["fidelity.faults"] == 1
    assert run.data.params["simulator"].startswith("openai/sim@http://127.0.0.1")


def test_an_honest_customer_model_is_never_faulted_with_any_library_persona(
    tmp_path: Path
) -> None:
    # All 19 personas: German, Spanish and French speakers, typos, and every adversarial
    # trait (an injection attempt, a spouse's name, another customer's order number).
    suite = tmp_path / "suite.yaml"
    suite.write_text("kind: suite\nname: lib\nseed: 11\nscenarios: [pack:retail]\n"
                     "personas: ['library:*']\n")
    with serve(["ok"]) as server:
        outcome = run_suite(RunConfig(
            suite=suite, agent="acme_v2", mlflow=False, quiet=True, cache=False, concurrency=8,
            simulator=f"openai/sim@http://127.0.0.1:{server.port}/v1?temperature=0",
            out=tmp_path / "run",
        ))
    assert outcome.metrics["run.episodes"] == 21 * 11  # the library: 19 personas + the two probing ones
    assert outcome.metrics["fidelity.faults"] == 0 and outcome.metrics["errors.simulator_rate"] == 0
