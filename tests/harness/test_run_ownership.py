"""Runs that collide or lose data (issue 15), through the CLI.

A run folder has one owner (a second run on the same --out refuses, naming the holder; a
dead holder's lock is taken over); a corrupt line is quarantined on --resume, not fatal;
--resume refuses a bot whose code changed and names the suite field that changed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from golive.results.io import read_results
from tests.conftest import REPO, cli_env, run_cli
from tests.harness.hostile_agents import HOLD_ENV

ONE = ["--scenario", "order-status", "--persona", "calm-*", "--no-mlflow", "--quiet"]
LOCK = ".golive.lock"


def _wait_for(path: Path, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not (path.exists() and path.read_text(encoding="utf-8").strip()):
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


@pytest.mark.slow
def test_a_second_run_on_the_same_out_refuses_naming_the_holder(tmp_path: Path) -> None:
    release = tmp_path / "release"  # the first run's bot answers once this exists
    first = subprocess.Popen(
        [sys.executable, "-m", "golive", "run", "--agent", "tests.harness.hostile_agents:held",
         "--timeout", "600", "--out", "run", *ONE], cwd=tmp_path,
        env={**cli_env(), HOLD_ENV: str(release)}, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        _wait_for(tmp_path / "run" / LOCK)
        second = run_cli(["run", "--agent", "acme_v1", "--out", "run", *ONE], tmp_path)
        release.touch()
        out, err = first.communicate(timeout=300)
    finally:
        first.kill()
    assert second.returncode == 2, second.stderr
    assert "is in use by another golive run" in second.stderr
    assert f"pid {first.pid}" in second.stderr and "Traceback" not in second.stderr
    assert first.returncode == 0, err
    results = list(read_results(tmp_path / "run" / "results.jsonl"))
    assert len(results) == 1  # the first run's episode only: nothing merged
    assert results[0].transcript.agent_turns()[0].text == "Let me check that for you."


def test_a_stale_lock_of_a_dead_pid_is_taken_over(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    (folder / LOCK).write_text(json.dumps({"pid": int(dead.stdout), "host": "x"}) + "\n")
    done = run_cli(["run", "--agent", "acme_v1", "--out", str(folder), *ONE], tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(list(read_results(folder / "results.jsonl"))) == 1
    assert json.loads((folder / LOCK).read_text())["pid"] != int(dead.stdout)


@pytest.mark.slow
def test_a_corrupt_line_is_quarantined_on_resume_not_fatal(tmp_path: Path) -> None:
    folder = tmp_path / "run"
    args = ["run", "--agent", "acme_v1", "--out", str(folder), "--scenario", "order-status",
            "--no-mlflow", "--quiet"]
    assert run_cli(args, tmp_path, timeout=120).returncode == 0
    results = folder / "results.jsonl"
    lines = results.read_text(encoding="utf-8").splitlines(keepends=True)
    before = {json.loads(line)["episode_id"]: line for line in lines}
    lines[1] = '{"episode_id": "' + json.loads(lines[1])["episode_id"] + '", "oops"\n'
    results.write_text("".join(lines), encoding="utf-8")
    done = run_cli([*args, "--resume"], tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"corrupt line set aside: {results}:2:" in done.stderr
    assert "results.quarantine.jsonl" in done.stderr
    side = (folder / "results.quarantine.jsonl").read_text(encoding="utf-8")
    assert json.loads(side)["line"] == 2 and '"oops"' in json.loads(side)["text"]
    after = {json.loads(line)["episode_id"]: line for line in results.read_text().splitlines(True)}
    assert after == before  # the episode was played again, byte-identical


def test_resume_refuses_a_bot_whose_code_changed(tmp_path: Path) -> None:
    bot = tmp_path / "mybot.py"
    bot.write_text("def respond(messages):\n    return 'Let me check.'\n", encoding="utf-8")
    folder = tmp_path / "run"
    args = ["run", "--agent", "mybot:respond", "--out", str(folder), *ONE]
    assert run_cli(args, tmp_path, timeout=120).returncode == 0
    bot.write_text("def respond(messages):\n    return 'Something else.'\n", encoding="utf-8")
    done = run_cli([*args, "--resume"], tmp_path, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "agent_fingerprint: folder has 'python sha256:" in done.stderr
    assert "(mybot.py)" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_resume_names_the_suite_field_that_changed(tmp_path: Path) -> None:
    source = REPO / "src/golive/scenarios/packs/demo/scenarios/order-status.yaml"
    scenario = tmp_path / "order-status.yaml"
    shutil.copy(source, scenario)
    suite = tmp_path / "suite.yaml"
    suite.write_text("name: mini\nscenarios: [order-status.yaml]\npersonas: ['library:calm-*']\n",
                     encoding="utf-8")
    folder = tmp_path / "run"
    args = ["run", str(suite), "--agent", "acme_v1", "--out", str(folder), "--no-mlflow", "--quiet"]
    assert run_cli(args, tmp_path, timeout=120).returncode == 0
    scenario.write_text(scenario.read_text().replace("title: Where is my order?", "title: Other"))
    done = run_cli([*args, "--resume"], tmp_path, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "suite_hash: folder has" in done.stderr
    assert "the suite changed: scenario 'order-status' field 'title' changed" in done.stderr


def test_lock_file_names_this_process_while_running(tmp_path: Path) -> None:
    from golive.errors import FolderInUse
    from golive.results.lock import FolderLock

    lock = FolderLock.acquire(tmp_path)
    try:
        assert json.loads((tmp_path / LOCK).read_text())["pid"] == os.getpid()
        child = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from golive.results.lock import FolderLock; FolderLock.acquire(Path(sys.argv[1]))",
             str(tmp_path)], env=cli_env(), capture_output=True, text=True, timeout=60)
        assert child.returncode != 0 and FolderInUse.__name__ in child.stderr
    finally:
        lock.release()
