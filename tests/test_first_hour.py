"""The first hour of a new user, from the README alone: init, validate, run, read a verdict,
then point the suite at their own bot (a real HTTP endpoint) and read its verdict.

The commands come out of the README's first-hour block, so the README cannot drift from
what works.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from golive.harness.scaffold import copy_pack, write_starter
from tests.conftest import REPO, run_cli, served_bot


def readme_commands() -> list[list[str]]:
    """The shell lines of the README's first-hour block, comments dropped."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- first-hour:start.*?```bash\n(.*?)```", text, re.S)
    assert block is not None, "README lost its first-hour block"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    return [shlex.split(line) for line in lines if line]


@pytest.fixture
def their_bot() -> Iterator[str]:
    """The user's own bot: a real OpenAI-compatible server on 127.0.0.1 that never hands
    off (the bundled acme_v1 behind HTTP)."""
    with served_bot("acme_v1") as port:
        yield f"http://127.0.0.1:{port}/v1"


@pytest.mark.slow
def test_a_new_user_gets_a_verdict_on_the_starter_then_on_their_own_bot(
    tmp_path: Path, their_bot: str
) -> None:
    here = tmp_path
    outputs: list[subprocess.CompletedProcess[str]] = []
    for argv in readme_commands():
        if argv[0] == "cd":
            here = here / argv[1]
            continue
        assert argv[0] == "golive", argv
        outputs.append(run_cli(argv[1:], here))
        assert "Traceback" not in outputs[-1].stderr, outputs[-1].stderr
    init, validate, run = outputs
    assert init.returncode == 0 and "golive validate ." in init.stdout
    assert validate.returncode == 0 and "ok: 7 file(s) valid" in validate.stdout, validate.stderr
    assert run.returncode == 0, run.stdout + run.stderr
    assert "gate: PASS" in run.stdout and "6/6 episodes passed" in run.stdout
    report = next((here / "golive-runs").glob("*/report.html")).read_text(encoding="utf-8")
    assert "Ready to go live: the gate passed" in report

    # "set agent: in suite.yaml to your bot's OpenAI-compatible base URL"
    suite = here / "suite.yaml"
    suite.write_text(suite.read_text().replace("agent: bot:respond", f"agent: {their_bot}"))
    theirs = run_cli(["run", "suite.yaml", "--gate", "--thresholds", "gate.yaml"], here)
    assert theirs.returncode == 1, theirs.stdout + theirs.stderr
    assert "gate: FAIL" in theirs.stdout
    assert re.search(r"FAIL handoff\.missed_on_request_rate == 0: is [0-9.]+", theirs.stdout)
    folder = next(
        p for p in (here / "golive-runs").iterdir() if p.name.startswith("my-first-suite-127.0.0.1")
    )
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "Not ready to go live: the gate failed" in page
    assert "fail: handoff.missed_on_request_rate == 0" in page


def test_init_refuses_a_folder_that_holds_anything(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    result = run_cli(["init", "mine"], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert (
        "mine already exists and is not empty; golive init never overwrites files" in result.stderr
    )
    assert "hint: name a new folder" in result.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["notes.txt"]


def test_init_names_the_bundled_packs_when_one_is_unknown(tmp_path: Path) -> None:
    result = run_cli(["init", "x", "--from-pack", "retial"], tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "no bundled pack 'retial'" in result.stderr and "retail" in result.stderr
    assert not (tmp_path / "x").exists()


def test_starter_has_what_the_issue_asks_for(tmp_path: Path) -> None:
    import yaml

    written = {p.relative_to(tmp_path).as_posix() for p in write_starter(tmp_path)}
    scenarios = sorted(w for w in written if w.startswith("scenarios/"))
    personas = sorted(w for w in written if w.startswith("personas/"))
    assert len(scenarios) == 2 and len(personas) == 3
    assert {"bot.py", "gate.yaml", ".github/workflows/golive.yml", "suite.yaml"} <= written
    asking = [p for p in personas if "asks_for_human_after" in (tmp_path / p).read_text()]
    assert "personas/person-please-pat.yaml" in asking
    workflow = yaml.safe_load((tmp_path / ".github/workflows/golive.yml").read_text())
    assert workflow["permissions"]["checks"] == "write"
    install = next(
        s for s in workflow["jobs"]["gate"]["steps"] if s.get("name") == "Install golive"
    )
    assert "exit 2" in install["run"] and "pip install golive" not in install["run"]
    gate = yaml.safe_load((tmp_path / "gate.yaml").read_text())
    assert "handoff.missed_on_request_rate == 0" in gate["thresholds"]


def test_a_pack_copy_validates_strictly_and_runs_from_its_own_files(tmp_path: Path) -> None:
    dest = tmp_path / "retail"
    copy_pack("retail", dest)
    assert len(list((dest / "scenarios").glob("*.yaml"))) == 11
    assert (dest / "pack.yaml").exists() and (dest / "personas" / "probing-pat.yaml").exists()
    checked = run_cli(["validate", "--strict", "."], dest)
    assert checked.returncode == 0, checked.stderr
    # an edit to the copy is what runs: the pack is no longer read from golive's package
    scenario = dest / "scenarios" / "track-parcel.yaml"
    scenario.write_text(
        scenario.read_text().replace("id: retail-track-parcel", "id: my-track-parcel")
    )
    run = run_cli(["run", "suite.yaml", "--no-mlflow", "--scenario", "my-track-*", "--quiet"], dest)
    assert run.returncode == 0, run.stderr
    assert "my-track-parcel" in run.stdout
