"""The ``golive`` command. Each subcommand lives in its own module and calls the public API.

Exit codes: 0 ok, 1 gate failed, 2 bad input or usage, 3 agent or model unreachable,
4 gate inconclusive (golive.gate.verdict).
"""

from __future__ import annotations

import sys

import typer

from golive.errors import GoliveError

app = typer.Typer(
    name="golive",
    help="Rehearse AI support agents against simulated customers before go-live.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from golive.cli import (
        audit,
        compare,
        demo,
        gate,
        init,
        insights,
        mutate,
        personas,
        realism,
        report,
        rescore,
        rules,
        run,
        score,
        shrink,
        suite,
        ui,
        validate,
    )

    modules = (run, validate, compare, demo, gate, report, audit, personas, rules, insights, shrink,
               mutate, rescore, score, suite, init, realism, ui)
    for module in modules:
        module.register(app)


def main() -> None:
    """Entry point: run the CLI and turn golive errors into messages and exit codes."""
    from golive._terminal import quiet_third_party

    quiet_third_party()  # before MLflow or litellm is imported; `golive run --verbose` undoes it
    _register()
    try:
        app()  # click's standalone mode prints usage errors and exits 2 by itself
    except GoliveError as exc:
        from golive._redact import redact

        print(f"error: {redact(str(exc))}", file=sys.stderr)
        sys.exit(exc.exit_code)
