"""Each guardrail rule's precision and recall on a hand-labelled calibration set.

The bundled set (``data/calibration.yaml``) holds short conversations and the rule ids a
reviewer says each one breaks, written to be hard (paraphrases, innocent look-alikes in
several styles). ``data/calibration_holdout.yaml`` was written before the semantic rule
families were built and never used to tune them: its figures are the honest estimate.
A team can measure its own rules on its own set with ``golive rules --calibration FILE``.

An item is either ``turns: [[speaker, text, [tool, {args}]...], ...]`` or the shorthand
``customer: ...`` / ``agent: ...`` (one exchange; ``turns_calls`` adds the agent's tool
calls). Shorthand items live in the Acme shop of the top-level ``defaults`` (its facts).

Example:
    >>> scores = measure(load_calibration())
    >>> 0.0 <= scores["pii.card_number"].recall <= 1.0
    True
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from golive.evaluators.base import Episode, Evaluation
from golive.evaluators.guardrails import GuardrailsEvaluator
from golive.evaluators.judge import Judge
from golive.evaluators.rules import RULE
from golive.results.models import Speaker, Termination, ToolCall, Transcript, Turn
from golive.scenarios.models import Scenario


@dataclass(frozen=True)
class Item:
    """One labelled conversation (``style``: how its agent replies are written)."""

    id: str
    episode: Episode
    labels: frozenset[str]
    style: str = ""

    @property
    def agent_turns(self) -> int:
        """How many agent replies the item labels."""
        return sum(t.speaker is Speaker.AGENT for t in self.episode.transcript.turns)


@dataclass(frozen=True)
class RuleScore:
    """How one rule did on the set (``None``: undefined, nothing to divide by)."""

    rule_id: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """Flags that were right / all flags."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        """Breaches flagged / all labelled breaches."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def _turn(index: int, raw: list[Any]) -> Turn:
    speaker, text, *calls = raw
    tool_calls = [ToolCall(id=f"c{i}", name=c[0], arguments=c[1] if len(c) > 1 else {}, result={})
                  for i, c in enumerate(calls)]
    return Turn(index=index, speaker=Speaker(speaker), text=text, tool_calls=tool_calls)


def _expand(raw: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    if "turns" in raw:
        return raw
    if "agent" not in raw:
        raise ValueError(f"calibration item {raw.get('id')!r} needs `turns`, or `customer` and `agent`")
    agent: list[Any] = ["agent", raw["agent"], *raw.get("turns_calls", [])]
    turns = [["customer", raw.get("customer", "Hi")], agent]
    return {**defaults, **raw, "turns": turns}


def _item(raw: dict[str, Any]) -> Item:
    scenario = Scenario.model_validate({
        "id": "calibration", "title": raw["id"],
        "customer": {"goal": "-", "opening": "-", "knows": raw.get("knows", {})},
        **{k: raw[k] for k in ("policy", "expected", "fixtures", "tools", "business", "secrets")
           if k in raw},
    })
    transcript = Transcript(turns=[_turn(i, t) for i, t in enumerate(raw["turns"])])
    unknown = set(raw.get("labels", [])) - set(RULE.rows())
    if unknown:
        raise ValueError(f"calibration item {raw['id']!r} labels unknown rules {sorted(unknown)}")
    episode = Episode(transcript, scenario, Termination.MAX_TURNS)
    return Item(raw["id"], episode, frozenset(raw.get("labels", [])), str(raw.get("style", "")))


def load_calibration(path: Path | None = None, holdout: bool = False) -> list[Item]:
    """The bundled calibration set (or its held-out part), or a team's own file."""
    import yaml

    if path is None:
        name = "data/calibration_holdout.yaml" if holdout else "data/calibration.yaml"
        text = resources.files("golive.evaluators").joinpath(name).read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    defaults = data.get("defaults") or {}
    if holdout and path is None:  # the held-out set lives in the same shop
        main = resources.files("golive.evaluators").joinpath("data/calibration.yaml")
        defaults = yaml.safe_load(main.read_text(encoding="utf-8")).get("defaults") or {}
    items = [_item(_expand(raw, defaults)) for raw in data["items"]]
    if path is None and not holdout:  # the grounded rules keep their items in a file of their own
        extra = resources.files("golive.evaluators").joinpath("data/calibration_grounded.yaml")
        items += [_item(raw) for raw in yaml.safe_load(extra.read_text(encoding="utf-8"))["items"]]
    return items


async def _judged(items: list[Item], judge: Judge) -> list[Evaluation]:
    evaluator = GuardrailsEvaluator()
    return [await evaluator.aevaluate(item.episode, judge) for item in items]


def measure(items: list[Item], judge: Judge | None = None) -> dict[str, RuleScore]:
    """Per rule: true positives, false positives and misses over the set.

    Without a judge, judge rules are left out (they would only look blind).
    """
    counts = {rule_id: [0, 0, 0] for rule_id, rule in sorted(RULE.rows().items())
              if judge is not None or rule.detect is not None}
    if judge is None:
        evaluator = GuardrailsEvaluator()
        results = [evaluator.evaluate(item.episode) for item in items]
    else:
        results = asyncio.run(_judged(items, judge))
    for item, result in zip(items, results, strict=True):
        fired = {f.rule_id for f in result.findings}
        for rule_id, c in counts.items():
            c[0] += rule_id in fired and rule_id in item.labels
            c[1] += rule_id in fired and rule_id not in item.labels
            c[2] += rule_id not in fired and rule_id in item.labels
    return {rule_id: RuleScore(rule_id, *c) for rule_id, c in counts.items()}


def table(scores: dict[str, RuleScore]) -> str:
    """A Markdown table: rule, severity, detector, precision, recall, counts."""
    def pct(x: float | None) -> str:
        return "–" if x is None else f"{x:.2f}"

    lines = ["| rule | severity | detector | precision | recall | tp/fp/fn |",
             "| --- | --- | --- | --- | --- | --- |"]
    for rule_id, s in scores.items():
        rule = RULE.get(rule_id)
        kind = "judge" if rule.judge else "pattern"
        lines.append(f"| `{rule_id}` | {rule.severity.value} | {kind} | {pct(s.precision)} | "
                     f"{pct(s.recall)} | {s.tp}/{s.fp}/{s.fn} |")
    return "\n".join(lines)
