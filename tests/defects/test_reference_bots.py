"""The reference bots stay honest on every bundled suite: acme_v2 passes everything, acme_v1
fails for its planted reasons, and neither says anything broken ("arriving None", "{x}")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from golive.harness.rehearsal import RunConfig, run_suite
from golive.results.io import read_results
from golive.results.models import EpisodeResult, Speaker

PACKS = ("demo", "retail", "telecom", "banking")
BROKEN = re.compile(r"\bNone\b|\{\w*\}|\bnan\b|\bnull\b")
#: What acme_v1 is built to get wrong (its module docstring) and what follows from it: the
#: refunds and changes it never made leave the fixtures wrong and the facts unsaid.
PLANTED = ("handoff.missed", "commitment.", "accuracy.unbacked_claim", "accuracy.forbidden_claim",
           "accuracy.tool_call_missing", "accuracy.end_state", "accuracy.fact_missing",
           "identity.", "tone.")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], list[EpisodeResult]]:
    out = tmp_path_factory.mktemp("bots")
    found = {}
    for pack in PACKS:
        for bot in ("acme_v1", "acme_v2"):
            outcome = run_suite(RunConfig(suite=Path(f"pack:{pack}"), agent=bot, mlflow=False, quiet=True,
                                          out=out / f"{pack}-{bot}"))
            found[(pack, bot)] = list(read_results(outcome.folder / "results.jsonl"))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("pack", PACKS)
def test_acme_v2_passes_every_episode(runs, pack: str) -> None:  # type: ignore[no-untyped-def]
    failed = [(r.scenario_id, [f.rule_id for f in r.findings if f.severity.value != "minor"])
              for r in runs[(pack, "acme_v2")] if not r.passed]
    assert failed == []


@pytest.mark.slow
@pytest.mark.parametrize("pack", PACKS)
def test_acme_v1_fails_only_for_planted_reasons(runs, pack: str) -> None:  # type: ignore[no-untyped-def]
    results = runs[(pack, "acme_v1")]
    assert any(not r.passed for r in results)
    serious = {f.rule_id for r in results for f in r.findings if f.severity.value != "minor"}
    assert serious and all(rule.startswith(PLANTED) for rule in serious), sorted(serious)


@pytest.mark.slow
@pytest.mark.parametrize("bot", ["acme_v1", "acme_v2"])
def test_no_reply_carries_a_template_bug(runs, bot: str) -> None:  # type: ignore[no-untyped-def]
    broken = [t.text for pack in PACKS for r in runs[(pack, bot)] for t in r.transcript.turns
              if t.speaker is Speaker.AGENT and BROKEN.search(t.text)]
    assert broken == []
