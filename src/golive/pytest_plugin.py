"""pytest plugin: gate a release from a test, with golive's results in pytest's own report.

Registered through the ``pytest11`` entry point, so it is there once golive is installed::

    def test_release(golive):
        run = golive.run("suite.yaml", agent="my_bot:respond")
        run.gate(["guardrails.critical == 0", "handoff.recall >= 0.9"]).check()

    @pytest.mark.golive(suite="suite.yaml", thresholds=["accuracy.score >= 0.85"])
    def test_marked(golive):
        golive.check()  # runs the marked suite and applies the marked thresholds

Options (group ``golive``): ``--golive-agent``, ``--golive-out``, ``--golive-mlflow``,
``--golive-tracking-uri``. Importing this module is cheap: the harness loads on first run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from golive.gate import GateResult
    from golive.results.models import EpisodeResult

MARKER = "golive(suite=None, agent=None, thresholds=None, baseline=None): run a golive suite"


@dataclass
class RunRecord:
    """What the terminal summary prints for one run."""

    test: str
    suite: str
    agent: str
    passed: int
    episodes: int
    folder: Path
    verdict: str = "not gated"


_RECORDS = pytest.StashKey[list[RunRecord]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """The ``golive`` option group."""
    group = parser.getgroup("golive", "golive: rehearse support agents before go-live")
    group.addoption("--golive-agent", default=None, help="Agent spec for runs that name none.")
    group.addoption("--golive-out", default=None, help="Folder for run folders (default: tmp).")
    group.addoption("--golive-mlflow", action="store_true", default=False,
                    help="Log each run to MLflow (off by default in tests).")
    group.addoption("--golive-tracking-uri", default=None, help="MLflow tracking URI.")


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker and the run list."""
    config.addinivalue_line("markers", MARKER)
    config.stash[_RECORDS] = []


@dataclass
class GoliveRun:
    """One finished run: its folder, metrics and episodes; ``gate`` decides pass or fail."""

    folder: Path
    metrics: dict[str, float]
    results: list[EpisodeResult]
    record: RunRecord
    item: pytest.Item

    def gate(self, thresholds: Sequence[str] = (), baseline: str | Path | None = None) -> GateCheck:
        """Apply thresholds (and a baseline run folder or results file) to this run."""
        from golive.gate import GateSpec, decide
        from golive.results.run_folder import RunFolder

        base = None
        if baseline is not None:
            base = RunFolder.open(Path(baseline)).load_results()
        outcome = decide(GateSpec(thresholds=list(thresholds)), self.results, base)
        self.record.verdict = outcome.verdict.value
        self.item.add_report_section("call", "golive gate", outcome.render())
        return GateCheck(outcome)


@dataclass
class GateCheck:
    """A gate result that a test can assert on."""

    result: GateResult

    @property
    def passed(self) -> bool:
        """True when no threshold failed."""
        return not self.result.failed

    def check(self) -> None:
        """Fail the test with the gate's reasons when a threshold failed."""
        if self.result.failed:
            pytest.fail(self.result.render(), pytrace=False)


@dataclass
class Golive:
    """The ``golive`` fixture: runs suites in-process and gates them."""

    item: pytest.Item
    out: Path
    runs: list[GoliveRun] = field(default_factory=list)

    def _marker(self) -> dict[str, Any]:
        mark = self.item.get_closest_marker("golive")
        return dict(mark.kwargs) if mark is not None else {}

    def run(self, suite: str | Path | None = None, agent: str | None = None, **overrides: Any) -> GoliveRun:
        """Run ``suite`` (default: the marker's, else the demo suite) against ``agent``."""
        from golive.harness.rehearsal import RunConfig, run_suite
        from golive.results.run_folder import RunFolder

        config = self.item.config
        marked = self._marker()
        suite = suite or marked.get("suite")
        agent = agent or marked.get("agent") or config.getoption("golive_agent")
        outcome = run_suite(RunConfig(
            suite=Path(suite) if suite else None, agent=agent,
            out=self.out / f"run-{len(self.runs) + 1}", quiet=True,
            mlflow=bool(config.getoption("golive_mlflow")),
            tracking_uri=config.getoption("golive_tracking_uri"), **overrides,
        ))
        results = list(RunFolder.open(outcome.folder).results())
        record = RunRecord(self.item.nodeid, outcome.manifest.suite_name, outcome.manifest.agent,
                           sum(r.passed for r in results), len(results), outcome.folder)
        config.stash[_RECORDS].append(record)
        for name in ("reliability.pass_rate", "guardrails.critical", "handoff.recall", "accuracy.score"):
            if name in outcome.metrics:
                self.item.user_properties.append((f"golive.{name}", outcome.metrics[name]))
        self.item.add_report_section("call", "golive summary", outcome.summary)
        run = GoliveRun(outcome.folder, outcome.metrics, results, record, self.item)
        self.runs.append(run)
        return run

    def check(self, thresholds: Sequence[str] | None = None) -> GoliveRun:
        """Run the marked suite and fail the test unless its thresholds hold."""
        marked = self._marker()
        run = self.run()
        run.gate(thresholds or marked.get("thresholds") or (), marked.get("baseline")).check()
        return run


@pytest.fixture
def golive(request: pytest.FixtureRequest, tmp_path: Path) -> Golive:
    """Run golive suites from a test; see the module docstring."""
    option = request.config.getoption("golive_out")
    out = Path(option) / request.node.name if option else tmp_path / "golive"
    return Golive(request.node, out)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """One line per golive run: suite, agent, episodes passed, gate verdict, folder."""
    records = config.stash.get(_RECORDS, [])
    if not records:
        return
    terminalreporter.section("golive")
    for r in records:
        terminalreporter.write_line(
            f"{r.test}: {r.suite} × {r.agent}: {r.passed}/{r.episodes} episodes passed, "
            f"gate {r.verdict} ({r.folder})"
        )
