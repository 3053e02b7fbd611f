"""Measure golive's verdicts on bots it has never seen (issue 14).

Runs the four bundled suites (scripted customers, offline) against:

- clean bots in three styles (``tests.defects.styles``): acme_v2's behaviour in other
  words. Table (a): failed episodes per suite and style; a fair gate fails no style more.
- planted-defect bots (``tests.defects.planted``): acme_v2 with exactly one defect. Each
  bot records the replies where its defect shows. Table (b), per defect kind: occurrences,
  how many golive caught with the right rule at the right turn, episodes with the defect
  and how many of them failed.

Usage (from the repository root)::

    PYTHONPATH=src python tools/measure_verdicts.py [--packs demo retail] [--kinds date amount]
        [--json out.json] [--misses 2]
"""

from __future__ import annotations

import argparse
import asyncio
import fnmatch
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tests.defects
sys.path.insert(0, str(ROOT / "src"))

from tests.defects import ledger  # noqa: E402
from tests.defects.planted import KINDS, SYSTEM_PROMPT  # noqa: E402
from tests.defects.styles import STYLES  # noqa: E402

from golive.harness.agents import resolve_agent  # noqa: E402
from golive.harness.agents.config import PythonAgentConfig  # noqa: E402
from golive.harness.plan import plan_episodes  # noqa: E402
from golive.harness.runner import RunSettings, run_episodes  # noqa: E402
from golive.harness.suite import load_suite, suite_path  # noqa: E402
from golive.personas.scripted import ScriptedSimulator  # noqa: E402
from golive.results.models import EpisodeResult, Speaker, Timing  # noqa: E402
from golive.scenarios.models import Scenario  # noqa: E402

PACKS = ("demo", "retail", "telecom", "banking")


@dataclass
class KindTally:
    """Table (b) for one defect kind."""

    occurrences: int = 0
    caught: int = 0
    episodes: int = 0
    failed: int = 0
    misses: list[str] = field(default_factory=list)


def agent_spec(target: str, kind: str | None) -> Any:
    """A Python agent; the prompt-leaking bot declares its system prompt as a secret."""
    if kind == "system_prompt":
        fields = set(PythonAgentConfig.model_fields)
        if "secrets" in fields:
            return PythonAgentConfig.model_validate(
                {"type": "python", "target": target, "secrets": [SYSTEM_PROMPT]})
    return target


SCENARIOS: dict[str, Scenario] = {}


def play(pack: str, spec: Any) -> list[EpisodeResult]:
    """Every episode of a bundled suite against one agent, in memory, in episode order."""
    loaded = load_suite(suite_path(Path(f"pack:{pack}")))
    specs = plan_episodes(loaded, seed=loaded.suite.seed, repeats=loaded.suite.repeats)
    SCENARIOS.update((s.id, s) for s in loaded.scenarios)
    agent = resolve_agent(spec)
    settings = RunSettings(max_turns=loaded.suite.max_turns, concurrency=4)
    extra = getattr(agent, "canaries", None)
    if extra is not None and "canaries" in RunSettings.__dataclass_fields__:
        settings = RunSettings(max_turns=loaded.suite.max_turns, concurrency=4, canaries=extra)  # type: ignore[call-arg]
    results: list[EpisodeResult] = []

    def keep(result: EpisodeResult, timing: Timing) -> None:
        results.append(result)

    async def go() -> None:
        try:
            await run_episodes(specs, agent, ScriptedSimulator(), settings, keep)
        finally:
            await agent.aclose()

    asyncio.run(go())
    return sorted(results, key=lambda r: r.episode_id)


def agent_turn_after(result: EpisodeResult, customer_turns: int) -> tuple[int, int] | None:
    """(customer turn index, agent turn index) of the reply to the n-th customer message."""
    seen = 0
    turns = result.transcript.turns
    for turn in turns:
        if turn.speaker is Speaker.CUSTOMER:
            seen += 1
            if seen == customer_turns:
                after = next((t for t in turns[turn.index + 1:] if t.speaker is Speaker.AGENT), None)
                return (turn.index, after.index) if after else None
    return None


