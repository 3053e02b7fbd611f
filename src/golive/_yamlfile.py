"""YAML files with line numbers, checked against golive's JSON Schemas, then parsed.

Errors from jsonschema and from pydantic are both mapped back to the line of the field
they name, so a user sees ``suite.yaml:7: personas.2: ...`` and not a stack trace.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import jsonschema
import yaml
from pydantic import BaseModel, ValidationError

from golive.errors import InputError, ValidationFailed

M = TypeVar("M", bound=BaseModel)
PathKey = tuple[str | int, ...]


def parse_yaml(text: str, source: str) -> tuple[Any, dict[PathKey, int]]:
    """Parse YAML, returning the data and a map from field path to 1-based line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValidationFailed(
            [InputError(f"not valid YAML: {problem}", file=source, line=line)]
        ) from exc
    lines: dict[PathKey, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return data, lines


def _index_lines(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            _index_lines(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), lines)


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


def schema_errors(data: Any, kind: str, source: str, lines: dict[PathKey, int]) -> list[InputError]:
    """Every schema violation in ``data``, each with file, line and field path."""
    validator = jsonschema.Draft202012Validator(load_schema(kind))
    found = [_from_schema_error(e, source, lines) for e in _leaf_errors(validator, data)]
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
