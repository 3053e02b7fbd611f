"""The examples users copy: every agent file parses, and each one runs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from golive.harness.agents import parse_agent_config
from golive.harness.rehearsal import RunConfig, run_suite
from golive.results import RunFolder
from tests.conftest import REPO
from tests.harness.fake_bots import Seen, serve
from tests.harness.test_packs import pack_suite

EXAMPLES = REPO / "examples"


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Seen]]:
    with serve() as running:
        yield running


@pytest.mark.parametrize("path", sorted((EXAMPLES / "agents").glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_agent_file_is_a_valid_agent_config(path: Path) -> None:
    config = parse_agent_config(yaml.safe_load(path.read_text()), str(path))
    assert config.name


@pytest.mark.slow
@pytest.mark.parametrize("pack", ["retail", "telecom", "banking"])
def test_prompted_example_for_each_pack_runs_its_pack_on_a_local_model(
    pack: str, tmp_path: Path, server: tuple[str, Seen],
) -> None:
    base, seen = server
    config = yaml.safe_load((EXAMPLES / "agents" / f"{pack}-prompted.yaml").read_text())
    # The same prompt and tools, pointed at a local OpenAI-compatible server (serving acme_v2).
    config.update(model="openai/acme", api_base=f"{base}/v1", api_key_env=None)
    agent = tmp_path / "agent.yaml"
    agent.write_text(yaml.safe_dump(config))
    outcome = run_suite(RunConfig(suite=pack_suite(pack), agent=str(agent), mlflow=False, quiet=True,
                                  out=tmp_path / "run", persona_filter="calm-carla"))
    results = RunFolder(outcome.folder).load_results()
    assert len(results) >= 10 and all(r.error is None for r in results)
    assert all(r.passed for r in results), [r.scenario_id for r in results if not r.passed]
    prompts = {b["messages"][0]["content"] for b in seen.bodies if b["messages"][0]["role"] == "system"}
    assert config["system_prompt"] in prompts
    assert any(b.get("tools") for b in seen.bodies)


def test_custom_agent_example_runs_as_module_class(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(EXAMPLES / "custom_agent.py", tmp_path)
    result = cli("run", str(pack_suite("retail")), "--agent", "custom_agent:SupportBot",
                 "--scenario", "retail-track-parcel", "--no-mlflow", "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert "| errors.agent_rate ↓ | 0 |" in result.stdout
    episodes = RunFolder(tmp_path / "r").load_results()
    # The packs' probing customers ask "am I talking to a real person?", which this simple
    # example reads as a request for a person and hands off; everyone else gets served.
    served = [r for r in episodes if not r.persona_id.startswith("probing-")]
    assert served and all(r.termination.value == "goal_achieved" for r in served)
    assert all(any(c.name == "lookup_order" for t in r.transcript.turns for c in t.tool_calls)
               for r in served)