def tally_kind(kind: str, results: list[EpisodeResult], tally: KindTally, misses: int) -> None:
    spec = KINDS[kind]
    for result in results:
        shown = ledger.occurrences(result.episode_id)
        if not shown or not spec.applies(SCENARIOS[result.scenario_id]):
            continue
        tally.episodes += 1
        tally.failed += not result.passed
        for occurrence in shown:
            where = agent_turn_after(result, occurrence.customer_turns)
            if where is None:
                continue
            customer, agent = where
            tally.occurrences += 1
            # A handoff finding sits on the customer turn that made the handoff due, at or
            # before the reply that should have carried it.
            hit = any(f.turn is not None
                      and (f.turn == agent or spec.trigger_anchor and f.turn <= agent) and any(fnmatch.fnmatch(f.rule_id, g) for g in spec.rules)
                      for f in result.findings)
            tally.caught += hit
            if not hit and len(tally.misses) < misses:
                got = sorted({f"{f.rule_id}@{f.turn}" for f in result.findings})
                text = result.transcript.turns[agent].text
                tally.misses.append(f"{result.scenario_id} t{agent}: {text[:110]!r} findings={got}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--packs", nargs="*", default=list(PACKS))
    parser.add_argument("--styles", nargs="*", default=list(STYLES))
    parser.add_argument("--kinds", nargs="*", default=list(KINDS))
    parser.add_argument("--misses", type=int, default=0, help="show this many missed occurrences per kind")
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON")
    args = parser.parse_args(argv)

    style_rows: dict[str, dict[str, tuple[int, int, int]]] = {}
    why: dict[str, Counter[str]] = {}
    for style in args.styles:
        row = {}
        why[style] = Counter()
        for pack in args.packs:
            results = play(pack, f"tests.defects.styles:{style}")
            critical = sum(any(f.severity.value == "critical" for f in r.findings) for r in results)
            row[pack] = (sum(not r.passed for r in results), len(results), critical)
            why[style].update(f"{f.rule_id} ({f.severity.value})" for r in results if not r.passed
                              for f in r.findings if f.severity.value != "minor")
        style_rows[style] = row
    kind_rows: dict[str, KindTally] = {}
    for kind in args.kinds:
        tally = KindTally()
        for pack in args.packs:
            ledger.clear()
            results = play(pack, agent_spec(f"tests.defects.planted:bot_{kind}", kind))
            tally_kind(kind, results, tally, args.misses)
        kind_rows[kind] = tally

    if style_rows:
        print("(a) clean bots: failed episodes / episodes (episodes with a critical finding)\n")
        print("| style | " + " | ".join(args.packs) + " | all |")
        print("| --- |" + " ---: |" * (len(args.packs) + 1))
        for style, row in style_rows.items():
            cells = [f"{f}/{n} ({c})" for f, n, c in row.values()]
            total = [sum(x[i] for x in row.values()) for i in range(3)]
            print(f"| {style} | " + " | ".join(cells) + f" | {total[0]}/{total[1]} ({total[2]}) |")
        print()
        for style, counts in why.items():
            if counts:
                print(f"  {style} fails on: " + ", ".join(f"{k} x{n}" for k, n in counts.most_common(6)))
        print()
    if kind_rows:
        print("(b) planted defects: caught with the right rule at the right turn\n")
        print("| defect | occurrences | caught | caught % | episodes | failed | failed % |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        occ = caught = eps = failed = 0
        for kind, t in kind_rows.items():
            pc = f"{100 * t.caught / t.occurrences:.0f}%" if t.occurrences else "n/a"
            pf = f"{100 * t.failed / t.episodes:.0f}%" if t.episodes else "n/a"
            print(f"| {kind} | {t.occurrences} | {t.caught} | {pc} | {t.episodes} | {t.failed} | {pf} |")
            occ, caught, eps, failed = occ + t.occurrences, caught + t.caught, eps + t.episodes, failed + t.failed
        if occ:
            print(f"| **all** | {occ} | {caught} | {100 * caught / occ:.0f}% | {eps} | {failed} | "
                  f"{100 * failed / max(eps, 1):.0f}% |")
        for kind, t in kind_rows.items():
            for miss in t.misses:
                print(f"  miss {kind}: {miss}")
    if args.json:
        data = {"styles": style_rows, "kinds": {k: {**vars(t)} for k, t in kind_rows.items()}}
        args.json.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
