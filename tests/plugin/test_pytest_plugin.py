"""The pytest plugin, exercised with pytester as a team would use it."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

SUITE = """\
kind: suite
name: plugin
seed: 5
scenarios: ['pack:demo/wants-a-person']
personas: ['library:angry-alex', 'library:calm-carla']
"""


def test_the_plugin_is_registered_by_its_entry_point(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["*golive: rehearse support agents before go-live*",
                                 "*--golive-agent*"])


def test_fixture_run_and_gate_with_results_in_pytests_report(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", suite=SUITE)
    pytester.makepyfile(test_release="""
        def test_v2_passes(golive):
            run = golive.run("suite.yaml", agent="acme_v2")
            assert run.metrics["run.episodes"] == 2
            run.gate(["guardrails.critical == 0", "handoff.recall >= 0.9"]).check()

        def test_v1_fails(golive):
            run = golive.run("suite.yaml", agent="acme_v1")
            run.gate(["handoff.recall >= 0.9"]).check()
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA",
                                           f"--junitxml={pytester.path / 'junit.xml'}")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*FAIL handoff.recall >= 0.90: is 0*",
        "*golive summary*",
        "*= golive =*",
        "*test_v2_passes: plugin × acme_v2: 2/2 episodes passed, gate pass*",
        "*test_v1_fails: plugin × acme_v1: 0/2 episodes passed, gate fail*",
    ])
    junit = (pytester.path / "junit.xml").read_text(encoding="utf-8")
    assert 'name="golive.reliability.pass_rate"' in junit


def test_marker_names_the_suite_and_thresholds(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", suite=SUITE)
    pytester.makepyfile(test_marked="""
        import pytest

        @pytest.mark.golive(suite="suite.yaml", thresholds=["guardrails.critical == 0"])
        def test_release(golive):
            run = golive.check()
            assert run.record.verdict == "pass"
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--golive-agent", "acme_v2",
                                           "--strict-markers")
    result.assert_outcomes(passed=1)


def test_a_marked_test_with_no_agent_is_refused_not_run_against_a_bundled_bot(
    pytester: pytest.Pytester,
) -> None:
    # The documented example without --golive-agent: it used to pass on the bundled acme_v2.
    pytester.makefile(".yaml", suite=SUITE)
    pytester.makepyfile(test_marked="""
        import pytest

        @pytest.mark.golive(suite="suite.yaml", thresholds=["guardrails.critical == 0"])
        def test_release(golive):
            golive.check()
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*golive: *no agent to test*", "*--agent*"])


def test_gating_without_thresholds_uses_the_suites_gate_or_the_defaults_like_the_cli(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(".yaml", suite=SUITE + "gate:\n  thresholds: ['reliability.pass_hat_3 >= 0.9']\n")
    pytester.makepyfile(test_defaults="""
        def test_release(golive):
            golive.run("suite.yaml", agent="acme_v2").gate().check()
    """)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*gate: INCONCLUSIVE*",
                                 "*INCONCLUSIVE reliability.pass_hat_3 >= 0.90: not measured*"])
