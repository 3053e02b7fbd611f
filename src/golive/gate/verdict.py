"""The gate's answer: pass, fail or inconclusive, each check with its reason.

Unknown is not pass: a threshold whose metric is missing, a run with nothing scored, an
unfinished run, too many simulator or judge errors, or a baseline interval that cannot
decide make the verdict ``inconclusive`` (exit 4), never ``pass``. A failed check wins over
an inconclusive one: what was measured already failed.

Example:
    >>> result = GateResult()
    >>> result.add(Verdict.INCONCLUSIVE, "reliability.pass_hat_3 >= 0.8: not measured")
    >>> result.verdict, exit_code(result.verdict)
    (<Verdict.INCONCLUSIVE: 'inconclusive'>, 4)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

#: What every verdict exits with; 2 (bad input) and 3 (unreachable) come from errors.
EXIT_PASS, EXIT_FAIL, EXIT_INCONCLUSIVE = 0, 1, 4


class Verdict(StrEnum):
    """The gate's answer; the CLI maps it to exit 0, 1 or 4."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"


def exit_code(verdict: Verdict, inconclusive_as: Verdict = Verdict.INCONCLUSIVE) -> int:
    """The process exit code for ``verdict``; ``inconclusive_as`` lets a team choose 0 or 1."""
    if verdict is Verdict.INCONCLUSIVE:
        verdict = inconclusive_as
    return {Verdict.PASS: EXIT_PASS, Verdict.FAIL: EXIT_FAIL}.get(verdict, EXIT_INCONCLUSIVE)


@dataclass(frozen=True)
class Reason:
    """One line of a verdict: a check's outcome (``None``: a note that decides nothing)."""

    outcome: Verdict | None
    text: str

    def line(self) -> str:
        """How the terminal shows it."""
        label = {Verdict.FAIL: "FAIL", Verdict.INCONCLUSIVE: "INCONCLUSIVE",
                 Verdict.PASS: "ok  ", None: "note"}[self.outcome]
        return f"  {label} {self.text}"


@dataclass
class GateResult:
    """Every check with its outcome, the overall verdict, and what was compared."""

    reasons: list[Reason] = field(default_factory=list)
    baseline: str | None = None  # the run compared against, as the user can find it again

    def add(self, outcome: Verdict | None, text: str) -> None:
        """Record one check (or a note, with ``outcome=None``)."""
        self.reasons.append(Reason(outcome, text))

    def _texts(self, outcome: Verdict | None) -> list[str]:
        return [r.text for r in self.reasons if r.outcome is outcome]

    @property
    def passed(self) -> list[str]:
        """Checks that held."""
        return self._texts(Verdict.PASS)

    @property
    def failed(self) -> list[str]:
        """Checks that failed."""
        return self._texts(Verdict.FAIL)

    @property
    def inconclusive(self) -> list[str]:
        """Checks that could not be decided."""
        return self._texts(Verdict.INCONCLUSIVE)

    @property
    def notes(self) -> list[str]:
        """Lines that inform without deciding."""
        return self._texts(None)

    @property
    def verdict(self) -> Verdict:
        """Fail when any check failed, else inconclusive when any could not decide, else pass."""
        if self.failed:
            return Verdict.FAIL
        if self.inconclusive:
            return Verdict.INCONCLUSIVE
        return Verdict.PASS

    def render(self) -> str:
        """The verdict line, then one line per reason: failures, undecided, notes, passes."""
        counts = (f"{len(self.failed)} failed, {len(self.inconclusive)} inconclusive, "
                  f"{len(self.passed)} passed")
        lines = [f"gate: {self.verdict.value.upper()} ({counts})"]
        order = (Verdict.FAIL, Verdict.INCONCLUSIVE, None, Verdict.PASS)
        for outcome in order:
            lines += [r.line() for r in self.reasons if r.outcome is outcome]
        return "\n".join(lines)
