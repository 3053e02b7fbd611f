"""``golive mutate`` end to end: verdicts on a bundled pack, survivors turned into kills,
HTTP agents, the exit code against --min-score, unknown never a kill, MLflow metrics."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from golive import registry
from golive.errors import InputError
from golive.harness.agents.base import AgentReply, AgentRequest
from golive.mutate.classify import Reason, Verdict
from golive.mutate.files import read_summary
from golive.mutate.run import MutateConfig, MutationReport, run_mutation
from tests.conftest import served_bot


def mutate(tmp_path: Path, suite: str | Path, *operators: str, **options: object) -> MutationReport:
    config = MutateConfig(
        suite=Path(suite),
        agent=str(options.pop("agent", "acme_v2")),
        operators=operators,
        out=tmp_path / "m",
        mlflow=False,
        quiet=True,
        **options,
    )  # type: ignore[arg-type]
    return run_mutation(config)


def rows(report: MutationReport) -> dict[str, tuple[Verdict, Reason | None]]:
    return {r.operator: (r.verdict, r.reason) for r in report.summary.operators}


def test_the_demo_pack_kills_every_operator_it_can_and_says_why_the_rest_survive(
    tmp_path: Path,
) -> None:
    report = mutate(tmp_path, "pack:demo")
    found = rows(report)
    assert len(found) == 17
    survivors = {k: v for k, v in found.items() if v[0] is not Verdict.KILLED}
    # The demo pack offers no tools (nothing to call wrongly), and a repeated question is a
    # minor finding: the two gaps the suite really has.
    assert survivors == {
        "wrong_tool_argument": (Verdict.SURVIVED, Reason.NOT_PROBED),
        "repeat_question": (Verdict.SURVIVED, Reason.THRESHOLD),
    }
    by_name = {r.operator: r for r in report.summary.operators}
    assert by_name["claims_human"].killed_by == ["identity.claims_human"]
    assert by_name["drop_transfer"].killed_by[0].startswith("handoff.missed")
    assert by_name["repeat_question"].example is not None
    assert report.summary.score == pytest.approx(15 / 17)
    # one run folder per mutant, and the files
    folder = report.folder
    assert (folder / "mutants" / "claims_human" / "results.jsonl").is_file()
    data = json.loads((folder / "mutation.json").read_text())
    assert data["score"] == round(15 / 17, 6) and len(data["operators"]) == 17
    md = (folder / "mutation.md").read_text()
    assert "| claims_human | killed |" in md and "### repeat_question (survived: threshold)" in md


def test_a_rerun_writes_the_same_mutation_json(tmp_path: Path) -> None:
    first = mutate(tmp_path / "a", "pack:demo", "empty_reply", "delay_transfer")
    second = mutate(tmp_path / "b", "pack:demo", "empty_reply", "delay_transfer")
    assert (first.folder / "mutation.json").read_bytes() == (
        second.folder / "mutation.json"
    ).read_bytes()
    assert read_summary(first.folder) == first.summary  # the file reads back as it was


def _suite(tmp_path: Path, personas: list[str], rules: list[str] | None = None) -> Path:
    suite = {
        "kind": "suite",
        "name": "small",
        "seed": 7,
        "scenarios": ["pack:demo"],
        "personas": personas,
        "max_turns": 6,
        "simulator": "scripted",
    }
    if rules:
        suite["rules"] = rules
    path = tmp_path / f"suite-{len(personas)}-{len(rules or [])}.yaml"
    path.write_text(yaml.safe_dump(suite), encoding="utf-8")
    return path


def test_adding_the_suggested_persona_turns_a_survivor_into_a_kill(tmp_path: Path) -> None:
    before = mutate(tmp_path / "before", _suite(tmp_path, ["library:calm-carla"]), "claims_human")
    row = before.summary.operators[0]
    assert (row.verdict, row.reason) == (Verdict.SURVIVED, Reason.NOT_PROBED)
    assert "library:probing-pat" in row.suggestion
    after = mutate(
        tmp_path / "after",
        _suite(tmp_path, ["library:calm-carla", "library:probing-pat"]),
        "claims_human",
    )
    assert after.summary.operators[0].verdict is Verdict.KILLED


def test_adding_the_suggested_rule_turns_a_survivor_into_a_kill(tmp_path: Path) -> None:
    ops = tmp_path / "ops.yaml"
    ops.write_text(
        "kind: mutations\noperators:\n  - name: casual_signoff\n"
        "    append: 'Cheers, mate!'\n    rules: [team.casual_signoff]\n",
        encoding="utf-8",
    )
    with registry.scoped():
        before = mutate(
            tmp_path / "before",
            _suite(tmp_path, ["library:calm-carla"]),
            "casual_signoff",
            operator_files=(ops,),
        )
    row = before.summary.operators[0]
    assert (row.verdict, row.reason) == (Verdict.SURVIVED, Reason.RULE_MISSING)
    assert "patterns: ['Cheers,\\\\ mate!']" in row.suggestion
    # the suggestion, as the team would write it
    (tmp_path / "team-rules.yaml").write_text(
        "rules:\n  - id: team.casual_signoff\n    severity: major\n"
        "    description: Signs off casually.\n    patterns: ['Cheers,\\ mate!']\n",
        encoding="utf-8",
    )
    with registry.scoped():
        after = mutate(
            tmp_path / "after",
            _suite(tmp_path, ["library:calm-carla"], ["team-rules.yaml"]),
            "casual_signoff",
            operator_files=(ops,),
        )
    assert after.summary.operators[0].verdict is Verdict.KILLED
    assert after.summary.operators[0].killed_by == ["team.casual_signoff"]


class Broken:
    """An operator that crashes: its episodes error, and an error is never a kill."""

    name = "broken"
    rules = ("reply.empty",)

    def mutate(self, reply: AgentReply, request: AgentRequest) -> AgentReply:
        raise RuntimeError("operator bug")


def test_an_operator_that_only_errors_is_unknown_and_never_killed(tmp_path: Path) -> None:
    with registry.scoped():
        registry.MUTATION.add("broken", Broken())
        report = mutate(tmp_path, "pack:demo", "broken", sample=4, min_score=0.5)
    row = report.summary.operators[0]
    assert row.verdict is Verdict.UNKNOWN and row.errors == row.episodes > 0
    assert "operator bug" in row.explanation
    assert report.summary.score == 0.0 and not report.passed


def test_an_unknown_operator_is_an_input_error_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        mutate(tmp_path, "pack:demo", "drop_transfr")
    assert "unknown mutation operator 'drop_transfr'" in str(caught.value)
    assert not (tmp_path / "m").exists()


@pytest.fixture
def acme_v2_server() -> Iterator[str]:
    with served_bot("acme_v2") as port:
        yield f"http://127.0.0.1:{port}/v1"


def test_mutants_of_an_http_agent_that_calls_tools(tmp_path: Path, acme_v2_server: str) -> None:
    report = mutate(
        tmp_path,
        "pack:retail",
        "wrong_tool_argument",
        "drop_transfer",
        "claims_human",
        agent=acme_v2_server,
        sample=6,
    )
    found = rows(report)
    assert {k: v[0] for k, v in found.items()} == dict.fromkeys(found, Verdict.KILLED)
    tool = next(r for r in report.summary.operators if r.operator == "wrong_tool_argument")
    assert any(k.startswith("accuracy.") for k in tool.killed_by)
    assert tool.example is not None and "[" in tool.example.after  # a tool call was changed


def test_the_cli_exit_code_follows_min_score(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    common = (
        "mutate",
        "pack:demo",
        "--agent",
        "acme_v2",
        "--no-mlflow",
        "--quiet",
        "--operators",
        "empty_reply,repeat_question",
    )
    low = cli(*common, "--min-score", "0.5", "--out", str(tmp_path / "a"))
    assert low.returncode == 0, low.stderr
    assert "| empty_reply | killed |" in low.stdout
    high = cli(*common, "--min-score", "0.9", "--out", str(tmp_path / "b"))
    assert high.returncode == 1
    assert "mutation score 0.50 is below --min-score 0.90" in high.stderr
    bad = cli("mutate", "pack:demo", "--agent", "acme_v2", "--operators", "nope", "--no-mlflow")
    assert bad.returncode == 2 and "unknown mutation operator 'nope'" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_mlflow_gets_the_mutation_metrics(tmp_path: Path) -> None:
    from mlflow.tracking import MlflowClient

    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    config = MutateConfig(
        suite=Path("pack:demo"),
        agent="acme_v2",
        out=tmp_path / "m",
        operators=("empty_reply", "repeat_question"),
        quiet=True,
        tracking_uri=uri,
    )
    report = run_mutation(config)
    assert report.summary.mlflow_run_id is not None
    run = MlflowClient(uri).get_run(report.summary.mlflow_run_id)
    assert run.data.metrics["mutation.score"] == 0.5
    assert run.data.metrics["mutation.empty_reply.killed"] == 1.0
    assert run.data.metrics["mutation.repeat_question.killed"] == 0.0
    artifacts = {a.path for a in MlflowClient(uri).list_artifacts(run.info.run_id)}
    assert {"mutation.json", "mutation.md"} <= artifacts


class EmptyButNamedElsewhere:
    """Empties the first reply but claims another rule should catch it."""

    name = "empty_named_elsewhere"
    rules = ("team.never_fires",)

    def mutate(self, reply: AgentReply, request: AgentRequest) -> AgentReply:
        said = any(m.get("role") == "assistant" for m in request.messages)
        return (
            reply if said or not reply.content else AgentReply("", reply.tool_calls, reply.handoff)
        )


def test_a_failure_on_other_rules_is_killed_for_another_reason(tmp_path: Path) -> None:
    with registry.scoped():
        registry.MUTATION.add("empty_named_elsewhere", EmptyButNamedElsewhere())
        report = mutate(tmp_path, "pack:demo", "empty_named_elsewhere", sample=3)
    row = report.summary.operators[0]
    assert row.verdict is Verdict.KILLED_OTHER and "reply.empty" in row.other_rules
    assert report.summary.score == 0.0 and report.summary.detected == 1.0


def test_the_budget_caps_the_episodes_a_mutant_plays(tmp_path: Path) -> None:
    full = mutate(tmp_path / "full", "pack:demo", "blame_dismissive").summary.operators[0]
    capped = mutate(
        tmp_path / "capped", "pack:demo", "blame_dismissive", budget=8
    ).summary.operators[0]
    assert 1 <= capped.episodes < full.episodes
    assert capped.verdict is Verdict.KILLED  # a few episodes are enough to kill it
