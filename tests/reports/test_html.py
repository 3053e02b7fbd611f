"""The HTML report: charts, escaping, sampling, and a real headless Chromium opening it."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive.reports.charts import (
    emotion_chart,
    stakes_chart,
    stakes_matrix,
    tipping_chart,
    tipping_points,
)
from golive.reports.html import highlight, render_html, sample
from golive.results import RunFolder
from golive.results.metrics import aggregate
from golive.results.models import EpisodeResult, Finding, Severity, Speaker

CHROMIUM = "/usr/bin/chromium"
SCRIPT = "<script>document.title='pwned'</script>"


def with_injected_script(result: EpisodeResult) -> EpisodeResult:
    """An agent reply carrying a script, and a finding quoting it."""
    turns = list(result.transcript.turns)
    at = next(i for i, t in enumerate(turns) if t.speaker is Speaker.AGENT)
    turns[at] = turns[at].model_copy(update={"text": f"Sure. {SCRIPT} Done."})
    finding = Finding(evaluator="guardrails", rule_id="test.script", severity=Severity.CRITICAL,
                      turn=at, evidence=SCRIPT, explanation="quoted <b>markup</b>")
    transcript = result.transcript.model_copy(update={"turns": turns})
    return result.model_copy(update={"transcript": transcript, "passed": False,
                                     "findings": [*result.findings, finding]})


def test_emotion_chart_draws_one_line_per_persona(v1: list[EpisodeResult]) -> None:
    svg = emotion_chart(v1)
    assert svg.count('class="series"') == len({r.persona_id for r in v1})


def test_tipping_points_come_from_asked_and_gave_up_events(v1: list[EpisodeResult]) -> None:
    points = tipping_points(v1)
    kinds = {k for _, _, k in points}
    assert "asked" in kinds
    assert all(0 <= i <= 1 and turn >= 1 for turn, i, _ in points)
    assert tipping_chart(v1).count('class="point') == len(points)


def test_stakes_matrix_counts_every_scored_episode(v1: list[EpisodeResult]) -> None:
    grid = stakes_matrix(v1)
    assert sum(map(sum, grid)) == sum("accuracy.score" in r.scores for r in v1)
    assert stakes_chart(v1).count('class="cell"') == 9


def test_chart_labels_are_escaped(v1: list[EpisodeResult]) -> None:
    odd = [r.model_copy(update={"persona_id": "<img src=x onerror=alert(1)>"}) for r in v1[:3]]
    assert "<img" not in emotion_chart(odd)


@given(st.text(max_size=60), st.lists(st.text(max_size=10), max_size=3))
def test_highlight_escapes_everything_and_keeps_the_text(text: str, quotes: list[str]) -> None:
    out = str(highlight(text, quotes))
    bare = out.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare
    assert html.unescape(bare) == text


def test_sample_puts_failures_first_and_caps_the_count(v1: list[EpisodeResult]) -> None:
    shown = sample(v1, 5)
    assert len(shown) == 5
    assert all(not r.passed for r in shown)


def test_report_is_light_at_thousands_of_episodes(v1: list[EpisodeResult], run_folders: dict[str, Path]) -> None:
    many = [r.model_copy(update={"episode_id": f"{r.episode_id}-{i}"}) for i in range(80) for r in v1]
    page = render_html(RunFolder(run_folders["acme_v1"]).manifest(), aggregate(many), many, max_transcripts=50)
    assert page.count('class="episode"') == 50
    assert f"50 of {len(many)} transcripts" in page
    assert len(page) < 2_000_000


def _report(tmp_path: Path, v1: list[EpisodeResult], folder: Path) -> Path:
    results = [with_injected_script(v1[0]), *v1[1:]]
    page = render_html(RunFolder(folder).manifest(), aggregate(results), results)
    assert SCRIPT not in page and "&lt;script&gt;" in page
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_report_opens_in_headless_chromium_with_charts_and_no_script_run(
    tmp_path: Path, v1: list[EpisodeResult], run_folders: dict[str, Path]
) -> None:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip("chromium is missing: `make test` installs it (apt-get install chromium)")
    path = _report(tmp_path, v1, run_folders["acme_v1"])
    dom = _chromium(tmp_path, "--dump-dom", path.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    title = re.search(r"<title>(.*?)</title>", dom.stdout)
    assert title is not None and "pwned" not in title.group(1) and "golive" in title.group(1)
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom.stdout
    assert dom.stdout.count("<svg") == 5  # 3 charts + the contact-centre tipping and autonomy ones
    assert "<polyline" in dom.stdout and 'class="cell"' in dom.stdout
    shot = tmp_path / "shot.png"
    png = _chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,1400", path.as_uri())
    assert png.returncode == 0 and shot.stat().st_size > 20_000, png.stderr[-2000:]
