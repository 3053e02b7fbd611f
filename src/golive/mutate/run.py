"""``golive mutate`` as a function: the clean run, one run per mutant, the verdicts.

1. The suite is played once against the real agent (the baseline; sampled over scenarios
   when it holds more than ``max_baseline`` episodes). Its folder is the mutation run's
   folder: ``mutation.json``, ``mutation.md`` and ``mutants/<operator>/`` go in it.
2. Each operator wraps the agent (``golive.harness.agents.mutant.MutantAgent``: the reply
   golive receives is changed, so every agent kind works, HTTP endpoints and tool-calling
   bots included) and plays the episodes ``golive.mutate.plan`` chose for it, in its own
   run folder.
3. ``golive.mutate.classify`` decides each mutant; the score is killed / operators.

Example:
    >>> report = run_mutation(MutateConfig(agent="acme_v2", operators=("empty_reply",),
    ...                                    mlflow=False, quiet=True))  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive.harness.agents import agent_canaries
from golive.harness.agents.mutant import MutantAgent, MutationContext, Operator
from golive.harness.build import BuiltRun, RunConfig, build
from golive.harness.plan import EpisodeSpec
from golive.harness.rehearsal import run_built
from golive.mutate import BUILTIN_ORDER
from golive.mutate.classify import OperatorOutcome, classify
from golive.mutate.files import MUTATION_JSON, MUTATION_MD, MutationSummary, write_files
from golive.mutate.plan import agent_calls, choose, stratified, would_fire
from golive.registry import MUTATION
from golive.reports import write_reports
from golive.results.models import EpisodeResult
from golive.results.run_folder import REPORT_FILE, RUNS_DIR, RunFolder, slug

if TYPE_CHECKING:
    from golive.tracking import MlflowTracker

__all__ = ["MutateConfig", "MutationReport", "operators_named", "run_mutation"]


@dataclass(frozen=True)
class MutateConfig:
    """Everything ``golive mutate`` accepts."""

    suite: Path | Traversable | None = None
    agent: str | None = None
    operators: tuple[str, ...] = ()
    operator_files: tuple[Path, ...] = ()
    #: Episodes per mutant at most (triggered ones first).
    sample: int = 30
    #: Agent calls per mutant at most (estimated from the baseline's episodes).
    budget: int | None = None
    #: USD each run (the clean one and each mutant) may spend on models (LLM customers, judge).
    max_cost: float | None = None
    min_score: float | None = None
    out: Path | None = None
    max_baseline: int = 200
    mlflow: bool = True
    tracking_uri: str | None = None
    agent_model: str = "default"
    handoff_pattern: str | None = None
    concurrency: int = 8
    timeout_s: float = 60.0
    quiet: bool = False
    cache: bool = True


@dataclass(frozen=True)
class MutationReport:
    """Where the mutation run's files are and what it found."""

    folder: Path
    summary: MutationSummary
    markdown: str

    @property
    def passed(self) -> bool:
        """No ``--min-score``, or the score reaches it."""
        return self.summary.passed is not False


def operators_named(names: Sequence[str]) -> list[Operator]:
    """The operators to run (all registered ones, built-ins first, when ``names`` is empty).

    Raises:
        InputError: an unknown name; the message lists the registered operators.
    """
    registered = MUTATION.names()
    order = [n for n in BUILTIN_ORDER if n in registered] + [
        n for n in registered if n not in BUILTIN_ORDER
    ]
    chosen = list(dict.fromkeys(names)) or order
    found = []
    for name in chosen:
        obj = MUTATION.get(name)
        found.append(obj() if isinstance(obj, type) else obj)
    return found


def _say(config: MutateConfig, text: str) -> None:
    if not config.quiet:
        print(text, file=sys.stderr, flush=True)


def _baseline_specs(specs: list[EpisodeSpec], cap: int) -> list[EpisodeSpec]:
    if len(specs) <= cap:
        return specs
    return sorted(stratified(specs, key=lambda s: s.scenario.id)[:cap], key=specs.index)


def _default_out(built: BuiltRun) -> Path:
    return (
        Path.cwd() / RUNS_DIR / f"mutate-{built.manifest.suite_name}-{slug(built.manifest.agent)}"
    )


def _adjusted(
    built: BuiltRun, specs: list[EpisodeSpec], out: Path, quiet: bool, **changes: Any
) -> BuiltRun:
    manifest = built.manifest.model_copy(
        update={"episodes": len(specs), **changes.pop("manifest", {})}
    )
    config = dataclasses.replace(built.config, out=out, quiet=quiet)
    return dataclasses.replace(built, specs=specs, manifest=manifest, config=config, **changes)


