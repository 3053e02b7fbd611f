"""YAML files with line numbers, checked against golive's JSON Schemas, then parsed.

Errors from jsonschema and from pydantic are both mapped back to the line of the field
they name, so a user sees ``suite.yaml:7: personas.2: ...`` and not a stack trace.

Files are user input and parsed with limits (each an ``InputError``, exit 2, naming the
file): at most ``MAX_FILE_BYTES`` of UTF-8 text (no NUL bytes, not a directory), nesting at
most ``MAX_DEPTH`` deep, and at most ``MAX_NODES`` values once aliases are expanded, so a
1 KB "billion laughs" alias bomb fails in milliseconds instead of eating gigabytes.
``GOLIVE_MAX_FILE_BYTES`` raises the size limit.
"""

from __future__ import annotations

import difflib
import json
import os
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import yaml
from pydantic import BaseModel, ValidationError

from golive.errors import InputError, ValidationFailed

M = TypeVar("M", bound=BaseModel)
PathKey = tuple[str | int, ...]


MAX_FILE_BYTES = 5_000_000  # a suite of thousands of scenarios is well under 1 MB
MAX_DEPTH = 50
MAX_NODES = 200_000  # values after alias expansion


def max_file_bytes() -> int:
    """The size limit for one YAML file (``GOLIVE_MAX_FILE_BYTES`` overrides it)."""
    try:
        return int(os.environ.get("GOLIVE_MAX_FILE_BYTES", MAX_FILE_BYTES))
    except ValueError:
        return MAX_FILE_BYTES


def read_text_file(path: Path | Traversable, what: str = "file") -> str:
    """A user's text file, or InputError (exit 2) naming it: missing, a directory, too large,
    binary or not UTF-8.

    Example:
        >>> read_text_file(Path("/"))
        Traceback (most recent call last):
        ...
        golive.errors.InputError: /: is a directory, not a YAML file
          hint: name the file inside it, e.g. //suite.yaml
    """
    source = str(path)
    if path.is_dir():
        raise InputError("is a directory, not a YAML file", file=source,
                         hint=f"name the file inside it, e.g. {source}/suite.yaml")
    limit = max_file_bytes()
    if isinstance(path, Path):
        try:
            size = path.stat().st_size
        except FileNotFoundError as exc:
            raise InputError(f"no such {what}: {path}", file=source) from exc
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror}", file=source) from exc
        if size > limit:
            raise _too_large(source, size, limit)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"no such {what}: {path}", file=source) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=source) from exc
    if len(data) > limit:
        raise _too_large(source, len(data), limit)
    return decode_text(data, source)


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text from ``data``, or InputError naming the line of the first bad byte."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"a binary file, not YAML text (NUL byte at offset {nul})", file=source,
                         line=data.count(b"\n", 0, nul) + 1, hint="pass a .yaml text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})", file=source,
            line=data.count(b"\n", 0, exc.start) + 1, hint="save the file as UTF-8",
        ) from exc


def _too_large(source: str, size: int, limit: int) -> InputError:
    return InputError(
        f"file is {size} bytes, over golive's limit of {limit} bytes for one YAML file",
        file=source,
        hint="split it into scenario and persona files, or raise GOLIVE_MAX_FILE_BYTES",
    )


def parse_yaml(text: str, source: str) -> tuple[Any, dict[PathKey, int]]:
    """Parse YAML, returning the data and a map from field path to 1-based line."""
    limit = max_file_bytes()
    if len(text) > limit:
        raise ValidationFailed([_too_large(source, len(text.encode("utf-8", "replace")), limit)])
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_size(node, source)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValidationFailed(
            [InputError(f"not valid YAML: {problem}", file=source, line=line)]
        ) from exc
    except RecursionError as exc:  # the composer recurses once per nesting level
        raise ValidationFailed([_too_deep(source, None)]) from exc
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return data, lines


def _too_deep(source: str, line: int | None) -> InputError:
    return InputError(f"nested more than {MAX_DEPTH} levels deep", file=source, line=line,
                      hint="golive files are a few levels deep; is this the right file?")


