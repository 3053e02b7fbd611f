"""JUnit XML: one test case per episode, failures carrying the findings.

CI systems (GitHub, GitLab, Jenkins) show these natively. Agent errors are ``<error>``;
a failed episode is a ``<failure>`` whose message names what failed it (its worst
critical or major finding first) and whose text lists its findings, critical first.

Example:
    >>> '<testsuites' in junit_xml("demo", [])
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from golive.results.models import EpisodeResult, Finding, Severity, Termination

_ERRORS = (Termination.AGENT_ERROR, Termination.SIMULATOR_ERROR)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _is_error(result: EpisodeResult) -> bool:
    return result.error is not None or result.termination in _ERRORS


_RANK = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}


def worst_first(findings: Sequence[Finding]) -> list[Finding]:
    """Findings critical first, then major, then minor (stable within a severity)."""
    return sorted(findings, key=lambda f: _RANK[f.severity])


def failure_reason(result: EpisodeResult) -> str:
    """What failed the episode, in one line: its worst critical or major finding, else the
    handoff outcome or accuracy that did.

    Example:
        >>> from golive.results.models import Transcript
        >>> r = EpisodeResult(episode_id="e", scenario_id="s", persona_id="p", repeat=0,
        ...     seed=1, termination=Termination.MAX_TURNS, transcript=Transcript(),
        ...     scores={"accuracy.passed": 0.0}, findings=[], passed=False)
        >>> failure_reason(r)
        'accuracy checks failed (accuracy.score n/a)'
    """
    serious = [f for f in worst_first(result.findings) if f.severity is not Severity.MINOR]
    if serious:
        f = serious[0]
        where = f"turn {f.turn}" if f.turn is not None else "episode"
        more = f" (+{len(serious) - 1} more)" if len(serious) > 1 else ""
        return f"{f.severity.value} {f.rule_id} at {where}: {f.explanation}{more}"
    if result.handoff_outcome is not None and result.handoff_outcome.value not in ("on_time", "correctly_none"):
        return f"handoff {result.handoff_outcome.value}"
    if result.scores.get("accuracy.passed", 1.0) < 1.0:
        score = result.scores.get("accuracy.score")
        return f"accuracy checks failed (accuracy.score {'n/a' if score is None else f'{score:g}'})"
    return f"termination {result.termination.value}"


def _failure_text(result: EpisodeResult) -> str:
    lines = [f"termination: {result.termination.value}"]
    if result.handoff_outcome is not None:
        lines.append(f"handoff: {result.handoff_outcome.value}")
    for name in ("accuracy.score", "accuracy.passed"):
        if name in result.scores:
            lines.append(f"{name}: {result.scores[name]:g}")
    for f in worst_first(result.findings):
        turn = f"turn {f.turn}" if f.turn is not None else "episode"
        lines.append(f"[{f.severity.value}] {f.rule_id} ({turn}): {f.explanation} — \"{f.evidence}\"")
    return "\n".join(lines)


def _case(result: EpisodeResult) -> ET.Element:
    case = ET.Element("testcase", {
        "classname": f"golive.{result.scenario_id}",
        "name": f"{result.persona_id}#{result.repeat} [{result.episode_id}]",
        "time": "0",
    })
    if _is_error(result):
        message = result.error.message if result.error else result.termination.value
        kind = f"{result.error.source}.{result.error.kind}" if result.error else "error"
        node = ET.SubElement(case, "error", {"message": message[:500], "type": kind})
        node.text = _failure_text(result)
    elif not result.passed:
        node = ET.SubElement(case, "failure", {
            "message": failure_reason(result)[:500], "type": "golive.episode",
        })
        node.text = _failure_text(result)
    return case


@dataclass
class _Pairing:
    """What one scenario × persona's case needs: counts and its failures' texts only
    (holding every repeat's transcript would make big runs' memory grow with their size)."""

    scenario_id: str
    persona_id: str
    runs: int = 0
    failed: list[tuple[bool, str]] = field(default_factory=list)  # (is error, text)
    worst: tuple[int, str] | None = None  # (rank, reason) of the worst failed repeat

    def add(self, result: EpisodeResult) -> None:
        self.runs += 1
        if not result.passed:
            text = f"repeat {result.repeat} [{result.episode_id}]\n{_failure_text(result)}"
            self.failed.append((_is_error(result), text))
            ranked = [_RANK[f.severity] for f in result.findings if f.severity is not Severity.MINOR]
            reason = (result.error.message if result.error else failure_reason(result))
            rank = -1 if _is_error(result) else min(ranked, default=3)
            if self.worst is None or rank < self.worst[0]:
                self.worst = (rank, f"{reason} (repeat {result.repeat})")

    def case(self) -> ET.Element:
        """One case for every repeat: it passes only if all passed (pass^k)."""
        case = ET.Element("testcase", {
            "classname": f"golive.{self.scenario_id}",
            "name": f"{self.persona_id} ×{self.runs}", "time": "0",
        })
        if self.failed:
            kind = "error" if all(err for err, _ in self.failed) else "failure"
            node = ET.SubElement(case, kind, {
                "message": (f"{len(self.failed)} of {self.runs} repeats failed; worst: "
                            f"{self.worst[1] if self.worst else 'unknown'}")[:500],
                "type": "golive.repeats",
            })
            node.text = "\n\n".join(text for _, text in self.failed)
        return case


def by_pairing(results: Sequence[EpisodeResult]) -> list[ET.Element]:
    """Test cases grouped by scenario × persona, in first-seen order."""
    groups: dict[tuple[str, str], _Pairing] = {}
    for result in results:
        key = (result.scenario_id, result.persona_id)
        groups.setdefault(key, _Pairing(*key)).add(result)
    return [group.case() for group in groups.values()]


def junit_xml(suite_name: str, results: Sequence[EpisodeResult], group_repeats: bool = False) -> str:
    """The whole document as a string (UTF-8, with an XML declaration).

    ``group_repeats`` makes one case per scenario × persona instead of one per episode.
    """
    if group_repeats:
        return _document(suite_name, by_pairing(results))
    return _document(suite_name, [_case(r) for r in results])


def _document(suite_name: str, cases: list[ET.Element]) -> str:
    errors = sum(c.find("error") is not None for c in cases)
    failures = sum(c.find("failure") is not None for c in cases)
    root = ET.Element("testsuites", {"name": "golive", "tests": str(len(cases)),
                                     "failures": str(failures), "errors": str(errors)})
    suite = ET.SubElement(root, "testsuite", {
        "name": suite_name, "tests": str(len(cases)), "failures": str(failures),
        "errors": str(errors), "skipped": "0", "time": "0",
    })
    suite.extend(cases)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode")
    # ElementTree writes control characters as they are, which no XML parser accepts: a
    # bot's reply with a \x1b or \x00 in it would make the whole file unreadable in CI.
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _XML_ILLEGAL.sub("", text) + "\n"
