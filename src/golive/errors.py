"""golive's exceptions. Every message says what was wrong, where, and how to fix it.

    GoliveError
    ├── InputError            a file or option the user wrote is wrong (exit 2)
    │   ├── ValidationFailed  one file broke its schema: a list of InputErrors
    │   ├── ResumeMismatch    --resume found a folder made by a different run
    │   └── NoPassingRun      --baseline latest-passing found no passing run
    ├── UnreachableError      the agent or a model did not answer the preflight (exit 3)
    └── EpisodeFault          one call inside an episode failed; recorded on the episode,
        │                     never raised out of a run (exit 3 if it ever escapes)
        ├── AgentError        the candidate agent crashed, timed out or answered garbage
        ├── SimulatorError    the simulator gave no valid customer turn
        ├── JudgeFailed       the LLM judge gave no usable verdict
        ├── LLMError          a model call failed for good
        │   └── Transient     ... worth retrying (429, 5xx, timeout, connection)
        └── ToolRefused       a scenario tool would not do what was asked (told to the agent)

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


class NoPassingRun(InputError):
    """``latest-passing`` found no run tagged ``golive.gate=pass`` (a first run, say)."""


class EpisodeFault(GoliveError):
    """A failure inside one episode; the runner records it, the run goes on.

    ``kind`` names the failure (timeout, crash, malformed, ...) for the results file.
    """

    exit_code = 3

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


class AgentError(EpisodeFault):
    """The agent crashed, timed out or answered garbage; ``kind`` says which."""


class SimulatorError(EpisodeFault):
    """The simulator could not produce a valid customer turn (kept out of agent scores)."""

    def __init__(self, message: str = "", kind: str = "simulator") -> None:
        super().__init__(kind, message)


class JudgeFailed(EpisodeFault):
    """The judge gave no usable verdict; ``kind`` is malformed, unreachable, timeout..."""


class LLMError(EpisodeFault):
    """A model call failed for good; ``kind`` is rate_limit, server_error, timeout,
    unreachable, malformed, auth, bad_request, budget or error."""


class Transient(LLMError):
    """A failure worth retrying (429, 5xx, timeout, connection); may carry Retry-After."""

    def __init__(self, kind: str, message: str, retry_after: str | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(kind, message)


class ToolRefused(EpisodeFault):
    """The tool ran but would not do what was asked; the message goes back to the agent."""

    def __init__(self, message: str = "", kind: str = "refused") -> None:
        super().__init__(kind, message)
