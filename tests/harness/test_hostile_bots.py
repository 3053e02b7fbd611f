"""Bots that attack the harness, through the CLI as a user runs it (issue 15).

Each attack must end as an agent error with its reason on the episode, never as a hang, a
crash of golive, or a good score: huge replies, malformed handoffs, cut-off streams, bots
that block their thread or loop, bots that call ``sys.exit``, and bad ``usage`` fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from golive.results.io import read_results
from golive.results.models import EpisodeResult
from tests.conftest import run_cli
from tests.harness.hostile_server import HostileServer

ONE = ["--scenario", "order-status", "--persona", "calm-*", "--no-mlflow", "--quiet"]
_SERVER: HostileServer | None = None


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    global _SERVER
    if _SERVER is None:
        _SERVER = HostileServer()
    _SERVER.secret = ""
    yield _SERVER


def run(tmp_path: Path, agent: str, *extra: str, timeout: float = 90) -> tuple[list[EpisodeResult], str]:
    folder = tmp_path / "run"
    done = run_cli(["run", "--agent", agent, "--out", str(folder), *ONE, *extra], tmp_path,
                   timeout=timeout)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return list(read_results(folder / "results.jsonl")), done.stderr


def only_error(results: list[EpisodeResult]) -> tuple[str, str]:
    assert len(results) == 1
    error = results[0].error
    assert error is not None and not results[0].passed
    assert error.source == "agent" and results[0].termination.value == "agent_error"
    return error.kind, error.message


def test_a_reply_over_the_size_cap_is_an_agent_error_naming_the_cap(
    hostile: HostileServer, tmp_path: Path
) -> None:
    results, _ = run(tmp_path, hostile.base("huge"))
    kind, message = only_error(results)
    assert kind == "too_large" and "--max-reply-bytes cap of 1000000 bytes" in message
    assert (tmp_path / "run" / "results.jsonl").stat().st_size < 50_000


def test_the_size_cap_is_configurable_and_covers_python_bots(tmp_path: Path) -> None:
    results, _ = run(tmp_path, "tests.harness.hostile_agents:huge", "--max-reply-bytes", "1000")
    kind, message = only_error(results)
    assert kind == "too_large"
    assert "is 2000000 bytes, over the --max-reply-bytes cap of 1000 bytes" in message


def test_a_transfer_whose_arguments_are_not_json_is_an_agent_error(
    hostile: HostileServer, tmp_path: Path
) -> None:
    results, _ = run(tmp_path, hostile.base("badhandoff"))
    kind, message = only_error(results)
    assert kind == "malformed"
    assert "transfer_to_human arguments are not a JSON object" in message
    assert results[0].handoff_outcome is None or results[0].handoff_outcome.value != "correct"
    assert not any(t.handoff for t in results[0].transcript.turns)


def _stream_agent(tmp_path: Path, url: str) -> str:
    path = tmp_path / "agent.yaml"
    path.write_text(f"type: openai\nbase_url: {url}\nstream: true\n", encoding="utf-8")
    return str(path)


def test_a_stream_cut_off_without_done_is_an_agent_error(
    hostile: HostileServer, tmp_path: Path
) -> None:
    results, _ = run(tmp_path, _stream_agent(tmp_path, hostile.base("cut")))
    kind, message = only_error(results)
    assert kind == "truncated" and "without 'data: [DONE]'" in message


def test_a_complete_stream_is_still_a_reply(hostile: HostileServer, tmp_path: Path) -> None:
    results, _ = run(tmp_path, _stream_agent(tmp_path, hostile.base("streamok")))
    assert results[0].error is None
    assert results[0].transcript.agent_turns()[0].text == "Thanks, let me look"


def test_a_bad_usage_field_keeps_the_good_reply(hostile: HostileServer, tmp_path: Path) -> None:
    results, _ = run(tmp_path, hostile.base("badusage"))
    assert results[0].error is None
    reply = results[0].transcript.agent_turns()[0]
    assert reply.text.startswith("Thanks") and reply.tokens.prompt == 0


@pytest.mark.slow
@pytest.mark.parametrize("bot", ["sleeps_forever", "blocks_the_loop"])
def test_a_stuck_bot_times_out_and_golive_still_exits(tmp_path: Path, bot: str) -> None:
    # The subprocess timeout is the proof: before, golive hung for the bot's hour.
    results, _ = run(tmp_path, f"tests.harness.hostile_agents:{bot}", "--timeout", "0.5",
                     timeout=60)
    kind, message = only_error(results)
    assert kind == "timeout" and "did not answer within 0.5s" in message


@pytest.mark.parametrize(
    ("bot", "raised"),
    [("exits", "SystemExit: 3"), ("exits_async", "SystemExit: 4"),
     ("interrupts", "KeyboardInterrupt"), ("interrupts_async", "KeyboardInterrupt")],
)
def test_a_bot_that_exits_is_an_agent_error_not_the_end_of_golive(
    tmp_path: Path, bot: str, raised: str
) -> None:
    results, _ = run(tmp_path, f"tests.harness.hostile_agents:{bot}")
    kind, message = only_error(results)
    assert kind == "crash" and f"the bot raised {raised}" in message
    assert (tmp_path / "run" / "report.html").exists()  # golive went on to write its reports
