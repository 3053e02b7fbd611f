"""docs/extending.md, applied: each worked example is a module under examples/, registered
by importing it, and does what the docs say. The docs quote these very files (checked below).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from golive import RunConfig, registry, run_suite
from golive.evaluators import Episode, evaluate_episode
from golive.harness.agents import AgentReply, AgentRequest, rebuild_agent, resolve_agent
from golive.results.metrics import CATALOGUE, aggregate
from golive.results.models import EpisodeResult, Termination
from golive.validation import validate_file
from tests.conftest import REPO
from tests.helpers import agent, customer, scenario, transcript

EXAMPLES = REPO / "examples"
DOC = (REPO / "docs" / "extending.md").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _scoped() -> Iterator[None]:
    with registry.scoped():  # each example's registrations end with its test
        yield


def load(path: Path) -> ModuleType:
    """Import an example module from its file (what a plugin's entry point does)."""
    spec = importlib.util.spec_from_file_location(f"golive_example_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as an import does (pydantic resolves annotations there)
    spec.loader.exec_module(module)
    return module


def episode(*turns: dict) -> Episode:  # type: ignore[type-arg]
    return Episode(transcript(*turns), scenario(), Termination.GOAL_ACHIEVED)


@pytest.mark.parametrize("path", [
    "examples/extending/slang_rule.py",
    "examples/extending/command_agent.py",
    "examples/extending/scores_csv.py",
    "examples/extending/claims_human_operator.py",
    "examples/plugin/golive_brand_voice/__init__.py",
    "examples/plugin/pyproject.toml",
])
def test_the_docs_quote_each_example_file_whole(path: str) -> None:
    text = (REPO / path).read_text(encoding="utf-8")
    body = "\n".join(f"+{line}" if line else "+" for line in text.rstrip("\n").split("\n"))
    assert body in DOC, f"docs/extending.md must show {path} as it is"


def test_add_a_rule() -> None:
    said = episode(customer("Can you help?"), agent("No problem, mate."))
    before = evaluate_episode(said)
    load(EXAMPLES / "extending" / "slang_rule.py")
    after = evaluate_episode(said)
    assert "brand.slang" not in {f.rule_id for f in before.findings}
    (found,) = [f for f in after.findings if f.rule_id == "brand.slang"]
    assert (found.severity.value, found.evidence, found.turn) == ("minor", "No problem, mate.", 1)
    clean = evaluate_episode(episode(customer("Can you help?"), agent("No problem at all.")))
    assert "brand.slang" not in {f.rule_id for f in clean.findings}


def test_add_an_evaluator_with_a_metric() -> None:
    said = episode(customer("Cancel it please"), agent("Done! I've cancelled it. All sorted!"))
    assert "brand_voice.casual_rate" not in CATALOGUE
    load(EXAMPLES / "plugin" / "golive_brand_voice" / "__init__.py")
    metric = CATALOGUE["brand_voice.casual_rate"]
    assert not metric.higher_is_better and metric.headline
    names = list(CATALOGUE)  # after the built-in evaluators' metrics, before errors.*
    assert names.index("experience.mean_repeated_questions") < names.index(
        "brand_voice.casual_rate") < names.index("errors.agent_rate")
    evaluation = evaluate_episode(said)
    assert evaluation.scores["brand_voice.casual_signoffs"] == 1.0
    assert [f.evidence for f in evaluation.findings if f.evaluator == "brand_voice"] == [
        "All sorted!"]
    results = [EpisodeResult(episode_id=f"e{i}", scenario_id="s", persona_id="p", repeat=0,
                             seed=i, termination=Termination.GOAL_ACHIEVED, transcript=t,
                             scores=evaluate_episode(Episode(t, scenario(),
                                                             Termination.GOAL_ACHIEVED)).scores,
                             passed=True)
               for i, t in enumerate([said.transcript, transcript(agent("Thank you."))])]
    assert aggregate(results)["brand_voice.casual_rate"] == 0.5


def test_add_an_agent_kind(tmp_path: Path) -> None:
    load(EXAMPLES / "extending" / "command_agent.py")
    bot = tmp_path / "bot.py"
    bot.write_text("import json, sys\nturn = json.load(sys.stdin)\n"
                   "print(json.dumps({'content': 'You said: ' + turn['messages'][-1]['content']}))\n")
    config = tmp_path / "agent.yaml"
    config.write_text(f"kind: agent\ntype: command\nname: cli-bot\n"
                      f"command: [{json.dumps(sys.executable)}, {json.dumps(str(bot))}]\n",
                      encoding="utf-8")
    assert validate_file(config) == []
    empty = tmp_path / "empty.yaml"
    empty.write_text("kind: agent\ntype: command\ncommand: []\n", encoding="utf-8")
    (problem,) = validate_file(empty)
    assert str(problem).startswith(f"{empty}: command: List should have at least 1 item")
    factory = resolve_agent(str(config))
    assert (factory.label, factory.kind, factory.remote, factory.model) == (
        "cli-bot", "command", False, None)

    async def ask(text: str) -> AgentReply:
        request = AgentRequest([{"role": "user", "content": text}], "s", [])
        return await rebuild_agent(factory.describe()).session("e").respond(request)

    assert asyncio.run(ask("Where is my parcel?")).content == "You said: Where is my parcel?"


def test_add_a_report_format(tmp_path: Path) -> None:
    load(EXAMPLES / "extending" / "scores_csv.py")
    outcome = run_suite(RunConfig(agent="acme_v2", scenario_filter="order-status",
                                  persona_filter="calm-*", out=tmp_path / "run",
                                  mlflow=False, quiet=True, cache=False))
    rows = (outcome.folder / "scores.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "episode_id,scenario_id,persona_id,score,value"
    assert any(",order-status,calm-" in r and ",accuracy.score,1.0" in r for r in rows[1:])


def test_add_a_mutation_operator() -> None:
    load(EXAMPLES / "extending" / "claims_human_operator.py")
    operator = registry.get("mutation", "claims_human")
    asked = AgentRequest([{"role": "user", "content": "Are you a bot?"}], "s", [])
    mutant = operator.mutate(AgentReply(content="I'm an AI assistant."), asked)
    assert mutant.content == "No, I'm a real person. I'm an AI assistant."
    other = AgentRequest([{"role": "user", "content": "Where is my order?"}], "s", [])
    assert operator.mutate(AgentReply(content="On its way."), other).content == "On its way."
    # ... and the suite's guardrails catch the mutant:
    caught = evaluate_episode(episode(customer("Are you a bot?"), agent(mutant.content)))
    assert "identity.claims_human" in {f.rule_id for f in caught.findings}


def test_nothing_leaks_out_of_a_scoped_registry() -> None:
    assert "brand.slang" not in registry.kind("rule")
    assert "command" not in registry.kind("agent") and "scores_csv" not in registry.kind("report")
    from golive.mutate.operators.identity import ClaimsHuman

    assert registry.get("mutation", "claims_human") is ClaimsHuman  # the built-in is back
