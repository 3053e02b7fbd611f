"""``golive run [SUITE] --agent SPEC``: play a suite against an agent and report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from golive.harness.rehearsal import RunOutcome
    from golive.results.manifest import Manifest


def run(
    suite: Annotated[Optional[Path], typer.Argument(help="Suite YAML or pack:NAME (demo, retail, telecom, banking); default: the demo suite.")] = None,  # noqa: UP045
    agent: Annotated[Optional[str], typer.Option(help="acme_v1, module:function, agent.yaml, or http(s)://.../v1.")] = None,  # noqa: UP045
    agent_model: Annotated[str, typer.Option(help="Model name sent to an HTTP agent.")] = "default",
    handoff_pattern: Annotated[Optional[str], typer.Option(help="Regex: a reply matching it counts as a transfer (text-only bots).")] = None,  # noqa: UP045
    out: Annotated[Optional[Path], typer.Option(help="Run folder (default golive-runs/...).")] = None,  # noqa: UP045
    seed: Annotated[Optional[int], typer.Option(help="Override the suite seed.")] = None,  # noqa: UP045
    repeats: Annotated[Optional[int], typer.Option(min=1, help="Repeats per episode.")] = None,  # noqa: UP045
    max_turns: Annotated[Optional[int], typer.Option(min=1, help="Customer turns per episode.")] = None,  # noqa: UP045
    simulator: Annotated[Optional[str], typer.Option(help="scripted, or a model MODEL[@BASE_URL][?temperature=T&attempts=N].")] = None,  # noqa: UP045
    concurrency: Annotated[int, typer.Option(min=1, help="Episodes in flight.")] = 8,
    timeout: Annotated[float, typer.Option(help="Seconds per agent or simulator call.")] = 60.0,
    scenario: Annotated[str, typer.Option(help="Only scenarios matching this glob.")] = "*",
    persona: Annotated[str, typer.Option(help="Only personas matching this glob.")] = "*",
    resume: Annotated[bool, typer.Option(help="Continue the matching run in --out or the newest.")] = False,
    mlflow: Annotated[bool, typer.Option(help="Log to MLflow.")] = True,
    tracking_uri: Annotated[Optional[str], typer.Option(help="MLflow tracking URI.")] = None,  # noqa: UP045
    traces: Annotated[str, typer.Option(help="Episodes logged as MLflow traces: failed (default), all or none. MLflow's store spends several ms of CPU per trace (benchmarks/README.md).")] = "failed",
    quiet: Annotated[bool, typer.Option(help="No progress output.")] = False,
    cache: Annotated[bool, typer.Option(help="Reuse LLM answers from the disk cache (.golive-cache/llm).")] = True,
    rpm: Annotated[Optional[int], typer.Option(min=1, help="Requests per minute per model (agent endpoint and LLMs).")] = None,  # noqa: UP045
    tpm: Annotated[Optional[int], typer.Option(min=1, help="Tokens per minute per model.")] = None,  # noqa: UP045
    max_cost: Annotated[Optional[float], typer.Option(min=0, help="Stop starting episodes once this many USD are spent.")] = None,  # noqa: UP045
    retries: Annotated[int, typer.Option(min=0, help="Retries per LLM call on 429, 5xx and timeouts.")] = 3,
    backend: Annotated[str, typer.Option(help="local (asyncio) or ray.")] = "local",
    ray_address: Annotated[Optional[str], typer.Option(help="Ray cluster address (--backend ray); default: start a local one.")] = None,  # noqa: UP045
    judge: Annotated[Optional[str], typer.Option(help="Judge model MODEL[@BASE_URL] (judge rules, paraphrased facts); checked by a preflight call.")] = None,  # noqa: UP045
    max_reply_bytes: Annotated[int, typer.Option(help="Largest agent reply accepted (UTF-8 bytes); a larger one is an agent error.")] = 1_000_000,
    clock: Annotated[str, typer.Option(help="Conversation clock: simulated (service levels from the suite's clock:, byte-identical reruns) or measured (agent response times are the measured latencies; not reproducible, the manifest says so).")] = "simulated",
    gate: Annotated[bool, typer.Option(help="Gate the run afterwards (exit 1 when it fails).")] = False,
    thresholds: Annotated[Optional[Path], typer.Option(help="Gate thresholds YAML (default: the suite's gate:).")] = None,  # noqa: UP045
    baseline: Annotated[Optional[str], typer.Option(help="Gate against: run folder, results file, MLflow run id or latest-passing.")] = None,  # noqa: UP045
    inconclusive: Annotated[str, typer.Option(help="With --gate: exit code for an inconclusive verdict: inconclusive (4), fail (1) or pass (0).")] = "inconclusive",
    dry_run: Annotated[bool, typer.Option(help="Print episodes, calls and tokens per role, estimated cost and what --resume would skip; call nothing.")] = False,
    verbose: Annotated[bool, typer.Option(help="Let MLflow, litellm and tqdm log as they like (default: warnings only).")] = False,
) -> None:
    """Run SUITE against an agent; write results, reports and an MLflow run."""
    from golive.cli.gate import inconclusive_as
    from golive.harness.rehearsal import RunConfig, run_suite
    from golive.scenarios.clock import clock_mode

    inconclusive_as(inconclusive)  # a typo fails before the run, not after it
    if verbose:
        from golive._terminal import quiet_third_party

        quiet_third_party(verbose=True)
    mode = clock_mode(clock)
    check_traces(traces)
    config = RunConfig(
        suite=suite, agent=agent, agent_model=agent_model, handoff_pattern=handoff_pattern, out=out, seed=seed,
        repeats=repeats, max_turns=max_turns, simulator=simulator, concurrency=concurrency,
        timeout_s=timeout, scenario_filter=scenario, persona_filter=persona, resume=resume,
        mlflow=mlflow, tracking_uri=tracking_uri, quiet=quiet, judge=judge, traces=traces,
        cache=cache, rpm=rpm, tpm=tpm, max_cost=max_cost, retries=retries, backend=backend,
        ray_address=ray_address, max_reply_bytes=max_reply_bytes, clock=mode,
    )
    if dry_run:
        from golive.harness.dry_run import dry_run as plan_run

        typer.echo(plan_run(config).render())
        return
    _sigterm_ends_the_run()
    outcome = run_suite(config)
    _print_outcome(outcome)
    if gate or thresholds is not None or baseline is not None:
        _gate(outcome.folder, outcome.manifest, thresholds, baseline, tracking_uri, inconclusive)


def check_traces(traces: str) -> None:
    """``--traces`` (``golive run`` and ``golive score``): InputError naming the choices.

    Example:
        >>> check_traces("failed")
    """
    from golive.errors import InputError

    if traces not in ("all", "failed", "none"):
        raise InputError(f"unknown --traces {traces!r}", field="--traces",
                         hint="use all, failed or none")


def _sigterm_ends_the_run() -> None:
    """SIGTERM (CI cancelling a job) unwinds like Ctrl-C: the MLflow run is ended KILLED,
    the folder's lock released; by default Python would die without either."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))


