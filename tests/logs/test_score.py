"""`golive score LOGS`: logged conversations judged as played ones are, into a run folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from golive.logs.export import episode_line
from golive.results import RunFolder

TAU = Path(__file__).parent / "data" / "tau-bench-gpt-4o-airline-3.json"
#: Reads the customer's hidden intensity, which words only approximate (see below).
EMOTION_BOUND = {"experience.no_empathy"}


def _play_and_log(cli: Any, tmp: Path, pack: str, bot: str) -> tuple[Path, Path]:
    result = cli("run", f"pack:{pack}", "--agent", bot, "--no-mlflow", "--quiet", "--out", "run")
    assert result.returncode in (0, 1), result.stderr
    logs = tmp / "logs.jsonl"
    with logs.open("w") as handle:
        for episode in RunFolder(tmp / "run").results():
            handle.write(json.dumps(episode_line(episode)) + "\n")
    return tmp / "run", logs


def _by_conversation(folder: Path) -> dict[str, Any]:
    return {r.attributes["log"]["conversation_id"]: r for r in RunFolder(folder).results()}


def _findings(result: Any, skip: set[str] = set()) -> list[tuple[str, int | None, str, str]]:  # noqa: B006
    return sorted(
        (f.rule_id, f.turn, f.severity.value, f.evidence)
        for f in result.findings
        if f.rule_id not in skip
    )


def test_logs_of_a_bundled_bot_run_score_to_the_same_findings(cli: Any, tmp_path: Path) -> None:
    run, logs = _play_and_log(cli, tmp_path, "demo", "acme_v2")
    scored = cli("score", str(logs), "--suite", "pack:demo", "--no-mlflow", "--out", "scored")
    assert scored.returncode == 0, scored.stderr
    read = _by_conversation(tmp_path / "scored")
    played = list(RunFolder(run).results())
    assert sorted(read) == sorted(r.episode_id for r in played)
    for original in played:
        again = read[original.episode_id]
        assert again.attributes["source"] == "log" and again.episode_id == original.episode_id
        assert again.scenario_id == original.scenario_id
        assert _findings(again) == _findings(original), original.episode_id
        assert (again.passed, again.handoff_outcome) == (original.passed, original.handoff_outcome)
        assert again.end_state == original.end_state
    assert any(r.findings for r in played)  # the comparison compared something
    compared = cli("compare", "run", "scored")
    assert compared.returncode == 0 and f"{len(played)} shared episodes" in compared.stdout


@pytest.mark.slow
def test_tool_rounds_and_end_state_survive_the_round_trip(cli: Any, tmp_path: Path) -> None:
    run, logs = _play_and_log(cli, tmp_path, "retail", "acme_v1")
    scored = cli("score", str(logs), "--suite", "pack:retail", "--no-mlflow", "--out", "scored")
    assert scored.returncode == 0, scored.stderr
    read = _by_conversation(tmp_path / "scored")
    played = list(RunFolder(run).results())
    same_mood = 0
    for original in played:
        again = read[original.episode_id]
        assert _findings(again, EMOTION_BOUND) == _findings(original, EMOTION_BOUND), (
            original.episode_id
        )
        assert again.end_state == original.end_state
        assert again.handoff_outcome == original.handoff_outcome
        same_mood += _findings(again) == _findings(original)
    # The simulator's hidden intensity is read back from words: most episodes agree exactly.
    assert same_mood / len(played) >= 0.7
    assert any(f.rule_id.startswith("accuracy.end_state") for r in played for f in r.findings)


def test_without_a_policy_the_unjudged_are_listed_and_accuracy_is_absent(
    cli: Any, tmp_path: Path
) -> None:
    scored = cli("score", str(TAU), "--no-mlflow", "--out", "tau")
    assert scored.returncode == 0, scored.stderr
    assert "Not judged (no --policy, --scenario or --suite):" in scored.stdout
    assert "refund and credit limits" in scored.stdout
    note = (tmp_path / "tau" / "score.md").read_text()
    assert "Judged against: no policy." in note and "refund and credit limits" in note
    manifest = json.loads((tmp_path / "tau" / "manifest.json").read_text())
    assert manifest["origin"]["kind"] == "log" and manifest["origin"]["formats"] == ["tau-bench"]
    assert manifest["origin"]["unjudged"] and manifest["simulator"] == "log"
    results = list(RunFolder(tmp_path / "tau").results())
    assert sorted(r.attributes["log"]["conversation_id"] for r in results) == [
        "tau-38-2",
        "tau-41-2",
        "tau-44-3",
    ]
    assert all(
        r.attributes["source"] == "log" and "accuracy.score" not in r.scores for r in results
    )
    transfer = next(r for r in results if r.attributes["log"]["conversation_id"] == "tau-38-2")
    assert transfer.termination.value == "handoff"
    assert any(t.handoff is not None for t in transfer.transcript.turns)
    # An ordinary run folder: the other commands read it unchanged.
    assert cli("report", "tau").returncode == 0
    gate = cli("gate", "tau")
    assert gate.returncode in (0, 1, 4), gate.stderr
    assert cli("insights", "tau").returncode == 0


def test_mask_pii_masks_before_scoring_and_says_so(cli: Any, tmp_path: Path) -> None:
    line = {
        "id": "p1",
        "messages": [
            {
                "role": "user",
                "content": "I'm jo@example.com, card 4111 1111 1111 1111, call +44 20 7946 0958.",
            },
            {"role": "assistant", "content": "Thanks, I will email jo@example.com."},
        ],
    }
    (tmp_path / "p.jsonl").write_text(json.dumps(line) + "\n")
    scored = cli("score", "p.jsonl", "--mask-pii", "--no-mlflow", "--out", "masked")
    assert scored.returncode == 0, scored.stderr
    (result,) = RunFolder(tmp_path / "masked").results()
    texts = [t.text for t in result.transcript.turns]
    assert texts == ["I'm [email], card [card], call [phone].", "Thanks, I will email [email]."]
    manifest = json.loads((tmp_path / "masked" / "manifest.json").read_text())
    assert manifest["origin"]["mask_pii"] == {"card": 1, "email": 2, "phone": 1}
    assert "jo@example.com" not in (tmp_path / "masked" / "results.jsonl").read_text()


def test_bad_input_exits_2_naming_file_line_field_and_fix(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "bad.jsonl").write_text(
        '{"id": "a", "messages": [{"role": "bot", "content": "x"}]}\n'
    )
    bad = cli("score", "bad.jsonl", "--no-mlflow")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "bad.jsonl:1: messages.0.role: role 'bot' is not an OpenAI role" in bad.stderr
    assert "hint: use system, user, assistant or tool" in bad.stderr
    both = cli("score", str(TAU), "--suite", "pack:demo", "--policy", "p.yaml", "--no-mlflow")
    assert both.returncode == 2 and "--policy and --suite both given" in both.stderr
    (tmp_path / "named.jsonl").write_text(
        json.dumps({"id": "n", "scenario": "nope", "messages": [{"role": "user", "content": "hi"}]})
        + "\n"
    )
    named = cli("score", "named.jsonl", "--suite", "pack:demo", "--no-mlflow")
    assert named.returncode == 2
    assert "named.jsonl: scenario: conversation 'n' names scenario 'nope'" in named.stderr
    assert "hint: scenarios: " in named.stderr
    (tmp_path / "p.yaml").write_text("domain: retail\npolicy:\n  max_refund: lots\n")
    policy = cli("score", str(TAU), "--policy", "p.yaml", "--no-mlflow")
    assert policy.returncode == 2 and "Traceback" not in policy.stderr
    assert (
        "p.yaml:2: policy.max_refund:" in policy.stderr and "hint: a policy file" in policy.stderr
    )


def test_a_policy_file_judges_what_no_policy_cannot(cli: Any, tmp_path: Path) -> None:
    line = {
        "id": "r1",
        "messages": [
            {"role": "user", "content": "My kettle broke, I want my money back."},
            {
                "role": "assistant",
                "content": "I've refunded £500 to your card, it will arrive in 3 days.",
            },
        ],
    }
    (tmp_path / "r.jsonl").write_text(json.dumps(line) + "\n")
    (tmp_path / "p.yaml").write_text("policy:\n  refunds_allowed: false\n")
    without = cli("score", "r.jsonl", "--no-mlflow", "--out", "a")
    with_policy = cli("score", "r.jsonl", "--policy", "p.yaml", "--no-mlflow", "--out", "b")
    assert without.returncode == 0 and with_policy.returncode == 0, with_policy.stderr
    (a,) = RunFolder(tmp_path / "a").results()
    (b,) = RunFolder(tmp_path / "b").results()
    new = {f.rule_id for f in b.findings} - {f.rule_id for f in a.findings}
    assert new and not b.passed
    assert "Judged against: policy p.yaml." in (tmp_path / "b" / "score.md").read_text()


@pytest.mark.slow
def test_scored_logs_are_an_mlflow_run_like_a_played_one(cli: Any, tmp_path: Path) -> None:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    scored = cli("score", str(TAU), "--tracking-uri", uri, "--out", "tau", "--agent", "airline-bot")
    assert scored.returncode == 0, scored.stderr
    manifest = json.loads((tmp_path / "tau" / "manifest.json").read_text())
    assert manifest["mlflow_run_id"] and manifest["tracking_uri"] == uri
    from mlflow.tracking import MlflowClient

    run = MlflowClient(tracking_uri=uri).get_run(manifest["mlflow_run_id"])
    assert run.info.status == "FINISHED"
    assert run.data.params["origin"] == "log" and run.data.params["agent"] == "airline-bot"
    assert run.data.metrics["run.episodes"] == 3.0
    assert "accuracy.score" not in run.data.metrics  # not judged without a policy: absent


def test_traces_none_logs_the_run_without_a_trace_per_conversation(
    cli: Any, tmp_path: Path
) -> None:
    # 10,000s of logged conversations: MLflow's store costs ms per trace (benchmarks/logs.md).
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    scored = cli("score", str(TAU), "--tracking-uri", uri, "--out", "tau", "--traces", "none")
    assert scored.returncode == 0, scored.stderr
    manifest = json.loads((tmp_path / "tau" / "manifest.json").read_text())
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    run = client.get_run(manifest["mlflow_run_id"])
    assert run.info.status == "FINISHED" and run.data.metrics["run.episodes"] == 3.0
    assert any(not r.passed for r in RunFolder(tmp_path / "tau").results())  # failed would trace
    assert client.search_traces(locations=[run.info.experiment_id]) == []
    bad = cli("score", str(TAU), "--no-mlflow", "--traces", "sometimes")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert "--traces: unknown --traces 'sometimes'" in bad.stderr
    assert "hint: use all, failed or none" in bad.stderr


def test_a_text_only_bots_handoff_is_read_with_handoff_pattern(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "chat.csv").write_text(
        "conversation_id,role,text,timestamp\n"
        "t1,customer,My parcel never came.,2026-11-30T09:00:00Z\n"
        "t1,agent,Sorry to hear that. Could you give me the order number?,2026-11-30T09:00:05Z\n"
        "t1,customer,I want to speak to a real person.,2026-11-30T09:01:00Z\n"
        "t1,agent,Of course: transferring you to a colleague now.,2026-11-30T09:01:04Z\n"
    )
    plain = cli("score", "chat.csv", "--no-mlflow", "--out", "plain")
    read = cli(
        "score", "chat.csv", "--no-mlflow", "--out", "read", "--handoff-pattern", "transferring you"
    )
    assert plain.returncode == 0 and read.returncode == 0, read.stderr
    (before,) = RunFolder(tmp_path / "plain").results()
    (after,) = RunFolder(tmp_path / "read").results()
    assert any(f.rule_id.startswith("handoff.missed") for f in before.findings)
    assert after.handoff_outcome is not None and after.handoff_outcome.value == "on_time"
    assert after.transcript.turns[3].handoff is not None
    assert after.transcript.turns[3].handoff.source == "pattern"
    bad = cli("score", "chat.csv", "--no-mlflow", "--handoff-pattern", "(oops")
    assert bad.returncode == 2 and "--handoff-pattern: handoff pattern '(oops'" in bad.stderr


def test_without_a_policy_the_bots_own_instructions_in_the_log_support_its_values() -> None:
    from golive.harness.logged import prepare_logged
    from golive.harness.scoring import score_stored
    from golive.logs import LoggedConversation, LoggedMessage

    def rules(reply: str) -> set[str]:
        conversation = LoggedConversation(
            "i1",
            (
                LoggedMessage("system", "Each extra checked bag costs $50."),
                LoggedMessage("user", "How much is an extra bag?"),
                LoggedMessage("assistant", reply),
            ),
            "jsonl",
            "x.jsonl:1",
        )
        return {
            f.rule_id for f in score_stored(prepare_logged((conversation, None, None))).findings
        }

    assert not {"accuracy.unsupported_value", "accuracy.wrong_fact"} & rules(
        "An extra bag costs $50."
    )
    assert "accuracy.wrong_fact" in rules("An extra bag costs $75.")  # the instructions say $50
