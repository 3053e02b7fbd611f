"""report.html for a manager: the verdict first, four numbers with intervals, no layout gaps,
the bot's handoffs on the chart, filters that work in a real browser; the comparison page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from golive.reports.charts import handoff_points, tipping_chart
from golive.reports.compare_html import compare_html
from golive.reports.headline import headlines
from golive.reports.html import render_html
from golive.results import RunFolder
from golive.results.metrics import aggregate
from golive.results.models import EpisodeResult, Speaker
from tests.conftest import run_cli
from tests.reports.test_html import CHROMIUM, SCRIPT, _chromium, with_injected_script

STARTER_GATE = [
    "reliability.pass_rate >= 0.9",
    "guardrails.critical == 0",
    "handoff.missed_on_request_rate == 0",
    "handoff.on_time_rate >= 0.9",
]


def _copy(folder: Path, tmp_path: Path) -> Path:
    """A private copy: gating writes gate.json, and the session's run folders are shared."""
    return Path(shutil.copytree(folder, tmp_path / folder.name))


def _gate_file(tmp_path: Path, *thresholds: str) -> Path:
    path = tmp_path / "gate.yaml"
    path.write_text("thresholds:\n" + "".join(f'  - "{t}"\n' for t in thresholds))
    return path


def _page(folder: Path) -> str:
    return (folder / "report.html").read_text(encoding="utf-8")


def test_an_ungated_run_says_so_and_never_looks_like_a_pass(
    run_folders: dict[str, Path], v2: list[EpisodeResult]
) -> None:
    # 25/25 passed, but nobody gated it (other tests may gate the shared folder: render anew)
    page = render_html(RunFolder(run_folders["acme_v2"]).manifest(), aggregate(v2), v2, gate=None)
    banner = re.search(r'<section id="verdict".*?</section>', page, re.S)
    assert banner is not None and 'data-verdict="ungated"' in banner.group()
    assert "Not gated: no go-live decision for this run" in banner.group()
    assert "Ready to go live" not in page


def test_gating_rewrites_the_banner_with_the_verdict_and_failed_reasons_first(
    run_folders: dict[str, Path], tmp_path: Path
) -> None:
    folder = _copy(run_folders["acme_v1"], tmp_path)
    done = run_cli(
        ["gate", str(folder), "--thresholds", str(_gate_file(tmp_path, *STARTER_GATE))], tmp_path
    )
    assert done.returncode == 1, done.stdout + done.stderr
    banner = re.search(r'<section id="verdict".*?</section>', _page(folder), re.S)
    assert banner is not None
    text = banner.group()
    assert "Not ready to go live: the gate failed" in text and 'class="verdict fail"' in text
    assert "fail: handoff.missed_on_request_rate == 0: is 1" in text
    # every condition, as the CLI printed it, and the note that no judge read the replies
    assert text.count("<li>") == len(STARTER_GATE) + 1
    assert "note: guardrails were read by the offline pattern rules only" in text


