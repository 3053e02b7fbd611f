"""``--backend ray`` on a real local Ray head: the same results as the local backend."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from golive.harness.ray_backend import chunked
from tests.conftest import REPO, cli_env, run_cli, served_bot


def test_chunks_cover_every_episode_in_order() -> None:
    assert [x for c in chunked(range(10), 3) for x in c] == list(range(10))
    assert all(len(c) <= 3 for c in chunked(range(10), 3))


def test_unknown_backend_is_a_usage_error_listing_the_valid_ones(tmp_path: Path) -> None:
    result = run_cli(["run", "--no-mlflow", "--backend", "spark"], tmp_path)
    assert result.returncode == 2
    assert "--backend: unknown backend 'spark'" in result.stderr and "local, ray" in result.stderr


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("ray") is not None, reason="ray is installed"
)
def test_ray_backend_without_ray_says_how_to_install_it(tmp_path: Path) -> None:
    result = run_cli(["run", "--no-mlflow", "--backend", "ray"], tmp_path)
    assert result.returncode == 2
    assert "needs Ray, which is not installed" in result.stderr
    assert "pip install 'golive[ray]'" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def ray_head() -> Iterator[str]:
    """A real Ray head on 127.0.0.1 in its own process group, stopped by that group's id.

    One head for this file's tests (starting one costs many CPU seconds): each run is its own
    Ray job, with its own workers, so no test sees another's. It is started before any test's
    environment changes (monkeypatch), so it never has their variables.
    """
    pytest.importorskip("ray", reason="ray is not installed: pip install 'golive[ray]'")
    port = _free_port()
    ray_bin = Path(sys.executable).with_name("ray")
    # Ray's unix sockets live under --temp-dir and must stay under ~107 characters.
    temp = tempfile.mkdtemp(prefix="golive-ray-", dir="/tmp")
    head = subprocess.Popen(
        [
            str(ray_bin),
            "start",
            "--head",
            "--block",
            "--node-ip-address=127.0.0.1",
            f"--port={port}",
            "--num-cpus=2",
            "--include-dashboard=false",
            f"--temp-dir={temp}",
            "--disable-usage-stats",
        ],
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for_port(port, head)
        yield f"127.0.0.1:{port}"
    finally:
        os.killpg(head.pid, signal.SIGTERM)
        try:
            head.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(head.pid, signal.SIGKILL)  # only the group this fixture started
            head.wait(10)
        shutil.rmtree(temp, ignore_errors=True)


def _wait_for_port(port: int, head: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert head.poll() is None, "ray start --head exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the Ray head did not listen within 90 s")


def test_an_unreachable_ray_address_fails_fast_with_exit_3(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="ray is not installed: pip install 'golive[ray]'")
    port = _free_port()
    result = run_cli(
        [
            "run",
            "--agent",
            "acme_v2",
            "--no-mlflow",
            "--quiet",
            "--backend",
            "ray",
            "--ray-address",
            f"127.0.0.1:{port}",
        ],
        tmp_path,
        timeout=60,
    )
    assert result.returncode == 3
    assert f"no Ray cluster answers at 127.0.0.1:{port}" in result.stderr


@pytest.mark.slow
def test_ray_backend_on_a_local_head_writes_the_same_results_as_local(
    ray_head: str, tmp_path: Path
) -> None:
    common = ["run", "--agent", "acme_v1", "--no-mlflow", "--quiet", "--concurrency", "8"]
    local = run_cli([*common, "--out", str(tmp_path / "local")], tmp_path)
    assert local.returncode == 0, local.stderr
    on_ray = run_cli(
        [*common, "--out", str(tmp_path / "ray"), "--backend", "ray", "--ray-address", ray_head],
        tmp_path,
        timeout=240,
    )
    assert on_ray.returncode == 0, on_ray.stderr
    assert (tmp_path / "ray" / "results.jsonl").read_bytes() == (
        tmp_path / "local" / "results.jsonl"
    ).read_bytes()
    assert len((tmp_path / "ray" / "timings.jsonl").read_text().splitlines()) == 25


@pytest.mark.slow
def test_an_agent_file_with_a_secret_runs_on_ray_by_its_description(
    ray_head: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """examples/agents/openai-endpoint.yaml (label support-bot-staging, a ${VAR} header)
    against a real local server: the workers rebuild it from its description, get the
    variable by name from the run (the head was started without it) and book its tokens."""
    with served_bot("acme_v2") as port:
        example = (REPO / "examples" / "agents" / "openai-endpoint.yaml").read_text()
        agent = tmp_path / "openai-endpoint.yaml"
        agent.write_text(
            example.replace("https://bot.staging.example.com/v1", f"http://127.0.0.1:{port}/v1")
        )
        monkeypatch.setenv("SUPPORT_BOT_TOKEN", "s3cret-staging-token")
        common = [
            "run",
            "--agent",
            str(agent),
            "--no-mlflow",
            "--quiet",
            "--scenario",
            "order-status",
        ]
        local = run_cli([*common, "--out", str(tmp_path / "local")], tmp_path)
        assert local.returncode == 0, local.stderr
        on_ray = run_cli(
            [
                *common,
                "--out",
                str(tmp_path / "ray"),
                "--backend",
                "ray",
                "--ray-address",
                ray_head,
            ],
            tmp_path,
            timeout=240,
        )
        assert on_ray.returncode == 0, on_ray.stderr
    assert (tmp_path / "ray" / "results.jsonl").read_bytes() == (
        tmp_path / "local" / "results.jsonl"
    ).read_bytes()
    cost = json.loads((tmp_path / "ray" / "cost.json").read_text())
    assert cost["by_role"]["agent"]["prompt_tokens"] > 0  # booked on the workers, by model


@pytest.mark.slow
def test_ray_workers_apply_the_judge_and_the_reply_cap_like_local(
    ray_head: str, tmp_path: Path
) -> None:
    """Workers used to drop --judge (judge rules silently unjudged) and --max-reply-bytes."""
    from tests.personas.sim_server import serve

    def play(where: str, *backend: str) -> list[dict[str, object]]:
        # The preflight gets an answer; every verdict after it is garbage: judge errors.
        with serve(["ok", "malformed"]) as judge:
            done = run_cli(
                [
                    "run",
                    "--agent",
                    "acme_v2",
                    "--no-mlflow",
                    "--quiet",
                    "--no-cache",
                    "--retries",
                    "0",
                    "--scenario",
                    "order-status",
                    "--max-reply-bytes",
                    "120",
                    "--judge",
                    f"openai/judge@http://127.0.0.1:{judge.port}/v1",
                    "--out",
                    str(tmp_path / where),
                    *backend,
                ],
                tmp_path,
                timeout=240,
            )
            asked = len(judge.requests)
        assert done.returncode == 0, done.stderr
        assert asked > 1, f"{where}: the judge was asked only its preflight"
        text = (tmp_path / where / "results.jsonl").read_text()
        return [json.loads(line) for line in text.splitlines()]

    local = play("local")
    on_ray = play("ray", "--backend", "ray", "--ray-address", ray_head)
    assert on_ray == local
    errors = [r["error"]["kind"] for r in on_ray if r.get("error")]  # type: ignore[index]
    assert "too_large" in errors, "no reply went over the 120-byte cap"
    assert any(r["scores"].get("judge.errors", 0) >= 1 for r in on_ray)  # type: ignore[attr-defined]
