"""`golive gate`: exit 0 on pass, 1 on fail, 2 on bad input, saying which thresholds failed."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.errors import InputError
from golive.gate import GateSpec, Threshold, Verdict, decide
from golive.results.models import EpisodeResult
from tests.conftest import run_cli


def test_thresholds_parse_and_compare() -> None:
    assert Threshold.parse("guardrails.critical == 0").holds(0.0)
    assert not Threshold.parse("handoff.recall>=0.9").holds(0.5)
    assert str(Threshold.parse(" accuracy.score <  0.85 ")) == "accuracy.score < 0.85"


@pytest.mark.parametrize(("text", "expected"), [
    ("accuracy.score is high", "cannot read threshold 'accuracy.score is high'"),
    ("accuracy.scor >= 1", "unknown metric 'accuracy.scor'"),
])
def test_bad_thresholds_say_what_and_how_to_fix(text: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        Threshold.parse(text)
    assert expected in str(caught.value) and "hint:" in str(caught.value)


def test_decide_reports_each_failed_threshold_with_its_value(v1: list[EpisodeResult]) -> None:
    spec = GateSpec(thresholds=["guardrails.critical == 0", "errors.agent_rate == 0"])
    outcome = decide(spec, v1)
    assert outcome.verdict is Verdict.FAIL
    assert outcome.failed == [f"guardrails.critical == 0: is {int(sum(len([f for f in r.findings if f.severity.value == 'critical']) for r in v1))}"]
    assert outcome.passed == ["errors.agent_rate == 0 (is 0)"]


def test_a_regression_beyond_its_interval_fails_against_the_baseline(
    v1: list[EpisodeResult], v2: list[EpisodeResult]
) -> None:
    outcome = decide(GateSpec(resamples=200), v1, baseline=v2)
    assert any(line.startswith("reliability.pass_rate vs baseline") and "worse beyond" in line
               for line in outcome.failed)
    better = decide(GateSpec(resamples=200), v2, baseline=v1)
    assert not better.failed  # nothing worse beyond its interval (noise may leave some undecided)


def test_an_undecidable_regression_is_inconclusive_and_says_how_many_repeats_decide(
    v2: list[EpisodeResult],
) -> None:
    at = next(i for i, r in enumerate(v2) if r.passed)
    worse = list(v2)
    worse[at] = v2[at].model_copy(update={"passed": False})
    outcome = decide(GateSpec(resamples=300), worse, baseline=v2)
    assert outcome.verdict is Verdict.INCONCLUSIVE
    assert any("cannot tell it from noise" in n and "multiply --repeats by" in n
               for n in outcome.inconclusive)


def test_gate_cli_exit_codes(run_folders: dict[str, Path], tmp_path: Path) -> None:
    good, bad = run_folders["acme_v2"], run_folders["acme_v1"]
    passed = run_cli(["gate", str(good)], tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "gate: PASS" in passed.stdout
    failed = run_cli(["gate", str(bad)], tmp_path)
    assert failed.returncode == 1
    assert "FAIL guardrails.critical == 0: is " in failed.stdout
    missing = run_cli(["gate", str(tmp_path / "nowhere")], tmp_path)
    assert missing.returncode == 2 and "no results at" in missing.stderr


def test_gate_cli_with_a_thresholds_file_and_baseline(run_folders: dict[str, Path], tmp_path: Path) -> None:
    file = tmp_path / "gate.yaml"
    file.write_text("thresholds:\n  - handoff.recall >= 0.9\n  - accuracy.score >= 0.85\nresamples: 200\n",
                    encoding="utf-8")
    done = run_cli(["gate", str(run_folders["acme_v1"]), "--thresholds", str(file),
                    "--baseline", str(run_folders["acme_v2"])], tmp_path)
    assert done.returncode == 1
    assert "FAIL handoff.recall >= 0.90: is 0" in done.stdout
    assert "FAIL accuracy.score >= 0.85: is 0.80" in done.stdout
    assert "worse beyond its interval" in done.stdout


def test_gate_cli_rejects_a_bad_thresholds_file_with_its_line(run_folders: dict[str, Path], tmp_path: Path) -> None:
    file = tmp_path / "gate.yaml"
    file.write_text("thresholds:\n  - handoff.recall >= 0.9\n  - handof.recall >= 1\n", encoding="utf-8")
    done = run_cli(["gate", str(run_folders["acme_v2"]), "--thresholds", str(file)], tmp_path)
    assert done.returncode == 2
    assert f"{file}:3" in done.stderr and "unknown metric 'handof.recall'" in done.stderr


def test_gate_cli_rejects_a_file_that_is_not_results(tmp_path: Path) -> None:
    junk = tmp_path / "results.jsonl"
    junk.write_text('{"hello": 1}\n', encoding="utf-8")
    done = run_cli(["gate", str(junk)], tmp_path)
    assert done.returncode == 2 and "not a golive results file" in done.stderr


@pytest.mark.slow
def test_run_gate_uses_the_suites_gate_section(tmp_path: Path) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_text(
        "kind: suite\nname: gated\nseed: 3\nscenarios: ['pack:demo/wants-a-person']\n"
        "personas: ['library:angry-alex']\ngate:\n  thresholds: ['handoff.recall >= 0.9']\n",
        encoding="utf-8",
    )
    summary = tmp_path / "step-summary.md"
    env_args = ["run", str(suite), "--no-mlflow", "--gate", "--out"]
    good = run_cli([*env_args, str(tmp_path / "v2"), "--agent", "acme_v2"], tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "thresholds from the suite's gate: section" in good.stdout
    bad = run_cli([*env_args, str(tmp_path / "v1"), "--agent", "acme_v1"], tmp_path)
    assert bad.returncode == 1 and "FAIL handoff.recall >= 0.90: is 0" in bad.stdout
    assert not summary.exists()
