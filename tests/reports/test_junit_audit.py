"""JUnit XML validates against the schema CI systems read; the audit round-trips decisions."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from golive.errors import InputError
from golive.reports.audit import AUDIT_COLUMNS, Decision, audit_csv, audit_html, read_decisions
from golive.reports.junit import junit_xml
from golive.results.io import read_results
from golive.results.models import EpisodeError, EpisodeResult, Termination

SCHEMA = Path(__file__).parent / "data" / "junit.xsd"


def test_junit_validates_and_has_one_case_per_episode(v1: list[EpisodeResult]) -> None:
    crashed = v1[0].model_copy(update={
        "termination": Termination.AGENT_ERROR, "passed": False,
        "error": EpisodeError(source="agent", kind="crash", message="boom <&>"),
    })
    text = junit_xml("demo", [crashed, *v1[1:]])
    xmlschema.XMLSchema(str(SCHEMA)).validate(text)
    root = ET.fromstring(text.encode())
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(v1)
    failures = root.findall(".//failure")
    assert len(failures) == sum(not r.passed for r in v1[1:])
    assert len(root.findall(".//error")) == 1
    suite = root.find("testsuite")
    assert suite is not None and suite.get("failures") == str(len(failures))


def test_junit_failures_carry_the_findings(v1: list[EpisodeResult]) -> None:
    failed = next(r for r in v1 if r.findings)
    root = ET.fromstring(junit_xml("demo", [failed]).encode())
    body = root.findtext(".//failure") or ""
    for finding in failed.findings:
        assert finding.rule_id in body


def test_audit_csv_lists_every_finding_with_context(v1: list[EpisodeResult]) -> None:
    rows = list(csv.DictReader(io.StringIO(audit_csv(v1))))
    assert len(rows) == sum(len(r.findings) for r in v1) > 0
    assert tuple(rows[0]) == AUDIT_COLUMNS
    assert rows[0]["severity"] == "critical"
    assert all(r["context"] and r["decision"] == "" for r in rows)
    page = audit_html("demo", v1)
    assert page.count("<tr id=") == len(rows)


def test_audit_decisions_are_read_back_as_reviews(tmp_path: Path, v1: list[EpisodeResult]) -> None:
    rows = list(csv.DictReader(io.StringIO(audit_csv(v1))))
    rows[0].update(reviewer="rita", decision="confirmed", reason="promised money")
    rows[1].update(reviewer="rita", decision="False_Positive ", reason="quoted policy")
    path = tmp_path / "audit.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=AUDIT_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    decisions = read_decisions(path)
    assert [d.decision for d in decisions] == [Decision.CONFIRMED, Decision.FALSE_POSITIVE]
    assert decisions[1].reason == "quoted policy" and decisions[0].episode_id == rows[0]["episode_id"]
    assert decisions[0].rule_id == rows[0]["rule_id"] and decisions[0].reviewer == "rita"
    # Exported again with these decisions standing, the CSV shows them; read back, none is new.
    again = list(csv.DictReader(io.StringIO(audit_csv(v1, decisions))))
    assert (again[1]["decision"], again[1]["reason"]) == ("false_positive", "quoted policy")
    path.write_text(audit_csv(v1, decisions), encoding="utf-8")
    assert read_decisions(path, decisions) == []


def test_an_older_csv_with_a_note_column_still_imports(tmp_path: Path) -> None:
    path = tmp_path / "audit.csv"
    path.write_text("finding_id,episode_id,rule_id,turn,reviewer,decision,note\n"
                    "e:0,e,tone.x,3,rita,accepted_risk,known and scheduled\n", encoding="utf-8")
    (review,) = read_decisions(path)
    assert (review.turn, review.reason) == (3, "known and scheduled")


def test_an_unknown_decision_names_the_line_and_the_choices(tmp_path: Path) -> None:
    path = tmp_path / "audit.csv"
    path.write_text("finding_id,episode_id,rule_id,reviewer,reason,decision\n"
                    "e:0,e,r,rita,why,confirmed\ne:1,e,r,rita,why,maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_decisions(path)
    message = str(caught.value)
    assert f"{path}:3: decision: unknown decision 'maybe'" in message
    assert "false_positive" in message


def test_an_audit_file_without_the_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing column\(s\) \['decision', 'finding_id'\]"):
        read_decisions(path)


def test_junit_with_repeats_has_one_case_per_pairing(v1: list[EpisodeResult]) -> None:
    repeated = [r.model_copy(update={"episode_id": f"{r.episode_id}-{k}", "repeat": k,
                                     "passed": r.passed or k == 1})
                for r in v1 for k in range(3)]
    text = junit_xml("demo", repeated, group_repeats=True)
    xmlschema.XMLSchema(str(SCHEMA)).validate(text)
    root = ET.fromstring(text.encode())
    assert len(root.findall(".//testcase")) == len(v1)
    failure = root.find(".//failure")
    assert failure is not None
    assert failure.get("message", "").startswith("2 of 3 repeats failed; worst: critical ")


def test_a_failure_message_names_the_finding_that_failed_the_episode_critical_first(
    run_folders: dict[str, Path], tmp_path: Path,
) -> None:
    # As CI shows it: the junit.xml `golive run` wrote, rebuilt with `golive report`.
    from tests.conftest import run_cli

    folder = run_folders["acme_v1"]
    assert run_cli(["report", str(folder), "--no-step-summary"], tmp_path).returncode == 0
    root = ET.parse(folder / "junit.xml").getroot()
    results = {r.episode_id: r for r in read_results(folder / "results.jsonl")}
    checked = 0
    for case in root.iter("testcase"):
        failure = case.find("failure")
        if failure is None:
            continue
        result = results[case.get("name", "").split("[")[1].rstrip("]")]
        message = failure.get("message", "")
        severities = [f.severity.value for f in result.findings]
        if "critical" in severities:
            first_critical = next(f for f in result.findings if f.severity.value == "critical")
            assert message.startswith(f"critical {first_critical.rule_id} at "), message
            checked += 1
        body = failure.text or ""
        listed = [line.split("]")[0].strip("[") for line in body.splitlines() if line.startswith("[")]
        assert listed == sorted(listed, key=["critical", "major", "minor"].index), body
    assert checked >= 3  # acme_v1 fails several episodes on a critical finding
