"""Against the bundled bots, the shared emotion rules move angry and frustrated customers
the right way: acme_v1 (no empathy, ignores requests for a person) makes them angrier,
acme_v2 (empathises, transfers) calms them. Issue 3, "Done when"."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.harness.rehearsal import RunConfig, run_suite
from golive.results import RunFolder
from golive.results.models import Speaker

UPSET = ("angry-alex", "frustrated-frank")


def _change_in_intensity(bot: str, out: Path) -> list[float]:
    outcome = run_suite(RunConfig(agent=bot, mlflow=False, quiet=True, out=out / bot))
    changes = []
    for result in RunFolder(outcome.folder).results():
        if result.persona_id in UPSET:
            felt = [t.emotion.intensity for t in result.transcript.turns
                    if t.speaker is Speaker.CUSTOMER and t.emotion is not None]
            changes.append(felt[-1] - felt[0])
    return changes


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("trend")


def test_acme_v1_makes_angry_and_frustrated_customers_angrier(out: Path) -> None:
    changes = _change_in_intensity("acme_v1", out)
    assert len(changes) == 10  # 5 demo scenarios x 2 personas
    assert sum(changes) / len(changes) > 0.1


def test_acme_v2_calms_them(out: Path) -> None:
    changes = _change_in_intensity("acme_v2", out)
    assert len(changes) == 10
    assert sum(changes) / len(changes) < 0
    assert sum(c < 0 for c in changes) > sum(c > 0 for c in changes)