def test_an_undecidable_gate_is_not_ready_either(
    run_folders: dict[str, Path], tmp_path: Path
) -> None:
    folder = _copy(run_folders["acme_v2"], tmp_path)
    gate = _gate_file(tmp_path, "reliability.pass_hat_3 >= 0.5")  # needs --repeats 3
    done = run_cli(["gate", str(folder), "--thresholds", str(gate)], tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    page = _page(folder)
    assert "Not ready to go live: the gate could not decide" in page
    assert 'data-verdict="inconclusive"' in page


def test_headline_points_are_the_catalogue_metrics_and_sit_inside_their_intervals(
    v1: list[EpisodeResult],
) -> None:
    metrics = aggregate(v1)
    cards = {h.key: h for h in headlines(v1)}
    assert cards["pass_rate"].value == f"{100 * metrics['reliability.pass_rate']:.0f}%"
    assert cards["on_time"].value == f"{100 * metrics['handoff.on_time_rate']:.0f}%"
    assert cards["final_mood"].value == f"{metrics['experience.mean_final_intensity']:.2f}"
    critical_episodes = sum(any(f.severity.value == "critical" for f in r.findings) for r in v1)
    assert cards["critical"].detail.startswith(f"{int(metrics['guardrails.critical'])} critical")
    assert f"in {critical_episodes} of {len(v1)} conversations" in cards["critical"].detail
    for card in cards.values():
        low, high = re.findall(r"[0-9.]+", card.interval.removeprefix("95% CI "))
        point = float(card.value.rstrip("%"))
        assert float(low) <= point <= float(high), card
    assert headlines(v1) == headlines(list(reversed(v1)))  # fixed seed, order-free clusters


def test_all_passed_still_shows_an_honest_interval(v2: list[EpisodeResult]) -> None:
    card = headlines(v2)[0]
    assert card.value == "100%" and card.interval != "95% CI 100%–100%"
    low = int(re.findall(r"(\d+)%", card.interval)[0])
    assert 80 <= low < 100


def test_transcript_text_carries_no_template_whitespace(
    v1: list[EpisodeResult], run_folders: dict[str, Path]
) -> None:
    page = render_html(RunFolder(run_folders["acme_v1"]).manifest(), aggregate(v1), v1)
    style = page[page.index("<style>") : page.index("</style>")]
    turn_rule = re.search(r"\.turn\{[^}]*\}", style)
    assert turn_rule is not None and "pre-wrap" not in turn_rule.group()
    assert ".turn .text{white-space:pre-wrap" in style
    texts = re.findall(r'<span class="text">(.*?)</span>', page, re.S)
    assert texts and all(t == t.strip() for t in texts)


def test_the_handoff_chart_marks_every_bot_handoff(
    v1: list[EpisodeResult], v2: list[EpisodeResult]
) -> None:
    made = sum(
        t.handoff is not None for r in v2 for t in r.transcript.turns if t.speaker is Speaker.AGENT
    )
    assert made > 0 and len(handoff_points(v2)) == made
    assert tipping_chart(v2).count('class="handoff-mark') == made
    assert "bot transferred" in tipping_chart(v2)
    assert handoff_points(v1) == []  # acme_v1 never hands off: nothing to mark


def test_filter_attributes_and_options_cover_the_shown_episodes(
    v1: list[EpisodeResult], run_folders: dict[str, Path]
) -> None:
    page = render_html(RunFolder(run_folders["acme_v1"]).manifest(), aggregate(v1), v1)
    tags = re.findall(r'<details class="episode"[^>]*>', page)
    assert len(tags) == len(v1)
    assert all(
        'data-scenario="' in t and 'data-rule="' in t and 'data-outcome="' in t for t in tags
    )
    for name in ("scenario", "persona", "outcome", "rule"):
        assert f'<select name="{name}">' in page
    assert '<option value="handoff.missed_on_request">' in page
    assert '<option value="handoff-missed">handoff missed</option>' in page
    csp = re.search(r"script-src '(sha256-[A-Za-z0-9+/=]+)'", page)
    assert csp is not None and page.count("<script>") == 1


@pytest.mark.slow
def test_filters_run_under_the_page_policy_in_headless_chromium(
    tmp_path: Path, v1: list[EpisodeResult], run_folders: dict[str, Path]
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is missing: `make test` installs it (apt-get install chromium)")
    results = [with_injected_script(v1[0]), *v1[1:]]
    page = render_html(RunFolder(run_folders["acme_v1"]).manifest(), aggregate(results), results)
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    wanted = sum(
        r.persona_id == "angry-alex"
        and any(f.rule_id == "handoff.missed_on_request" for f in r.findings)
        for r in v1
    )
    assert 0 < wanted < len(v1)
    dom = _chromium(
        tmp_path, "--dump-dom", path.as_uri() + "?persona=angry-alex&rule=handoff.missed_on_request"
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    # the count is written by the script: it ran, under a CSP that allows only its hash
    assert f"{wanted} of {len(v1)} transcripts shown" in dom.stdout
    hidden = re.findall(r'<details class="episode"[^>]*\bhidden', dom.stdout)
    assert len(hidden) == len(v1) - wanted
    assert "pwned" not in dom.stdout.split("</title>")[0]  # the agent's script still did not run
    assert SCRIPT not in dom.stdout


def test_compare_page_escapes_and_puts_transcripts_side_by_side(
    v1: list[EpisodeResult], v2: list[EpisodeResult]
) -> None:
    page = compare_html(
        [with_injected_script(v1[0]), *v1[1:]], v2, "acme_v1", "acme_v2", resamples=200
    )
    assert SCRIPT not in page and "<script" not in page
    assert "metric(s) better and 0 worse" in page
    pairs = re.findall(r'<section class="pair" id="pair-([0-9a-f]+)">', page)
    assert 3 <= len(pairs) <= 12
    section = page[page.index(f'id="pair-{pairs[0]}"') :]
    section = section[: section.index("</section>")]
    assert "(acme_v1, turn 1)" in section and "(acme_v2, turn 1)" in section
    assert ">improved</td>" in page


def test_compare_cli_writes_the_html_page(run_folders: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "compare.html"
    done = run_cli(
        [
            "compare",
            str(run_folders["acme_v1"]),
            str(run_folders["acme_v2"]),
            "--html",
            str(target),
            "--resamples",
            "200",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert f"html: {target}" in done.stdout
    assert 'id="side-by-side"' in target.read_text(encoding="utf-8")


def test_audit_gives_the_conversation_column_room(run_folders: dict[str, Path]) -> None:
    page = (run_folders["acme_v1"] / "audit.html").read_text(encoding="utf-8")
    assert re.search(r"\.ctx\{[^}]*min-width:22rem", page)
    assert '<div class="wide"><table>' in page


@pytest.mark.slow
def test_screenshot_tool_writes_small_pngs_at_both_widths(tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is missing: `make test` installs it (apt-get install chromium)")
    from tests.conftest import REPO, cli_env

    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "report_screenshots.py"), "--out", str(tmp_path)],
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    from PIL import Image

    widths = {}
    for png in tmp_path.glob("*.png"):
        with Image.open(png) as image:
            widths[png.name] = image.width
        assert png.stat().st_size < 150_000, png
    assert widths["report-1400.png"] == 1400 and widths["report-390.png"] == 390
    assert {
        "audit-1400.png",
        "compare-1400.png",
        "compare-390.png",
        "report-transcripts-1400.png",
        "compare-side-by-side-1400.png",
    } <= set(widths)
