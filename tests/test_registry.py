"""One registry keyed by (kind, name): every extension point, and the error for a typo."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from golive import registry
from golive.errors import InputError
from golive.evaluators import evaluate_episode
from golive.harness.toolkits import tools_for
from golive.personas.simulator import get_simulator
from golive.reports import REPORT

KINDS = ["agent", "evaluator", "log_reader", "mutation", "report", "rule", "simulator", "tool", "toolkit"]


def test_every_extension_point_is_a_kind_of_the_one_registry() -> None:
    found = registry.registered()
    assert sorted(found) == KINDS
    assert found["evaluator"] == ["accuracy", "contact_centre", "experience", "guardrails", "handoff"]
    assert found["agent"] == ["http", "openai", "prompted", "python"]
    assert {"llm", "scripted"} <= set(found["simulator"])  # tests may add their own
    assert {"html", "summary", "junit", "audit_csv"} <= set(found["report"])
    assert "identity.claims_human" in found["rule"] and "orders" in found["toolkit"]
    assert "issue_refund" in found["tool"]
    assert {"drop_transfer", "claims_human", "empty_reply"} <= set(found["mutation"])


@pytest.mark.parametrize(("kind", "name", "message", "valid"), [
    ("evaluator", "tone", "evaluators: unknown evaluator 'tone'",
     "registered evaluators: accuracy, contact_centre, experience, guardrails, handoff"),
    ("agent", "grpc", "type: unknown agent kind 'grpc'",
     "registered agent kinds: http, openai, prompted, python"),
    ("report", "pdf", "unknown report format 'pdf'", "registered report formats: audit_csv,"),
    ("rule", "pii.carrd", "unknown guardrail rule 'pii.carrd'", "pii.card_number"),
    ("mutation", "swap", "unknown mutation operator 'swap'",
     "registered mutation operators: blame_dismissive, blank_summary,"),
])
def test_an_unknown_name_lists_the_valid_ones(kind: str, name: str, message: str,
                                              valid: str) -> None:
    with pytest.raises(InputError) as caught:
        registry.get(kind, name)
    text = str(caught.value)
    assert text.startswith(message)
    hint = text.split("\n  hint: ", 1)[1]
    assert hint.startswith(valid) or f", {valid}," in hint


def test_an_unknown_kind_lists_the_kinds() -> None:
    with pytest.raises(InputError) as caught:
        registry.register("scorer", "x", object())
    assert str(caught.value) == ("unknown registry kind 'scorer'\n"
                                 f"  hint: kinds: {', '.join(KINDS)}")


def test_the_lookups_of_each_kind_go_through_the_registry() -> None:
    with pytest.raises(InputError) as caught:
        evaluate_episode(None, ["tone"])  # type: ignore[arg-type]
    assert "registered evaluators: accuracy, contact_centre, experience, guardrails, handoff" in str(caught.value)
    with pytest.raises(InputError) as caught:
        get_simulator("scriptd")
    assert "unknown simulator 'scriptd'\n  hint: use one of [" in str(caught.value)
    assert "'llm', 'scripted'] or a litellm model string" in str(caught.value)
    with pytest.raises(InputError) as caught:
        tools_for(["order"])
    assert "unknown tool or kit 'order'" in str(caught.value)
    assert "hint: kits: accounts, address, cancel, cards," in str(caught.value)
    assert "; tools: " in str(caught.value)


def test_a_registration_replaces_a_built_in_of_the_same_name_and_can_be_undone() -> None:
    original = REPORT.get("junit")
    version = REPORT.version
    try:
        replacement = registry.register("report", "junit", original)
        assert registry.get("report", "junit") is replacement and REPORT.version > version
    finally:
        REPORT.add("junit", original)
    assert REPORT.get("junit") is original


def test_plugins_load_lazily_and_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = tmp_path / "counter_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: counter-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[golive.plugins]\ncounter = golive_counter:setup\n")
    (tmp_path / "golive_counter.py").write_text(
        "from golive import registry\nCALLS = []\n\n"
        "def setup():\n    CALLS.append(1)\n"
        "    registry.register('mutation', 'counted', object())\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with registry.scoped():
        monkeypatch.setitem(registry._plugins_state, "loaded", False)
        assert "golive_counter" not in sys.modules  # nothing happens at install or import
        assert "counted" in registry.kind("mutation")  # the first read loads every plugin
        registry.get("evaluator", "accuracy")
        registry.registered()
        assert sys.modules["golive_counter"].CALLS == [1]  # ... once
    assert "counted" not in registry.kind("mutation")
