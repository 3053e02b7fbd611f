"""A new suite folder to edit: the starter suite, or a copy of a bundled pack.

``write_starter(dest)`` writes a small suite that ``golive validate`` and ``golive run``
accept at once (two scenarios, three personas, one of whom asks for a person, a stub Python
bot, a gate file and a GitHub Actions workflow). ``copy_pack(name, dest)`` writes the same
around a bundled pack's scenarios and personas, copied so they can be edited. Neither ever
writes into a folder that already holds something.

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_starter(Path(tmp) / "suite")
    ...     sorted(p.name for p in written)[:3]
    ['README.md', 'angry-alex.yaml', 'bot.py']
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import yaml

from golive.errors import InputError
from golive.harness.suite import _library_files, _pack_files, bundled_packs

#: Template file in the package → where it goes in the new folder (names a wheel and the
#: test collector leave alone: the bot is not a module of golive, the workflow not hidden).
_RENAMED = {
    "bot.py.txt": "bot.py",
    "README.md.txt": "README.md",
    "workflow.yml": ".github/workflows/golive.yml",
}
#: What a pack copy takes from the starter: everything but its own suite and examples.
_AROUND_A_PACK = ("bot.py.txt", "gate.yaml", "workflow.yml")


def _starter() -> Traversable:
    return resources.files("golive.scenarios").joinpath("starter")


def check_empty(dest: Path) -> None:
    """Refuse a folder that exists and holds anything: ``init`` never overwrites a file.

    Example:
        >>> check_empty(Path("/proc"))
        Traceback (most recent call last):
        ...
        golive.errors.InputError: /proc: /proc already exists and is not empty; golive init never overwrites files
          hint: name a new folder: golive init my-suite
    """
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InputError(
            f"{dest} already exists and is not empty; golive init never overwrites files",
            file=str(dest),
            hint="name a new folder: golive init my-suite",
        )


def write_starter(dest: Path) -> list[Path]:
    """Write the starter suite into ``dest`` (new or empty); returns the files written."""
    check_empty(dest)
    written: list[Path] = []
    for source, relative in _walk(_starter(), ""):
        written.append(_copy(source, dest / _RENAMED.get(relative, relative)))
    return written


def copy_pack(name: str, dest: Path) -> list[Path]:
    """Copy bundled pack ``name`` (its scenarios, shared ``pack.yaml`` and personas) into
    ``dest`` with the starter's bot, gate and workflow; returns the files written."""
    if name not in bundled_packs():
        raise InputError(
            f"no bundled pack {name!r}",
            field="--from-pack",
            hint=f"bundled packs: {', '.join(bundled_packs())}",
        )
    check_empty(dest)
    pack = resources.files("golive.scenarios").joinpath("packs", name)
    suite = yaml.safe_load(pack.joinpath("suite.yaml").read_text(encoding="utf-8"))
    written = [_copy(f, dest / "scenarios" / f.name) for f in _pack_files(name)]
    if pack.joinpath(
        "pack.yaml"
    ).is_file():  # shared business and fixtures, found beside scenarios/
        written.append(_copy(pack.joinpath("pack.yaml"), dest / "pack.yaml"))
    for ref in suite["personas"]:
        files = _library_files(ref.removeprefix("library:")) if ref.startswith("library:") else []
        written += [_copy(f, dest / "personas" / f.name) for f in files]
    for source in _AROUND_A_PACK:
        written.append(_copy(_starter().joinpath(source), dest / _RENAMED.get(source, source)))
    suite.update(scenarios=["scenarios/*.yaml"], personas=["personas/*.yaml"], agent="bot:respond")
    header = (
        f"# Copied from golive's bundled pack:{name} by `golive init --from-pack {name}`.\n"
        "# Every field: docs/reference/suite.md in golive's repository.\n"
    )
    body = yaml.safe_dump(suite, sort_keys=False, allow_unicode=True)
    written.append(dest / "suite.yaml")
    written[-1].write_text(header + body, encoding="utf-8")
    return written


def _walk(folder: Traversable, prefix: str) -> list[tuple[Traversable, str]]:
    found: list[tuple[Traversable, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.startswith(("_", ".")):
            continue
        relative = f"{prefix}{entry.name}"
        found += _walk(entry, relative + "/") if entry.is_dir() else [(entry, relative)]
    return found


def _copy(source: Traversable, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return target