def _print_outcome(outcome: RunOutcome) -> None:
    from golive.reports.markdown import append_step_summary
    from golive.results.run_folder import COST_FILE, REPORT_FILE, RunFolder

    print(outcome.summary)
    if outcome.stopped:
        print(f"warning: {outcome.stopped}", file=sys.stderr)
    folder = RunFolder(outcome.folder)
    print(f"results: {folder.results_path}")
    print(f"report:  {folder.file(REPORT_FILE)}")
    cost = outcome.cost
    if cost.get("total_tokens"):
        print(f"cost:    ${cost['total_usd']:.4f}, {cost['total_tokens']} tokens ({folder.file(COST_FILE)})")
    if outcome.manifest.mlflow_run_id:
        print(f"mlflow:  run {outcome.manifest.mlflow_run_id} in {outcome.manifest.tracking_uri}")
    sys.stdout.flush()
    append_step_summary(outcome.summary)


def _gate(folder: Path, manifest: Manifest, thresholds: Path | None, baseline: str | None,
          tracking_uri: str | None, inconclusive: str) -> None:
    from golive.cli.gate import finish, gate_run

    outcome = gate_run(folder, thresholds, baseline, tracking_uri or manifest.tracking_uri)
    if manifest.mlflow_run_id and manifest.tracking_uri:
        from golive.gate.record import GATE_FILE
        from golive.results.run_folder import REPORT_FILE
        from golive.tracking.artifacts import record_gate

        # Only a real pass (not an inconclusive one) becomes a candidate for latest-passing;
        # report.html was rewritten to open with the verdict, so MLflow gets it again.
        record_gate(manifest.tracking_uri, manifest.mlflow_run_id, outcome.verdict.value, folder,
                    [GATE_FILE, REPORT_FILE])
    raise typer.Exit(finish(outcome, inconclusive))


def register(app: typer.Typer) -> None:
    """Add ``run`` to the CLI."""
    app.command("run")(run)
