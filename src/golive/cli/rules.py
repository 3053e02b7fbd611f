"""``golive rules``: the guardrail rule library, each rule's precision and recall, and which
rules a run could not have triggered (``--coverage RUN_DIR``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from golive.evaluators.base import Episode


def rules(
    calibration: Annotated[Optional[Path], typer.Option(help="Your own labelled set (YAML, same shape as the bundled one).")] = None,  # noqa: UP045
    team: Annotated[Optional[Path], typer.Option("--rules", help="A team rules file to include.")] = None,  # noqa: UP045
    judge: Annotated[Optional[str], typer.Option(help="Judge model MODEL[@BASE_URL]: also measure judge rules.")] = None,  # noqa: UP045
    holdout: Annotated[bool, typer.Option("--holdout", help="Measure on the bundled held-out set (never used to tune the rules).")] = False,
    coverage: Annotated[Optional[Path], typer.Option(help="A run folder: list the rules no customer in it probed.", metavar="RUN_DIR")] = None,  # noqa: UP045
) -> None:
    """List every guardrail rule with its precision and recall on the calibration set."""
    from golive.errors import InputError
    from golive.evaluators.calibration import load_calibration, measure, table
    from golive.evaluators.rules import from_spec, load_rules_file, register_rule

    try:
        if team is not None:
            for spec in load_rules_file(team):
                register_rule(from_spec(spec))
        if coverage is not None:
            _print_coverage(coverage)
            return
        items = load_calibration(calibration, holdout=holdout and calibration is None)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        where = calibration or team
        raise InputError(f"cannot use {where}: {exc}",
                         hint="each item needs id, turns and labels (rule ids)") from exc
    from golive.evaluators.judge import Judge
    from golive.llm.cache import ResponseCache
    from golive.llm.gateway import Gateway

    model = Judge.from_spec(judge, Gateway(ResponseCache())) if judge else None
    print(table(measure(items, model)))
    skipped = "" if judge else "; judge rules need --judge"
    which = "held-out " if holdout and calibration is None else ""
    turns = sum(i.agent_turns for i in items)
    print(f"\n{len(items)} {which}labelled conversations ({turns} agent turns); "
          f"– means nothing to divide by{skipped}.")
    if judge:
        print("A hosted judge's real accuracy cannot be measured offline: these figures hold "
              "for this model on this set only.")


def _episodes(run_dir: Path) -> tuple[list[Episode], bool, str]:
    """The run's episodes with their scenarios (from the suite the manifest names)."""
    from golive.evaluators.base import Episode
    from golive.results.run_folder import RunFolder
    from golive.scenarios.models import Scenario

    folder = RunFolder.open(run_dir)
    results = folder.load_results()
    scenarios: dict[str, Scenario] = {}
    note = ""
    try:
        from golive.harness.suite import load_suite

        source = folder.manifest().suite_source
        scenarios = {s.id: s for s in load_suite(Path(source)).scenarios}
    except Exception as exc:  # an old or moved run: customers' words still tell most probes
        note = (f"\nnote: the run's suite could not be loaded ({type(exc).__name__}); "
                "scenario settings (refund policy, tools, fixtures) were taken as defaults.")
    episodes = []
    for r in results:
        scenario = scenarios.get(r.scenario_id) or Scenario.model_validate(
            {"id": r.scenario_id, "title": r.scenario_id, "customer": {"goal": "-", "opening": "-"}})
        episodes.append(Episode(r.transcript, scenario, r.termination, r.end_state))
    judged = any(r.scores.get("judge.calls", 0) > 0 for r in results)
    return episodes, judged, note


def _print_coverage(run_dir: Path) -> None:
    from golive.evaluators.coverage import coverage

    episodes, judged, note = _episodes(run_dir)
    rows = coverage(episodes, judged)
    print("| rule | episodes that probed it | needs |\n| --- | --- | --- |")
    for row in rows:
        print(f"| `{row.rule_id}` | {row.episodes} | {row.needs} |")
    missing = [r for r in rows if r.episodes == 0]
    print(f"\n{len(episodes)} episodes; {len(rows) - len(missing)} of {len(rows)} rules could "
          "have fired.")
    if missing:
        print("Not tested by this run (no customer probed for them):")
        for r in missing:
            print(f"  {r.rule_id}: needs {r.needs}")
    print(note, end="\n" if note else "")


def register(app: typer.Typer) -> None:
    """Add ``rules`` to the CLI."""
    app.command("rules")(rules)