def _check_size(root: yaml.Node, source: str) -> None:
    """Refuse trees too deep or too big once aliases are expanded, without expanding them.

    Each distinct node is visited once (aliases share nodes), so a file that expands to
    billions of values is measured in time linear in its length.
    """
    expanded: dict[int, int] = {}
    depth: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in expanded and not children_done:
            continue  # an alias of a node already measured
        children = _children(node)
        if not children_done:
            if any(expanded.get(id(c)) == -1 for c in children):
                raise ValidationFailed([InputError(
                    "an alias refers to a block that contains it (a recursive structure)",
                    file=source, line=node.start_mark.line + 1, hint="remove the alias")])
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in expanded)
            expanded.setdefault(key, -1)
            continue
        size = 1 + sum(max(expanded.get(id(c), 0), 0) for c in children)
        levels = 1 + max((depth.get(id(c), 0) for c in children), default=0)
        expanded[key], depth[key] = size, levels
        if levels > MAX_DEPTH:
            raise ValidationFailed([_too_deep(source, node.start_mark.line + 1)])
        if size > MAX_NODES:
            raise ValidationFailed([InputError(
                f"expands to more than {MAX_NODES} values once its aliases (*name) are "
                "followed: an alias bomb, or a file far larger than golive files are",
                file=source, line=node.start_mark.line + 1,
                hint="remove the nested aliases; anchors are fine for a few shared blocks",
            )])


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _index_lines(root: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    """Map each field path to its line, entering each node once (aliases are not followed)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, PathKey]] = [(root, path)]
    while stack:
        node, where = stack.pop()
        lines.setdefault(where, node.start_mark.line + 1)
        if id(node) in seen:
            continue  # an alias: its fields were indexed where the anchor is
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*where, str(key.value))
                lines[child] = key.start_mark.line + 1
                stack.append((value, child))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                stack.append((item, (*where, i)))


def line_of(lines: dict[PathKey, int], path: Sequence[str | int]) -> int | None:
    """The line of the deepest existing prefix of ``path``."""
    key: PathKey = tuple(path)
    while key not in lines and key:
        key = key[:-1]
    return lines.get(key)


def field_name(path: Sequence[str | int]) -> str:
    return ".".join(str(p) for p in path) or "(top level)"


@cache
def load_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema shipped in the package for ``kind`` (scenario, persona, suite...)."""
    text = resources.files("golive.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


#: Where the field reference lives (generated by tools/gen_reference.py).
REFERENCE = "docs/reference"
#: Fields people put in the wrong place, and where they belong.
MISPLACED: dict[tuple[str, str], str] = {
    ("policy", "refund_limit"): "the refund tools read their limit from "
    "`fixtures: {policy: {refund_limit: 100}}`; the guardrail's own limit is `policy.max_refund`",
    ("policy", "refund_window_days"): "the refund tools read it from "
    "`fixtures: {policy: {refund_window_days: 30}}`",
}


def schema_errors(data: Any, kind: str, source: str, lines: dict[PathKey, int]) -> list[InputError]:
    """Every schema violation in ``data``, each with file, line and field path."""
    validator = jsonschema.Draft202012Validator(load_schema(kind))
    found = [_from_schema_error(e, source, lines) for e in _leaf_errors(validator, data)]
    for error in found:  # where every field is described, with an example
        page = f"every {kind} field: {REFERENCE}/{kind}.md in golive's repository"
        error.hint = f"{error.hint}; {page}" if error.hint else page
    return sorted(found, key=lambda e: (e.line or 0, e.field or ""))


def _leaf_errors(validator: jsonschema.Draft202012Validator, data: Any) -> Iterator[Any]:
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        # anyOf/oneOf failures say "is not valid under any"; their sub-errors say why.
        if error.context:
            best = jsonschema.exceptions.best_match(error.context)
            yield best
        else:
            yield error


def _from_schema_error(error: Any, source: str, lines: dict[PathKey, int]) -> InputError:
    path = list(error.absolute_path)
    message, hint = error.message, None
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        if extra:
            path = [*path, extra[0]]
            close = difflib.get_close_matches(extra[0], allowed, n=1, cutoff=0.6)
            message = (f"unknown field {extra[0]!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
                       + (f" (and {extra[1:]})" if extra[1:] else ""))
            hint = f"allowed fields here: {', '.join(allowed)}"
            where = (str(path[-2]), str(path[-1])) if len(path) > 1 else None
            if where in MISPLACED:
                hint = f"{MISPLACED[where]}; {hint}"
    return InputError(
        message, file=source, line=line_of(lines, path), field=field_name(path), hint=hint
    )


def load_model(text: str, source: str, kind: str, model: type[M]) -> M:
    """Parse, schema-check and build ``model`` from YAML text, or raise ValidationFailed."""
    data, lines = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise ValidationFailed(
            [InputError(f"expected a mapping of fields for a {kind}", file=source, line=1)]
        )
    errors = schema_errors(data, kind, source, lines)
    if errors:
        raise ValidationFailed(errors)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed(
            [
                InputError(
                    err["msg"],
                    file=source,
                    line=line_of(lines, list(err["loc"])),
                    field=field_name(list(err["loc"])),
                )
                for err in exc.errors()
            ]
        ) from exc
