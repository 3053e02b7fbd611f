"""``golive rules``: the guardrail rule library, and each rule's precision and recall."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def rules(
    calibration: Annotated[Optional[Path], typer.Option(help="Your own labelled set (YAML, same shape as the bundled one).")] = None,  # noqa: UP045
    team: Annotated[Optional[Path], typer.Option("--rules", help="A team rules file to include.")] = None,  # noqa: UP045
    judge: Annotated[Optional[str], typer.Option(help="Judge model MODEL[@BASE_URL]: also measure judge rules.")] = None,  # noqa: UP045
) -> None:
    """List every guardrail rule with its precision and recall on the calibration set."""
    from golive.errors import InputError
    from golive.evaluators.calibration import load_calibration, measure, table
    from golive.evaluators.rules import from_spec, load_rules_file, register_rule

    try:
        if team is not None:
            for spec in load_rules_file(team):
                register_rule(from_spec(spec))
        items = load_calibration(calibration)
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
    print(f"\n{len(items)} labelled conversations; – means nothing to divide by{skipped}.")


def register(app: typer.Typer) -> None:
    """Add ``rules`` to the CLI."""
    app.command("rules")(rules)
