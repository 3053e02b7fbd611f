"""Issue 13, first list: every way the gate went green on a bot that was never really
tested, reproduced through the CLI as a user would, now a non-zero verdict or a refusal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.personas.sim_server import serve

ONE_SCENARIO = ("--scenario", "order-status", "--no-mlflow", "--quiet")


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real, finished run of one demo scenario (5 personas) against acme_v2."""
    cwd = tmp_path_factory.mktemp("finished")
    done = run_cli(["run", "--agent", "acme_v2", *ONE_SCENARIO, "--out", str(cwd / "run")], cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return cwd / "run"


def _copy(run: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(run, target)
    return target


def test_a_finished_clean_run_still_passes(finished: Path, tmp_path: Path) -> None:
    done = run_cli(["gate", str(finished)], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "gate: PASS (0 failed, 0 inconclusive, 2 passed)" in done.stdout


def test_a_threshold_on_a_metric_the_run_did_not_measure_is_inconclusive(
    finished: Path, tmp_path: Path
) -> None:
    file = tmp_path / "gate.yaml"
    file.write_text("thresholds:\n  - reliability.pass_hat_3 >= 0.8\n", encoding="utf-8")
    done = run_cli(["gate", str(finished), "--thresholds", str(file)], tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "gate: INCONCLUSIVE (0 failed, 1 inconclusive, 0 passed)" in done.stdout
    assert "INCONCLUSIVE reliability.pass_hat_3 >= 0.80: not measured in this run" in done.stdout
    assert "Needs --repeats of at least 3" in done.stdout


@pytest.mark.parametrize(("choice", "code", "said"), [
    ("fail", 1, "inconclusive counted as fail (--inconclusive fail)"),
    ("pass", 0, "inconclusive counted as pass (--inconclusive pass)"),
])
def test_a_team_may_map_inconclusive_to_pass_or_fail_and_is_told(
    finished: Path, tmp_path: Path, choice: str, code: int, said: str
) -> None:
    file = tmp_path / "gate.yaml"
    file.write_text("thresholds: ['reliability.pass_hat_3 >= 0.8']\n", encoding="utf-8")
    done = run_cli(["gate", str(finished), "--thresholds", str(file), "--inconclusive", choice],
                   tmp_path)
    assert done.returncode == code and said in done.stdout
    assert "gate: INCONCLUSIVE" in done.stdout  # the verdict itself is not rewritten


def test_an_unknown_inconclusive_choice_is_bad_input(finished: Path, tmp_path: Path) -> None:
    done = run_cli(["gate", str(finished), "--inconclusive", "maybe"], tmp_path)
    assert done.returncode == 2 and "unknown --inconclusive 'maybe'" in done.stderr
    assert "use inconclusive (exit 4), fail (exit 1) or pass (exit 0)" in done.stderr


def test_a_run_killed_part_way_is_inconclusive(finished: Path, tmp_path: Path) -> None:
    # A killed run leaves the episodes it finished (appended one per line) and a manifest
    # that planned all of them.
    run = _copy(finished, tmp_path)
    lines = (run / "results.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (run / "results.jsonl").write_text("".join(lines[:2]), encoding="utf-8")
    done = run_cli(["gate", str(run)], tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "INCONCLUSIVE unfinished run: 2 of 5 planned episodes have results" in done.stdout


def test_a_run_that_never_wrote_a_result_is_inconclusive_not_bad_input(
    finished: Path, tmp_path: Path
) -> None:
    run = _copy(finished, tmp_path)
    (run / "results.jsonl").unlink()
    done = run_cli(["gate", str(run)], tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "INCONCLUSIVE no episode has results: nothing was tested" in done.stdout
    assert "INCONCLUSIVE unfinished run: 0 of 5 planned episodes have results" in done.stdout


def test_a_run_where_every_episode_was_a_simulator_error_is_inconclusive(tmp_path: Path) -> None:
    # The known-bad acme_v1 against a customer model that answers the preflight, then only
    # garbage: not one conversation reaches the bot.
    with serve(["ok", "malformed"]) as server:
        done = run_cli(["run", "--agent", "acme_v1", *ONE_SCENARIO, "--persona", "calm-*",
                        "--simulator", f"openai/sim@http://127.0.0.1:{server.port}/v1",
                        "--retries", "0", "--no-cache", "--gate", "--out", str(tmp_path / "run")],
                       tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "INCONCLUSIVE no scored episodes: all 1 were simulator errors" in done.stdout
    rows = [json.loads(x) for x in (tmp_path / "run" / "results.jsonl").read_text().splitlines()]
    assert rows and all(r["termination"] == "simulator_error" for r in rows)


def test_too_many_simulator_errors_is_inconclusive_with_a_configurable_limit(
    finished: Path, tmp_path: Path
) -> None:
    run = _copy(finished, tmp_path)
    path = run / "results.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    rows[0].update(termination="simulator_error", passed=False,
                   error={"source": "simulator", "kind": "crash", "message": "model down"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    done = run_cli(["gate", str(run)], tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "INCONCLUSIVE errors.simulator_rate is 0.20, above its limit 0.05" in done.stdout
    loose = run_cli(["gate", str(run), "--error-limit", "0.25"], tmp_path)
    assert loose.returncode == 0, loose.stdout


def test_a_class_agent_whose_constructor_raises_fails_the_preflight(tmp_path: Path) -> None:
    done = run_cli(["run", "--agent", "tests.sample_agents:BrokenInit", *ONE_SCENARIO, "--gate",
                    "--out", str(tmp_path / "run")], tmp_path)
    assert done.returncode == 3, done.stdout + done.stderr
    assert ("the agent tests.sample_agents:BrokenInit could not start: "
            "RuntimeError: OPENAI_API_KEY is not set") in done.stderr
    assert "Traceback" not in done.stderr and "PASS" not in done.stdout


@pytest.mark.parametrize("bot", ["exits", "exits_async"])
def test_a_bot_that_calls_sys_exit_is_an_agent_error_not_a_silent_exit_0(
    tmp_path: Path, bot: str
) -> None:
    done = run_cli(["run", "--agent", f"tests.sample_agents:{bot}", *ONE_SCENARIO, "--gate",
                    "--out", str(tmp_path / "run")], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL errors.agent_rate == 0: is 1" in done.stdout
    rows = [json.loads(x) for x in (tmp_path / "run" / "results.jsonl").read_text().splitlines()]
    assert len(rows) == 5
    assert all("SystemExit" in r["error"]["message"] for r in rows)


def test_a_filter_that_matches_nothing_is_bad_input_naming_glob_and_ids(tmp_path: Path) -> None:
    done = run_cli(["run", "--agent", "acme_v2", "--no-mlflow", "--scenario", "billing-*"], tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "--scenario: 'billing-*' matches none of the suite's 5 scenarios" in done.stderr
    assert "available: bereavement-closure, damaged-kettle, order-status, " in done.stderr
    persona = run_cli(["run", "--agent", "acme_v2", "--no-mlflow", "--persona", "zed"], tmp_path)
    assert persona.returncode == 2 and "--persona: 'zed' matches none of the suite's" in persona.stderr
    assert "calm-carla" in persona.stderr
    assert not (tmp_path / "golive-runs").exists()


def test_a_run_really_killed_part_way_is_inconclusive(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    from tests.conftest import cli_env

    run = tmp_path / "run"
    process = subprocess.Popen(
        [sys.executable, "-m", "golive", "run", "--agent", "tests.sample_agents:slow", "--no-mlflow",
         "--quiet", "--concurrency", "1", "--out", str(run)],
        cwd=tmp_path, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        results = run / "results.jsonl"
        while time.monotonic() < deadline and process.poll() is None:
            if results.exists() and results.read_bytes().count(b"\n") >= 2:
                break
            time.sleep(0.2)
        assert process.poll() is None, "the run finished before it could be killed"
    finally:
        process.kill()  # the process this test started, by its own handle
        process.wait(30)
    # Only a threshold the finished episodes meet: what is left to say is that it is unfinished.
    file = tmp_path / "gate.yaml"
    file.write_text("thresholds: ['errors.agent_rate == 0']\n", encoding="utf-8")
    done = run_cli(["gate", str(run), "--thresholds", str(file)], tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "INCONCLUSIVE unfinished run: " in done.stdout and " of 25 planned episodes" in done.stdout
    assert "ok   errors.agent_rate == 0 (is 0)" in done.stdout
