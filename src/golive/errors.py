"""golive's exceptions. Every message says what was wrong, where, and how to fix it.

    GoliveError
    ├── InputError            a file or option the user wrote is wrong (exit 2)
    │   ├── ValidationFailed  one file broke its schema: a list of InputErrors
    │   └── ResumeMismatch    --resume found a folder made by a different run
    └── UnreachableError      the agent or a model did not answer the preflight (exit 3)

Example:
    >>> str(InputError("must be a number", file="suite.yaml", line=3, field="seed"))
    'suite.yaml:3: seed: must be a number'
"""

from __future__ import annotations

from collections.abc import Sequence


class GoliveError(Exception):
    """Base class; ``exit_code`` is what the CLI returns for it."""

    exit_code = 2


class InputError(GoliveError):
    """Something a user wrote is wrong; names the file, line and field when known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file or ""
        if self.file and self.line is not None:
            where += f":{self.line}"
        parts = [p for p in (where, self.field) if p]
        text = ": ".join([*parts, self.message])
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class ValidationFailed(InputError):
    """A file broke its schema; ``errors`` holds one InputError per problem."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        self.errors = list(errors)
        super().__init__(
            "\n".join(str(e) for e in self.errors), file=self.errors[0].file if errors else None
        )

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class UnreachableError(GoliveError):
    """The candidate agent or a model did not answer."""

    exit_code = 3


class ResumeMismatch(InputError):
    """``--resume`` was pointed at a folder whose manifest differs from this run."""
