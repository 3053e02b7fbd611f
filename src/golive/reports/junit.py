"""JUnit XML: one test case per episode, failures carrying the findings.

CI systems (GitHub, GitLab, Jenkins) show these natively. Agent errors are ``<error>``;
a failed episode is a ``<failure>`` whose text lists its findings.

Example:
    >>> '<testsuites' in junit_xml("demo", [])
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from golive.results.models import EpisodeResult, Termination

_ERRORS = (Termination.AGENT_ERROR, Termination.SIMULATOR_ERROR)


def _is_error(result: EpisodeResult) -> bool:
    return result.error is not None or result.termination in _ERRORS


def _failure_text(result: EpisodeResult) -> str:
    lines = [f"termination: {result.termination.value}"]
    if result.handoff_outcome is not None:
        lines.append(f"handoff: {result.handoff_outcome.value}")
    for name in ("accuracy.score", "accuracy.passed"):
        if name in result.scores:
            lines.append(f"{name}: {result.scores[name]:g}")
    for f in result.findings:
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
        worst = result.findings[0].rule_id if result.findings else result.termination.value
        node = ET.SubElement(case, "failure", {
            "message": f"{len(result.findings)} finding(s); first: {worst}", "type": "golive.episode",
        })
        node.text = _failure_text(result)
    return case


def junit_xml(suite_name: str, results: Sequence[EpisodeResult]) -> str:
    """The whole document as a string (UTF-8, with an XML declaration)."""
    errors = sum(_is_error(r) for r in results)
    failures = sum(not r.passed and not _is_error(r) for r in results)
    root = ET.Element("testsuites", {"name": "golive", "tests": str(len(results)),
                                     "failures": str(failures), "errors": str(errors)})
    suite = ET.SubElement(root, "testsuite", {
        "name": suite_name, "tests": str(len(results)), "failures": str(failures),
        "errors": str(errors), "skipped": "0", "time": "0",
    })
    for result in results:
        suite.append(_case(result))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
