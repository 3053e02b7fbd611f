"""``golive run --dry-run``: the plan and its price, with nothing called and nothing written."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from golive.harness.dry_run import dry_run
from golive.harness.rehearsal import RunConfig
from golive.llm.cost import price
from tests.conftest import run_cli


class _Counting(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        _Counting.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_GET = do_POST  # noqa: N815

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def listening() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that counts every request it gets."""
    _Counting.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_dry_run_contacts_no_agent_simulator_or_judge_and_writes_nothing(
    listening: str, tmp_path: Path
) -> None:
    done = run_cli(
        [
            "run",
            "--dry-run",
            "--agent",
            listening,
            "--agent-model",
            "gpt-4o",
            "--simulator",
            f"openai/gpt-4o-mini@{listening}",
            "--judge",
            f"openai/gpt-4o-mini@{listening}",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert _Counting.hits == []  # a real run would have made a preflight call at once
    assert "dry run: nothing was called" in done.stdout
    assert "| agent | gpt-4o | 200 |" in done.stdout  # 25 episodes × 8 turns
    assert "| simulator | openai/gpt-4o-mini | 200 |" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no run folder, no mlflow.db


def test_dry_run_of_an_unreachable_agent_succeeds_where_a_run_exits_3(tmp_path: Path) -> None:
    dead = "http://127.0.0.1:9/v1"  # the discard port: nothing listens
    planned = run_cli(["run", "--dry-run", "--agent", dead, "--no-mlflow"], tmp_path)
    assert planned.returncode == 0, planned.stderr
    real = run_cli(["run", "--agent", dead, "--no-mlflow", "--timeout", "2"], tmp_path)
    assert real.returncode == 3 and "did not answer a preflight call" in real.stderr


def test_counts_and_price_follow_the_plan_and_litellms_table() -> None:
    plan = dry_run(
        RunConfig(
            agent="acme_v2",
            simulator="openai/gpt-4o-mini",
            judge="gpt-4o-mini",
            max_turns=4,
            repeats=2,
        )
    )
    assert plan.episodes == 5 * 5 * 2
    assert plan.calls == {"agent": 50 * 4, "simulator": 50 * 4, "judge": plan.roles["judge"].calls}
    assert plan.roles["judge"].calls > 0
    sim = plan.roles["simulator"]
    assert sim.usd == price("openai/gpt-4o-mini", sim.prompt_tokens, sim.completion_tokens) > 0
    assert plan.roles["agent"].usd is None  # a Python bot: no model to price
    assert "n/a" in plan.render() and "estimated cost: at most $" in plan.render()


def test_resume_reports_what_it_would_skip(tmp_path: Path) -> None:
    out = tmp_path / "run"
    done = run_cli(
        [
            "run",
            "--agent",
            "acme_v2",
            "--no-mlflow",
            "--out",
            str(out),
            "--scenario",
            "order-status",
            "--quiet",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (out / "results.jsonl").write_text("".join(lines[:2]), encoding="utf-8")  # killed part-way
    before = sorted(p.name for p in out.iterdir())
    planned = run_cli(
        [
            "run",
            "--agent",
            "acme_v2",
            "--no-mlflow",
            "--out",
            str(out),
            "--scenario",
            "order-status",
            "--resume",
            "--dry-run",
        ],
        tmp_path,
    )
    assert planned.returncode == 0, planned.stderr
    assert (
        f"episodes: 5 planned, 2 already in {out} (--resume skips them), 3 to play"
        in planned.stdout
    )
    assert "| agent | python agent, not metered | 24 |" in planned.stdout  # 3 × 8 turns
    assert sorted(p.name for p in out.iterdir()) == before


def test_resume_dry_run_explains_a_folder_it_could_not_continue(tmp_path: Path) -> None:
    done = run_cli(["run", "--agent", "acme_v2", "--resume", "--dry-run"], tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "no run folder under" in done.stderr and "--resume DIR" in done.stderr
