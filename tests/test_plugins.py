"""Third-party extensions through the ``golive.plugins`` entry-point group, installed for real.

``examples/plugin`` is a team's Python evaluator packaged with a ``pyproject.toml``; pip
builds and installs it (into a folder on PYTHONPATH: its dist-info carries the entry
point), and a plain ``golive run`` then scores with it: its metric reaches the summary's
headline table and its findings reach results.jsonl, the audit and the summary.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, cli_env

# acme_v1 signs off "All sorted!" after it cancels an order.
RUN = ["run", "pack:retail", "--agent", "acme_v1", "--no-mlflow", "--quiet",
       "--scenario", "retail-cancel-*"]


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/plugin built and installed by pip into a folder of its own (offline)."""
    root = tmp_path_factory.mktemp("plugin")
    source = root / "src"
    shutil.copytree(REPO / "examples" / "plugin", source)  # the build writes next to it
    site = root / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--target", str(site), str(source)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    return site


def _golive(args: list[str], cwd: Path, site: Path | None) -> subprocess.CompletedProcess[str]:
    env = cli_env()
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join([env["PYTHONPATH"], str(site)])
    return subprocess.run([sys.executable, "-m", "golive", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_pip_installed_the_entry_point(plugin_site: Path) -> None:
    (dist,) = plugin_site.glob("golive_brand_voice-*.dist-info")
    points = (dist / "entry_points.txt").read_text(encoding="utf-8")
    assert "[golive.plugins]" in points and "brand_voice = golive_brand_voice" in points


def test_an_installed_evaluator_scores_the_run_with_its_metric_and_findings(
    plugin_site: Path, tmp_path: Path,
) -> None:
    out = tmp_path / "with"
    result = _golive([*RUN, "--out", str(out)], tmp_path, plugin_site)
    assert result.returncode in (0, 1), result.stderr
    episodes = [json.loads(line) for line in (out / "results.jsonl").read_text().splitlines()]
    found = [f for e in episodes for f in e["findings"] if f["rule_id"] == "brand_voice.casual_signoff"]
    assert found and all(f["evidence"].lower().startswith("all sorted") for f in found)
    flagged = sum(e["scores"]["brand_voice.casual_signoffs"] > 0 for e in episodes)
    summary = (out / "summary.md").read_text(encoding="utf-8")
    rate = flagged / len(episodes)
    shown = str(int(rate)) if rate.is_integer() else f"{rate:.2f}"
    assert f"| brand_voice.casual_rate ↓ | {shown} |" in summary
    assert "brand_voice.casual_signoff" in (out / "audit.csv").read_text(encoding="utf-8")
    gate = tmp_path / "gate.yaml"
    gate.write_text('thresholds: ["brand_voice.casual_rate == 0"]\n', encoding="utf-8")
    verdict = _golive(["gate", str(out), "--thresholds", str(gate)], tmp_path, plugin_site)
    assert verdict.returncode == 1, verdict.stdout + verdict.stderr  # the gate reads its metric
    assert "brand_voice.casual_rate" in verdict.stdout


def test_without_the_plugin_the_same_run_knows_nothing_of_it(tmp_path: Path) -> None:
    out = tmp_path / "without"
    result = _golive([*RUN, "--out", str(out)], tmp_path, None)
    assert result.returncode in (0, 1), result.stderr
    assert "brand_voice" not in (out / "results.jsonl").read_text(encoding="utf-8")
    assert "brand_voice" not in (out / "summary.md").read_text(encoding="utf-8")
    gate = tmp_path / "gate.yaml"
    gate.write_text('thresholds: ["brand_voice.casual_rate == 0"]\n', encoding="utf-8")
    verdict = _golive(["gate", str(out), "--thresholds", str(gate)], tmp_path, None)
    assert verdict.returncode == 2  # a metric nothing declares is bad input, never a pass
    assert "brand_voice.casual_rate" in verdict.stderr and "known metrics: " in verdict.stderr


def test_a_plugin_that_fails_to_load_is_named_with_a_fix(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dist = site / "broken_plugin-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[golive.plugins]\nbroken = no_such_module_xyz\n")
    result = _golive([*RUN, "--out", str(tmp_path / "out")], tmp_path, site)
    assert result.returncode == 2
    assert "golive plugin 'broken = no_such_module_xyz' failed to load: ModuleNotFoundError" \
        in result.stderr
    assert "hint: fix or reinstall broken-plugin (or `pip uninstall broken-plugin`" in result.stderr
    assert "Traceback" not in result.stderr