def run_mutation(config: MutateConfig) -> MutationReport:
    """Play the suite against the agent and against each mutant; decide and write the files.

    Raises:
        InputError: a bad suite, agent, operator name or operators file (exit 2).
        UnreachableError: the agent does not answer (exit 3).
    """
    from golive.mutate.yaml_operators import load_operator_file

    for path in config.operator_files:
        load_operator_file(path)
    operators = operators_named(config.operators)
    built = build(
        RunConfig(
            suite=config.suite,
            agent=config.agent,
            agent_model=config.agent_model,
            handoff_pattern=config.handoff_pattern,
            concurrency=config.concurrency,
            timeout_s=config.timeout_s,
            mlflow=False,
            quiet=config.quiet,
            cache=config.cache,
            max_cost=config.max_cost,
        )
    )
    base_specs = _baseline_specs(built.specs, config.max_baseline)
    _say(
        config,
        f"baseline: {len(base_specs)} episode(s) of {len(built.specs)} against "
        f"{built.manifest.agent}",
    )
    outcome = run_built(
        _adjusted(built, base_specs, config.out or _default_out(built), config.quiet)
    )
    folder = outcome.folder
    baseline = {r.episode_id: r for r in RunFolder.open(folder).load_results()}
    calls = {i: agent_calls(r) for i, r in baseline.items()}
    canaries = agent_canaries(built.agent)
    rows: list[OperatorOutcome] = []
    for operator in operators:
        rows.append(
            _one_mutant(config, built, operator, base_specs, baseline, calls, canaries, folder)
        )
        row = rows[-1]
        _say(config, f"  {row.operator:<22} {row.verdict.value:<13} {row.explanation}")
    summary = MutationSummary.build(
        built.manifest, outcome.manifest.agent, baseline, rows, config.min_score
    )
    tracker = _start_tracking(config, summary) if config.mlflow else None
    try:
        markdown = write_files(folder, summary)
        run_folder = RunFolder.open(folder)  # report.html gains its mutation section
        write_reports(run_folder, run_folder.manifest(), run_folder.results_for_reports())
        if tracker is not None:
            files = [MUTATION_JSON, MUTATION_MD, REPORT_FILE]
            tracker.finish(summary.metrics(), run_folder, files)
    except BaseException:
        if tracker is not None:
            tracker.fail()
        raise
    return MutationReport(folder, summary, markdown)


def _one_mutant(
    config: MutateConfig,
    built: BuiltRun,
    operator: Operator,
    specs: list[EpisodeSpec],
    baseline: dict[str, EpisodeResult],
    calls: dict[str, int],
    canaries: tuple[str, ...],
    folder: Path,
) -> OperatorOutcome:
    name = operator.name

    def fires(spec: EpisodeSpec) -> bool:
        result = baseline.get(spec.episode_id)
        return result is not None and would_fire(operator, spec, result, canaries)

    chosen, triggered = choose(
        name,
        fires,
        [s for s in specs if s.episode_id in baseline],
        calls,
        config.sample,
        config.budget,
    )
    mutant = MutantAgent(
        built.agent, operator, {s.episode_id: s.scenario for s in chosen}, canaries
    )
    where = folder / "mutants" / slug(name)
    label = f"{built.manifest.agent} [mutant {name}]"
    run = run_built(_adjusted(built, chosen, where, True, agent=mutant, manifest={"agent": label}))
    results = RunFolder.open(run.folder).load_results()
    contexts = {s.episode_id: MutationContext(s.episode_id, s.scenario, canaries) for s in chosen}
    from golive import registry

    row = classify(
        operator, results, baseline, mutant.log, contexts, registry.kind("rule").names(), triggered
    )
    row.folder = run.folder.relative_to(folder).as_posix()
    return row


def _start_tracking(config: MutateConfig, summary: MutationSummary) -> MlflowTracker:
    """One MLflow run for the mutation run (its id goes into mutation.json)."""
    from golive.tracking import MlflowTracker

    tracker = MlflowTracker(config.tracking_uri, f"golive-{summary.suite}", "none")
    summary.mlflow_run_id = tracker.start(
        {
            "suite": summary.suite,
            "agent": summary.agent,
            "kind": "mutation",
            "operators": ",".join(r.operator for r in summary.operators),
            "sample": str(config.sample),
            "budget": str(config.budget),
        },
        f"mutation-{summary.suite}-{slug(summary.agent)}",
    )
    return tracker
