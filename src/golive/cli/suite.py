"""``golive suite from-logs LOGS``: a suite built from real conversations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

suite_app = typer.Typer(help="Build suites (from logs).", no_args_is_help=True)


@suite_app.command("from-logs")
def from_logs(
    logs: Annotated[list[str], typer.Argument(help="Log files (.jsonl, .csv, τ-bench .json) or mlflow:EXPERIMENT[@URI][#SESSION,...].")],
    out: Annotated[Path, typer.Option(help="New folder for suite.yaml, scenarios/, personas/ and clusters.md.")] = Path("suite-from-logs"),
    fmt: Annotated[Optional[str], typer.Option("--format", help="jsonl, csv, tau-bench or mlflow (default: sniffed per file).")] = None,  # noqa: UP045
    policy: Annotated[Optional[Path], typer.Option(help="What the business allows (policy file): judged and copied into every scenario.")] = None,  # noqa: UP045
    scenario: Annotated[Optional[Path], typer.Option(help="One scenario whose business side every cluster keeps.")] = None,  # noqa: UP045
    suite: Annotated[Optional[Path], typer.Option(help="A suite or pack:NAME: each cluster keeps the business side of its conversations' scenario.")] = None,  # noqa: UP045
    name: Annotated[str, typer.Option(help="The new suite's name.")] = "from-logs",
) -> None:
    """Cluster logged conversations by intent and outcome; write a suite that replays them.

    Offline and deterministic. Failing clusters come first in clusters.md, each with the
    conversations it came from; `golive validate` accepts the suite and `golive run` plays it.
    """
    from golive.errors import InputError
    from golive.harness.from_logs import build_suite
    from golive.harness.logged import LogScope

    given = [n for n, v in (("--policy", policy), ("--scenario", scenario), ("--suite", suite))
             if v is not None]
    if len(given) > 1:
        raise InputError(f"{' and '.join(given)} both given", field=given[1],
                         hint="build against one of --policy, --scenario or --suite")
    built = build_suite(logs, out, fmt=fmt, scope=LogScope(scenario, suite, policy), name=name)
    for cluster in built.clusters:
        state = "FAILING" if cluster.failing else "passing"
        ids = ", ".join(c.id for c, _, _ in cluster.members[:5])
        more = f" +{len(cluster.members) - 5}" if len(cluster.members) > 5 else ""
        typer.echo(f"{state:8} {cluster.id}: {len(cluster.members)} conversations ({ids}{more})")
    typer.echo(f"\nsuite:    {built.suite}\nclusters: {built.folder / 'clusters.md'}")
    typer.echo(f"play it:  golive run {built.suite} --agent YOUR_BOT")


def register(app: typer.Typer) -> None:
    """Add ``suite`` to the CLI."""
    app.add_typer(suite_app, name="suite")
