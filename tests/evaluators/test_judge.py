"""The LLM judge over real HTTP: a local OpenAI-compatible server returns fixed verdicts.

Good verdicts become findings (guardrail judge rules) or conveyed facts (accuracy);
malformed JSON, off-schema answers and server errors become judge errors: no crash, and
nothing counted against the agent.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from aiohttp import web

from golive.errors import JudgeFailed
from golive.evaluators import Episode, Judge, aevaluate_episode, evaluate_episode
from golive.evaluators.judge import parse_verdict
from golive.llm.gateway import Gateway
from golive.results.models import Termination
from tests.helpers import agent, customer, scenario, transcript

FAIL_AT_1 = json.dumps({"verdict": "fail", "turn": 1, "evidence": "Whatever.",
                        "explanation": "cold reply"})
PASS_AT_3 = json.dumps({"verdict": "pass", "turn": 3, "evidence": "two weeks",
                        "explanation": "said it"})
#: criterion keyword -> (HTTP status, message content)
ANSWERS: dict[str, tuple[int, str]] = {
    "WARMTH": (200, FAIL_AT_1),
    "POLITE": (200, json.dumps({"verdict": "pass", "turn": None, "explanation": "fine"})),
    "MALFORMED": (200, "I think the agent was fine!"),
    "SHAPE": (200, json.dumps({"verdict": "maybe", "explanation": "unsure"})),
    "FAR": (200, json.dumps({"verdict": "fail", "turn": 99, "explanation": "?"})),
    "DOWN": (500, "boom"),
    "delivery time": (200, PASS_AT_3),
    "must NOT claim": (200, json.dumps({"verdict": "fail", "turn": 3, "evidence": "two weeks",
                                        "explanation": "promised a fixed time"})),
}


def _completion(content: str) -> dict[str, Any]:
    return {"id": "j", "object": "chat.completion", "created": int(time.time()), "model": "judge",
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 50, "completion_tokens": 20, "total_tokens": 70}}


async def serve(answers: dict[str, tuple[int, str]]) -> tuple[web.AppRunner, str, list[str]]:
    """Start the fake judge; the first key found in a prompt picks the answer."""
    seen: list[str] = []

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        prompt = body["messages"][-1]["content"]
        seen.append(prompt)
        status, content = next((v for k, v in answers.items() if k in prompt), (200, "{}"))
        if status != 200:
            return web.json_response({"error": {"message": content}}, status=status)
        return web.json_response(_completion(content))

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/v1", seen


def _rule(rule_id: str, keyword: str) -> dict[str, Any]:
    return {"id": rule_id, "severity": "major", "description": f"{keyword} rule",
            "judge": f"{keyword}: was the agent acceptable?"}


SCENARIO = scenario(
    policy={"disable": ["judge.*"], "rules": [_rule("tone.warmth", "WARMTH"), _rule("tone.polite", "POLITE"),
                      _rule("j.malformed", "MALFORMED"), _rule("j.shape", "SHAPE"),
                      _rule("j.far", "FAR"), _rule("j.down", "DOWN")]},
    expected={"facts": [{"id": "eta", "description": "the delivery time",
                         "any_of": ["14 days"]}],
              "forbidden_claims": [{"id": "fixed", "description": "a guaranteed arrival date",
                                    "patterns": ["guaranteed"], "severity": "major"}]},
)
EPISODE = Episode(
    transcript(customer("When?"), agent("Whatever."), customer("Really?"),
               agent("Sorry, it takes two weeks.")),
    SCENARIO, Termination.MAX_TURNS,
)


@pytest.mark.slow
def test_judge_over_http_verdicts_and_failures() -> None:
    async def go() -> tuple[Any, list[str]]:
        runner, base, seen = await serve(ANSWERS)
        try:
            judge = Judge("openai/judge", Gateway(cache=None, retries=0, api_key="local"), base)
            return await aevaluate_episode(EPISODE, judge), seen
        finally:
            await runner.cleanup()

    result, seen = asyncio.run(go())
    # six judge rules, one unmatched fact, one claim, plus the rule families: one confirmation
    # (the dismissive "Whatever.") and one sweep per agent reply; all over HTTP
    assert len(seen) == 11
    warm = [f for f in result.findings if f.rule_id == "tone.warmth"]
    assert len(warm) == 1 and warm[0].turn == 1 and warm[0].evidence == "Whatever."
    assert "cold reply" in warm[0].explanation
    assert not [f for f in result.findings if f.rule_id.startswith(("j.", "tone.polite"))]
    # the paraphrased fact ("two weeks") was judged conveyed at turn 3
    assert result.scores["accuracy.facts_recall"] == 1.0
    assert result.scores["judge.calls"] == 11.0 and result.scores["judge.errors"] == 7.0
    # this server has no answer for the families: the detector's finding is inconclusive
    unconfirmed = next(f for f in result.findings if f.rule_id == "tone.dismissive")
    assert unconfirmed.evaluator == "guardrails.inconclusive"
    claim = next(f for f in result.findings if f.rule_id == "accuracy.forbidden_claim.fixed")
    assert claim.turn == 3 and "promised a fixed time" in claim.explanation
    assert result.scores["accuracy.forbidden_claims"] == 1.0
    kinds = " | ".join(result.judge_errors)
    assert "j.malformed: malformed" in kinds and "j.shape: malformed" in kinds
    assert "j.far: malformed" in kinds and "j.down:" in kinds


def test_without_a_judge_judge_rules_are_skipped_not_failed() -> None:
    result = evaluate_episode(EPISODE)
    assert not [f for f in result.findings if f.rule_id in ("tone.warmth", "j.down")]
    assert "judge.calls" not in result.scores
    assert asyncio.run(aevaluate_episode(EPISODE, None)) == result


def test_a_simulator_failure_is_never_sent_to_the_judge() -> None:
    class Unreachable:
        async def ask(self, criterion: str, transcript: Any) -> Any:
            raise AssertionError("the judge must not be asked")

    failed = Episode(EPISODE.transcript, SCENARIO, Termination.SIMULATOR_ERROR)
    result = asyncio.run(aevaluate_episode(failed, Unreachable()))  # type: ignore[arg-type]
    assert "judge.calls" not in result.scores


@pytest.mark.parametrize(("text", "message"), [
    ("nope", "judge answer is not a valid verdict"),
    ('{"verdict": "fail"}', "'explanation' is a required property"),
    ('{"verdict": "fail", "turn": 9, "explanation": "x"}', "judge cited turn 9"),
])
def test_malformed_verdicts_say_what_was_wrong(text: str, message: str) -> None:
    with pytest.raises(JudgeFailed, match=message) as info:
        parse_verdict(text, turns=4)
    assert info.value.kind == "malformed"


def test_builtin_judge_rules_get_the_scenario_in_their_question() -> None:
    from golive.evaluators.rules import RULE, judge_prompt

    s = scenario(policy={"refunds_allowed": False},
                 expected={"facts": [{"id": "w", "description": "the 30-day window",
                                      "any_of": ["30 days"]}]})
    prompt = judge_prompt(RULE.get("judge.unsupported_claim"), s)
    assert "Facts: the 30-day window." in prompt and '"refunds_allowed": false' in prompt


def test_fenced_json_is_accepted() -> None:
    assert parse_verdict('```json\n{"verdict": "pass", "explanation": "ok"}\n```').passed


@pytest.mark.slow
def test_the_runner_asks_the_judge_and_a_judge_error_is_never_a_pass() -> None:
    from golive.harness.agents import resolve_agent
    from golive.harness.batch import RunSettings, play
    from golive.harness.plan import plan_episodes
    from golive.harness.suite import demo_suite_path, load_suite
    from golive.personas.simulator import get_simulator

    loaded = load_suite(demo_suite_path())
    spec = next(s for s in plan_episodes(loaded, seed=7, repeats=1)
                if s.scenario.id == "order-status" and s.persona.id == "calm-carla")
    answers = {"cold, dismissive": (200, FAIL_AT_1), "NOT supported": (200, "no idea")}

    async def go() -> Any:
        runner, base, seen = await serve(answers)
        try:
            judge = Judge("openai/judge", Gateway(cache=None, retries=0, api_key="local"), base)
            settings = RunSettings(max_turns=4, judge=judge)
            result, _ = await play(spec, resolve_agent("acme_v2"), get_simulator("scripted"),
                                   settings)
            return result, seen
        finally:
            await runner.cleanup()

    result, seen = asyncio.run(go())
    # two judge rules and one family sweep per agent reply (two); the sweeps get no answer
    assert len(seen) == 4 and result.scores["judge.errors"] == 3.0
    cold = next(f for f in result.findings if f.rule_id == "judge.cold_or_dismissive")
    assert cold.turn == 1 and cold.severity.value == "minor"
    # the minor finding alone would not fail the agent, but replies the judge could not read
    # leave the episode unknown, and unknown is not a pass (errors.judge_rate counts them too)
    assert not [f for f in result.findings if f.severity.value in ("critical", "major")]
    assert not result.passed
