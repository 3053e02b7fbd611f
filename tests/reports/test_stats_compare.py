"""Paired bootstrap statistics and `golive compare`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.gate.stats import Change, _clusters, metrics_of, paired_bootstrap, run_intervals
from golive.reports.compare import compare_results, scenario_changes
from golive.results.metrics import aggregate, episode_sums, metrics_from_sums
from golive.results.models import EpisodeResult
from tests.conftest import run_cli


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_summed_cluster_vectors_give_the_catalogue_metrics(v1: list[EpisodeResult], data: st.DataObject) -> None:
    picked = data.draw(st.lists(st.sampled_from(v1), min_size=1, max_size=12))
    keys, matrix = _clusters(picked)
    summed, summary = metrics_of(keys, matrix.sum(axis=0)), aggregate(picked)
    # The same terms added in another order: equal up to the last rounded decimal.
    assert summed.keys() == summary.keys()
    assert all(summed[k] == pytest.approx(summary[k], abs=1.01e-6) for k in summary)


def test_point_estimates_are_the_run_summary_figures(v1: list[EpisodeResult]) -> None:
    # Drawn by a property search: in run order and in the comparison's order (sorted by
    # id) plain float sums rounded cx.minutes_to_tipping to 1.565612 and 1.565613. Exact
    # sums give the summary's figure in every order, and a comparison prints it.
    picked = [v1[i].model_copy(update={"episode_id": f"{v1[i].episode_id}#{n}"})
              for n, i in enumerate([1, 11, 2, 2, 23, 3, 9, 10, 7, 8])]
    summary = aggregate(picked)

    def plain_float_sums(results: list[EpisodeResult]) -> float | None:
        sums: dict[str, float] = {}
        for result in results:
            for key, value in episode_sums(result).items():
                sums[key] = sums.get(key, 0.0) + value
        return metrics_from_sums(sums).get("cx.minutes_to_tipping")

    by_id = sorted(picked, key=lambda r: r.episode_id)
    assert plain_float_sums(picked) == 1.565612 != plain_float_sums(by_id)  # the sample bites
    assert aggregate(by_id) == summary
    assert aggregate(picked[::-1]) == summary
    deltas = paired_bootstrap(picked, picked, resamples=20)
    assert deltas["cx.minutes_to_tipping"].a == summary["cx.minutes_to_tipping"] == 1.565613
    assert all(d.a == d.b == summary[n] for n, d in deltas.items())
    intervals = run_intervals(picked, ["cx.minutes_to_tipping"], resamples=20)
    low, high = intervals["cx.minutes_to_tipping"]
    assert low <= summary["cx.minutes_to_tipping"] <= high


def test_a_run_against_itself_changes_nothing(v1: list[EpisodeResult]) -> None:
    deltas = paired_bootstrap(v1, v1, resamples=200)
    assert deltas and all(d.change is Change.SAME and d.low == d.high == 0 for d in deltas.values())


def test_intervals_contain_the_change_and_are_seeded(v1: list[EpisodeResult], v2: list[EpisodeResult]) -> None:
    first = paired_bootstrap(v1, v2, resamples=300)
    assert first == paired_bootstrap(v1, v2, resamples=300)
    for d in first.values():
        assert d.low - 1e-9 <= d.delta <= d.high + 1e-9
    assert first["guardrails.critical"].change is Change.IMPROVED
    assert paired_bootstrap(v2, v1, resamples=300)["reliability.pass_rate"].change is Change.REGRESSED


def test_an_undecided_change_says_how_many_more_episodes_would_decide(v1: list[EpisodeResult]) -> None:
    # Flip one passing episode to failing: a real but tiny change on 25 episodes.
    at = next(i for i, r in enumerate(v1) if r.passed)
    worse = list(v1)
    worse[at] = v1[at].model_copy(update={"passed": False})
    delta = paired_bootstrap(v1, worse, resamples=500)["reliability.pass_rate"]
    assert delta.change is Change.WITHIN_NOISE
    needed = delta.repeats_needed()
    assert needed is not None and needed >= 2


def test_scenario_changes_rank_regressions_first(v1: list[EpisodeResult], v2: list[EpisodeResult]) -> None:
    changes = scenario_changes(list(zip(v2, v1, strict=True)))
    assert changes[0].score < 0 and changes == sorted(changes, key=lambda c: (c.score, c.scenario))


def test_compare_markdown_has_intervals_scenarios_and_side_by_side(
    v1: list[EpisodeResult], v2: list[EpisodeResult]
) -> None:
    text = compare_results(v1, v2, "v1", "v2", resamples=200)
    assert "| metric | v1 | v2 | change | 95% CI | verdict |" in text
    assert "### Improved scenarios" in text and "### Biggest changes" in text
    assert "| # | v1 | v2 |" in text


def test_compare_cli_reads_run_folders(run_folders: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "compare.md"
    done = run_cli(["compare", str(run_folders["acme_v1"]), str(run_folders["acme_v2"]),
                    "--resamples", "200", "--out", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "## acme_v1 → acme_v2" in done.stdout and out.read_text(encoding="utf-8") in done.stdout + "\n"


def test_compare_cli_explains_a_bad_run_name(tmp_path: Path) -> None:
    done = run_cli(["compare", "nope", "also-nope"], tmp_path)
    assert done.returncode == 2
    assert "'nope' is neither a file or folder nor an MLflow run id" in done.stderr


def test_repeats_of_a_pairing_are_resampled_together(v1: list[EpisodeResult], v2: list[EpisodeResult]) -> None:
    def repeated(results: list[EpisodeResult]) -> list[EpisodeResult]:
        return [r.model_copy(update={"episode_id": f"{r.episode_id}-{k}", "repeat": k})
                for r in results for k in range(4)]

    single = paired_bootstrap(v1, v2, resamples=400)["accuracy.score"]
    four = paired_bootstrap(repeated(v1), repeated(v2), resamples=400)["accuracy.score"]
    # Identical repeats add no information: the interval must not shrink as if they did.
    assert four.high - four.low == pytest.approx(single.high - single.low, rel=0.35)
    assert four.episodes == 4 * single.episodes
