"""``golive run --dry-run``: what a run would do and cost, with nothing called.

It builds the run as ``golive run`` would (suite checked, episodes planned, agent, simulator
and judge resolved: ``build`` calls no agent or model), then counts. Calls and tokens are an
upper bound: every episode is assumed to run all ``max_turns`` customer turns, and the
judge to be asked every question a scenario can raise. Tool-call rounds (up to 8 per
customer turn) are not counted. Tokens are estimated at 4 characters a token from the
conversation's real inputs (scenario and persona as the simulator sees them, the tools the
agent is offered) plus a typical turn length; prices come from litellm's bundled price
table, read as a file (``golive.llm.cost``), never fetched. ``--resume`` would skip the
episodes already in the run folder it would continue.

Example:
    >>> plan = dry_run(RunConfig(agent="acme_v2", scenario_filter="order-status"))
    >>> plan.episodes, plan.calls["simulator"], plan.calls["agent"] == plan.episodes * 8
    (5, 0, True)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from golive.harness.build import BuiltRun, RunConfig, build
from golive.harness.environment import HANDOFF_TOOLS
from golive.harness.plan import EpisodeSpec
from golive.harness.toolkits import tools_for
from golive.llm.cost import price
from golive.llm.spec import parse_model_spec
from golive.results.run_folder import RunFolder

CHARS_PER_TOKEN = 4
CUSTOMER_TURN_TOKENS = 30  # a typical customer message
AGENT_TURN_TOKENS = 60  # a typical agent reply
JUDGE_INSTRUCTIONS_TOKENS = 150  # the judge's system prompt and one question
JUDGE_ANSWER_TOKENS = 60  # its JSON verdict


@dataclass
class RoleEstimate:
    """Calls and tokens one role would spend, and what they would cost."""

    model: str | None
    label: str = ""  # what stands in the model column when no model is metered
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def usd(self) -> float | None:
        """USD from litellm's price table; None when no model is metered (your own code)."""
        if self.model is None:
            return None
        return price(self.model, self.prompt_tokens, self.completion_tokens)


@dataclass
class DryRun:
    """What ``golive run`` would do with this configuration."""

    suite: str
    agent: str
    simulator: str
    episodes: int
    max_turns: int
    roles: dict[str, RoleEstimate] = field(default_factory=dict)
    resume_folder: Path | None = None
    resume_skips: int = 0

    @property
    def calls(self) -> dict[str, int]:
        """Calls per role (agent, simulator, judge)."""
        return {role: r.calls for role, r in self.roles.items()}

    def render(self) -> str:
        """The plan as the terminal shows it."""
        to_play = self.episodes - self.resume_skips
        lines = [
            "dry run: nothing was called, no folder written, no MLflow run started",
            f"suite {self.suite} × agent {self.agent} · simulator {self.simulator}",
            f"episodes: {self.episodes} planned"
            + (
                f", {self.resume_skips} already in {self.resume_folder} (--resume skips them), "
                f"{to_play} to play"
                if self.resume_folder
                else ""
            ),
            f"upper bound (every episode runs all {self.max_turns} customer turns; tool rounds "
            "not counted):",
            "| role | model | calls | prompt tokens | completion tokens | est. USD |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
        ]
        share = to_play / self.episodes if self.episodes else 0.0
        total = 0.0
        for role, r in self.roles.items():
            calls, usd = round(r.calls * share), r.usd
            if not calls:
                cost = "0"
            elif usd is None:
                cost = "n/a"
            elif usd == 0:
                cost = "0 (not in the price table)"
            else:
                cost = f"{usd * share:.4f}"
                total += usd * share
            lines.append(
                f"| {role} | {r.model or r.label} | {calls} | "
                f"{round(r.prompt_tokens * share)} | {round(r.completion_tokens * share)} "
                f"| {cost} |"
            )
        lines.append(f"estimated cost: at most ${total:.4f} (litellm's bundled price table)")
        return "\n".join(lines)


def _tokens(text: str) -> int:
    return max(1, len(text) // CHARS_PER_TOKEN)


def _conversation(base_prompt: int, turns: int, reply: int, agent_side: bool) -> tuple[int, int]:
    """Prompt and completion tokens of ``turns`` calls over a growing conversation."""
    per_exchange = CUSTOMER_TURN_TOKENS + AGENT_TURN_TOKENS
    # the agent's k-th call sees k customer turns and k-1 of its replies; the simulator's
    # k-th sees k-1 full exchanges
    prompt = sum(
        base_prompt + (k - 1) * per_exchange + (CUSTOMER_TURN_TOKENS if agent_side else 0)
        for k in range(1, turns + 1)
    )
    return prompt, turns * reply


def _judge_questions(spec: EpisodeSpec) -> int:
    scenario = spec.scenario
    judged_rules = sum(rule.judge is not None for rule in scenario.policy.rules)
    return judged_rules + len(scenario.expected.facts) + len(scenario.expected.forbidden_claims)


def _estimate(built: BuiltRun) -> dict[str, RoleEstimate]:
    turns = built.manifest.max_turns
    simulator = built.manifest.simulator
    sim_model = None if simulator == "scripted" else parse_model_spec(simulator, "simulator").model
    judge = built.settings.judge
    roles = {
        "agent": RoleEstimate(built.agent.model, f"{built.agent.kind} agent, not metered"),
        "simulator": RoleEstimate(sim_model, "scripted (offline)"),
        "judge": RoleEstimate(judge.model if judge else None, "off (no --judge)"),
    }
    for spec in built.specs:
        tools = json.dumps([t.definition() for t in tools_for(spec.scenario.tools)] + HANDOFF_TOOLS)
        prompt, completion = _conversation(_tokens(tools), turns, AGENT_TURN_TOKENS, True)
        _add(roles["agent"], turns, prompt, completion)
        if sim_model is not None:
            card = spec.scenario.model_dump_json() + spec.persona.model_dump_json()
            prompt, completion = _conversation(
                _tokens(card), turns, CUSTOMER_TURN_TOKENS + 40, False
            )
            _add(roles["simulator"], turns, prompt, completion)
        if judge is not None:
            asks = _judge_questions(spec)
            transcript = turns * (CUSTOMER_TURN_TOKENS + AGENT_TURN_TOKENS)
            _add(
                roles["judge"],
                asks,
                asks * (JUDGE_INSTRUCTIONS_TOKENS + transcript),
                asks * JUDGE_ANSWER_TOKENS,
            )
    return roles


def _add(role: RoleEstimate, calls: int, prompt: int, completion: int) -> None:
    role.calls += calls
    role.prompt_tokens += prompt
    role.completion_tokens += completion


def dry_run(config: RunConfig) -> DryRun:
    """Plan the run and estimate it; calls no agent or model and writes nothing."""
    built = build(config)
    plan = DryRun(
        suite=built.manifest.suite_name,
        agent=built.manifest.agent,
        simulator=built.manifest.simulator,
        episodes=len(built.specs),
        max_turns=built.manifest.max_turns,
        roles=_estimate(built),
    )
    if config.resume:
        folder = RunFolder.find_resumable(built.manifest, config.out)
        planned = {spec.episode_id for spec in built.specs}
        plan.resume_folder = folder
        plan.resume_skips = len(planned & RunFolder(folder).finished_ids())
    return plan


__all__ = ["DryRun", "RoleEstimate", "dry_run"]
