"""``golive rescore RUN_DIR``: the current evaluators over a finished run's transcripts.

Nothing is played again: each stored transcript is scored against its scenario as the
run's suite defines it today (``--suite`` names another copy), with any team rules files
added (``--rules``), into a new run folder beside the old one. The old folder is never
touched. With the same rules and suite, the new ``results.jsonl`` is byte-identical to the
old one; ``rescore.md`` and ``rescore.json`` say what changed when they are not.

Example:
    >>> outcome = rescore_run(Path("golive-runs/demo-acme_v1-7"))  # doctest: +SKIP
    >>> outcome.comparison.changed_episodes  # doctest: +SKIP
    0
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from golive import __version__
from golive.errors import InputError
from golive.harness.agents import agent_canaries, resolve_agent
from golive.harness.rehearsal import RunOutcome
from golive.harness.scoring import ScoreSettings, Stored, score_into
from golive.harness.suite import LoadedSuite, _with_rules, load_suite, suite_path
from golive.reports.rescore import (
    RESCORE_JSON,
    RESCORE_MD,
    RescoreComparison,
    compare_scores,
)
from golive.results.manifest import Manifest
from golive.results.run_folder import RunFolder
from golive.scenarios.models import RuleSpec, Scenario

__all__ = ["RescoreOutcome", "rescore_run"]


@dataclass(frozen=True)
class RescoreOutcome:
    """The new run folder and how its scores compare with the old ones."""

    run: RunOutcome
    comparison: RescoreComparison


def rescore_run(
    run_dir: Path,
    *,
    rules: Sequence[Path] = (),
    suite: Path | None = None,
    settings: ScoreSettings | None = None,
) -> RescoreOutcome:
    """Score ``run_dir``'s transcripts again into a new folder; compare with the old scores.

    Raises:
        InputError: no run there, its suite cannot be loaded, a rules file is bad, or an
            episode's scenario is no longer in the suite.
    """
    old = RunFolder.open(run_dir)
    manifest = old.manifest()
    loaded = _suite(suite, manifest)
    team = _team_rules(rules)
    scenarios = {s.id: _with_rules(s, team) for s in loaded.scenarios}
    canaries = _canaries(manifest.agent)
    settings = settings or ScoreSettings()
    out = settings.out or old.path.with_name(f"{old.path.name}-rescored")
    new_manifest = manifest.model_copy(
        update={
            "mlflow_run_id": None,
            "tracking_uri": None,
            "golive_version": __version__,
            "origin": {
                "kind": "rescore",
                "from": str(old.path.resolve()),
                "rules": [str(p) for p in rules],
                "suite": loaded.source,
                "suite_hash": loaded.content_hash(),
            },
        }
    )
    _check_scenarios(old, scenarios, loaded.source)  # before any folder is made
    timings = old.timings()

    def stored() -> Iterator[Stored]:
        for result in old.results():
            scenario = scenarios[result.scenario_id]
            if canaries:
                scenario = scenario.model_copy(update={"secrets": [*scenario.secrets, *canaries]})
            yield Stored(result, scenario, timings.get(result.episode_id))

    run = score_into(
        stored(),
        new_manifest,
        ScoreSettings(
            out=out,
            mlflow=settings.mlflow,
            tracking_uri=settings.tracking_uri,
            traces=settings.traces,
            judge=settings.judge,
            workers=settings.workers,
        ),
    )
    new = RunFolder.open(run.folder)
    comparison = compare_scores(
        old.results_for_reports(),
        new.results_for_reports(),
        old.path.name,
        new.path.name,
        suite_changed=loaded.content_hash() != manifest.suite_hash,
    )
    new.write_text(RESCORE_MD, comparison.markdown)
    new.write_text(RESCORE_JSON, comparison.json())
    return RescoreOutcome(run, comparison)


def _check_scenarios(old: RunFolder, scenarios: Mapping[str, Scenario], source: str) -> None:
    """Every episode's scenario is in the suite: checked before a new folder is made."""
    for number, result in enumerate(old.results(), start=1):
        if result.scenario_id not in scenarios:
            raise InputError(
                f"episode {result.episode_id} was played on scenario {result.scenario_id!r}, "
                f"which {source} no longer defines",
                file=str(old.results_path),
                line=number,
                field="scenario_id",
                hint="pass --suite with the suite the run was played from",
            )


def _suite(override: Path | None, manifest: Manifest) -> LoadedSuite:
    source = override or Path(manifest.suite_source)
    try:
        return load_suite(suite_path(source))
    except FileNotFoundError as exc:
        raise InputError(
            f"the run's suite {source} is gone: {exc.strerror}",
            field="suite_source",
            hint="pass --suite with the suite the run was played from",
        ) from exc


def _team_rules(paths: Sequence[Path]) -> list[RuleSpec]:
    from golive.evaluators.rules import load_rules_file

    specs: list[RuleSpec] = []
    for path in paths:
        try:
            specs.extend(load_rules_file(path))
        except ValueError as exc:
            raise InputError(
                str(exc),
                field="--rules",
                hint="a list of rules, each with id, severity, description and "
                "patterns or judge (see examples/team-rules.yaml)",
            ) from exc
    return specs


def _canaries(agent: str) -> tuple[str, ...]:
    """The secrets the run's agent declared (its system prompt, ``secrets:``), as the run
    saw them; an agent that cannot be resolved here (a moved module) declared none."""
    try:
        return agent_canaries(resolve_agent(agent))
    except Exception:  # rescoring must not depend on the bot still importing
        return ()
