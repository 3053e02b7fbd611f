"""One spec form, MODEL[@BASE_URL][?options], for the judge, the simulator and the analyst;
each checked by a preflight (exit 3), and judge errors make the gate inconclusive."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from golive.errors import InputError
from golive.llm.spec import parse_model_spec
from tests.conftest import run_cli
from tests.personas.sim_server import serve

ONE_EPISODE = ("--scenario", "order-status", "--persona", "calm-carla", "--no-mlflow", "--quiet")


def _dead_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # closed again: nothing listens there


def test_the_spec_form_is_the_same_for_every_role() -> None:
    plain = parse_model_spec("openai/gpt-4o-mini", "judge")
    assert (plain.model, plain.api_base, plain.options) == ("openai/gpt-4o-mini", None, {})
    sim = parse_model_spec("openai/sim@https://h.example/v1?temperature=0&attempts=2", "simulator",
                           {"temperature": float, "attempts": int})
    assert sim.api_base == "https://h.example/v1" and sim.options == {"temperature": 0.0, "attempts": 2}
    assert str(sim) == "openai/sim@https://h.example/v1"


@pytest.mark.parametrize(("spec", "expected"), [
    ("openai/j@ftp://host/v1", "the base URL 'ftp://host/v1' is not http(s)://"),
    ("openai/j?temperature=0", "unknown option(s) ['temperature']; judge takes none"),
    ("@http://127.0.0.1:1/v1", "no model name"),
])
def test_a_bad_spec_says_what_is_wrong_and_the_form_to_write(spec: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_model_spec(spec, "judge")
    assert expected in str(caught.value) and "hint: write MODEL[@http://HOST:PORT/v1]" in str(caught.value)


def test_a_bad_simulator_option_value_is_bad_input(tmp_path: Path) -> None:
    done = run_cli(["run", "--agent", "acme_v2", *ONE_EPISODE, "--simulator",
                    "openai/sim@http://127.0.0.1:9/v1?temperature=hot"], tmp_path)
    assert done.returncode == 2 and "bad simulator option" in done.stderr


def test_a_judge_spec_typo_fails_before_any_folder_is_made(tmp_path: Path) -> None:
    done = run_cli(["run", "--agent", "acme_v2", *ONE_EPISODE, "--judge", "openai/j?tempo=1"], tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "cannot read judge spec 'openai/j?tempo=1'" in done.stderr
    assert not (tmp_path / "golive-runs").exists()


def test_a_judge_url_that_never_answers_fails_fast_with_exit_3(tmp_path: Path) -> None:
    url = _dead_url()
    done = run_cli(["run", "--agent", "acme_v2", *ONE_EPISODE, "--judge", f"openai/judge@{url}",
                    "--gate", "--retries", "0"], tmp_path)
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"the judge model openai/judge at {url} did not answer a preflight call" in done.stderr
    assert "passed" not in done.stdout


def test_a_judge_that_fails_every_call_makes_the_gate_inconclusive_not_a_pass(tmp_path: Path) -> None:
    # The preflight gets an answer; every verdict after it is garbage.
    with serve(["ok", "malformed"]) as server:
        done = run_cli(["run", "--agent", "acme_v2", *ONE_EPISODE, "--no-cache", "--retries", "0",
                        "--judge", f"openai/judge@http://127.0.0.1:{server.port}/v1", "--gate",
                        "--out", str(tmp_path / "run")], tmp_path)
        asked = len(server.requests)
    assert done.returncode == 4, done.stdout + done.stderr
    assert "INCONCLUSIVE errors.judge_rate is 1, above its limit 0.05" in done.stdout
    assert asked > 1  # the judge really was asked, over HTTP, at the URL in the spec
    row = json.loads((tmp_path / "run" / "results.jsonl").read_text().splitlines()[0])
    assert row["scores"]["judge.errors"] >= 1


def test_the_analyst_takes_model_at_url_and_fails_fast_when_unreachable(tmp_path: Path) -> None:
    run = tmp_path / "run"
    assert run_cli(["run", "--agent", "acme_v1", *ONE_EPISODE, "--out", str(run)], tmp_path).returncode == 0
    url = _dead_url()
    done = run_cli(["insights", str(run), "--analyst", f"openai/analyst@{url}"], tmp_path)
    assert done.returncode == 3, done.stdout + done.stderr
    assert f"the analyst model openai/analyst at {url} did not answer a preflight call" in done.stderr
