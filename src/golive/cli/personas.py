"""``golive personas sample|list``: generated personas and the built-in library."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

personas_app = typer.Typer(help="Generate personas and browse the built-in library.",
                           no_args_is_help=True)


class Format(StrEnum):
    """How ``sample`` prints personas."""

    YAML = "yaml"
    JSON = "json"


def _document(data: dict[str, Any], comment: str) -> str:
    import yaml

    return f"# {comment}\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@personas_app.command("sample")
def sample(
    n: Annotated[int, typer.Option("--n", min=1, max=10_000, help="How many personas.")] = 10,
    seed: Annotated[int, typer.Option(help="Same seed, same personas.")] = 0,
    fmt: Annotated[Format, typer.Option("--format", help="yaml documents or JSON lines.")] = Format.YAML,
    out: Annotated[
        Path | None, typer.Option(help="Also write one YAML file per persona into this folder.")
    ] = None,
) -> None:
    """Print N generated personas (valid persona files) with a sample identity each."""
    from golive.personas.generate import generate_with_identities

    documents = []
    for persona, identity in generate_with_identities(n, seed):
        data = {"kind": "persona",
                **persona.model_dump(mode="json", exclude_defaults=True, exclude={"kind"})}
        comment = f"sample identity: {identity.name} <{identity.email}>, {identity.phone}"
        if fmt is Format.JSON:
            documents.append(json.dumps({**data, "sample_identity": identity.as_dict()},
                                        ensure_ascii=False))
        else:
            documents.append(_document(data, comment))
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{persona.id}.yaml").write_text(_document(data, comment), encoding="utf-8")
    typer.echo(("\n" if fmt is Format.JSON else "---\n").join(documents).rstrip("\n"))


@personas_app.command("list")
def list_library() -> None:
    """List the built-in persona library (use them in a suite as library:ID)."""
    from importlib import resources

    from golive.harness.suite import load_persona

    folder = resources.files("golive.personas").joinpath("library")
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if file.name.endswith(".yaml"):
            p = load_persona(file)
            traits = [v.value for v in p.vulnerabilities] + [a.value for a in p.adversarial]
            typer.echo(f"{p.id:20} {p.emotion.label.value:10} {p.emotion.intensity:4.2f} "
                       f"{p.locale:6} {', '.join(traits) or '-'}")


def register(app: typer.Typer) -> None:
    """Add ``personas`` to the CLI."""
    app.add_typer(personas_app, name="personas")
