"""`golive realism RUN_DIR LOGS`: simulated customers against real ones, persona by persona."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from golive.harness.realism import smd, tvd
from golive.logs.export import episode_line
from golive.results import RunFolder

REAL = """kind: suite
name: real
seed: 3
scenarios: [pack:retail]
personas: [library:calm-carla, library:anxious-anna, library:frustrated-frank]
max_turns: 8
"""
SIMULATED = """kind: suite
name: sim
seed: 11
scenarios: [pack:retail]
personas: [library:calm-carla, library:frustrated-frank, unreal.yaml]
max_turns: 8
"""
UNREAL = """kind: persona
id: unreal-ulla
description: Nobody writes like this - a deliberately unrealistic customer.
locale: de_DE
write_in_locale: true
emotion: {label: distressed, intensity: 1.0}
patience: 1
politeness: 0.0
verbosity: verbose
typos: 0.3
asks_for_human_after: {turn: 1}
threatens: [lawyer, chargeback, public_review]
threatens_at: 0.0
vulnerabilities: [crisis]
"""


def test_a_deliberately_unrealistic_persona_ranks_last(cli: Any, tmp_path: Path) -> None:
    for name, text in (("real.yaml", REAL), ("sim.yaml", SIMULATED), ("unreal.yaml", UNREAL)):
        (tmp_path / name).write_text(text)
    real = cli("run", "real.yaml", "--agent", "acme_v2", "--no-mlflow", "--quiet", "--out", "real")
    assert real.returncode in (0, 1), real.stderr
    with (tmp_path / "logs.jsonl").open("w") as handle:
        for result in RunFolder(tmp_path / "real").results():
            handle.write(json.dumps(episode_line(result, with_scenario=False)) + "\n")
    sim = cli("run", "sim.yaml", "--agent", "acme_v2", "--no-mlflow", "--quiet", "--out", "sim")
    assert sim.returncode in (0, 1), sim.stderr
    before = (tmp_path / "sim" / "results.jsonl").read_bytes()
    measured = cli("realism", "sim", "logs.jsonl")
    assert measured.returncode == 0, measured.stderr
    data = json.loads((tmp_path / "sim" / "realism.json").read_text())
    ranked = [p["persona"] for p in data["personas"]]
    assert ranked[-1] == "unreal-ulla" and sorted(ranked) == [
        "calm-carla",
        "frustrated-frank",
        "unreal-ulla",
    ]
    indices = [p["index"] for p in data["personas"]]
    assert indices == sorted(indices, reverse=True) and all(0 <= i <= 100 for i in indices)
    assert indices[-1] < indices[-2] - 10  # not a near tie
    unreal = data["personas"][-1]
    shares = [
        min(1.0, g["distance"] / (2.0 if g["simulated"] is not None else 1.0))
        for g in unreal["gaps"]
    ]
    assert shares == sorted(shares, reverse=True)  # largest gaps first
    assert all(g["low"] <= g["high"] for g in unreal["gaps"])
    assert {"opening_words", "politeness", "emotion_labels", "vocabulary"} <= {
        g["feature"] for g in unreal["gaps"]
    }
    assert "| 3 | `unreal-ulla` |" in measured.stdout and "adjust verbosity" in measured.stdout
    assert (tmp_path / "sim" / "results.jsonl").read_bytes() == before  # results untouched
    html = (tmp_path / "sim" / "report.html").read_text(encoding="utf-8")
    section = html[html.index('id="realism"'):]
    assert section.index("unreal-ulla") < section.index("calm-carla")  # lowest index first
    assert re.search(r"[a-z_]+ \d+\.\d\d \[\d+\.\d\d, \d+\.\d\d\]", section)  # gap, interval
    (tmp_path / "sim" / "realism.json").write_text("{not json", encoding="utf-8")
    rebuilt = cli("report", "sim")
    assert rebuilt.returncode == 0, rebuilt.stderr
    html = (tmp_path / "sim" / "report.html").read_text(encoding="utf-8")
    assert "realism.json could not be read: JSONDecodeError" in html  # said, not skipped
    by_intent = cli("realism", "sim", "logs.jsonl", "--by", "intent", "--no-mlflow")
    assert by_intent.returncode == 0, by_intent.stderr
    intents = json.loads((tmp_path / "sim" / "realism.json").read_text())
    assert intents["by"] == "intent" and "| rank | intent |" in by_intent.stdout
    assert {p["persona"] for p in intents["personas"]} <= {
        "cancel",
        "refund",
        "billing",
        "delivery",
        "order",
        "account",
        "complaint",
        "person",
        "other",
    }
    bad = cli("realism", "sim", "logs.jsonl", "--by", "mood", "--no-mlflow")
    assert bad.returncode == 2 and "--by: unknown grouping 'mood'" in bad.stderr
    again = cli("realism", "sim", "logs.jsonl")
    assert (
        again.returncode == 0
        and (tmp_path / "sim" / "realism.json").read_text()
        == json.dumps(data, indent=2, sort_keys=True) + "\n"
    )  # seeded: the same figures


def test_too_few_conversations_is_an_input_error(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "one.jsonl").write_text(
        json.dumps({"id": "a", "messages": [{"role": "user", "content": "hi"}]}) + "\n"
    )
    played = cli(
        "run",
        "pack:demo",
        "--agent",
        "acme_v2",
        "--scenario",
        "order-status",
        "--no-mlflow",
        "--quiet",
        "--out",
        "run",
    )
    assert played.returncode in (0, 1)
    few = cli("realism", "run", "one.jsonl", "--no-mlflow")
    assert (
        few.returncode == 2
        and "1 logged conversations with a customer message: too few" in few.stderr
    )
    assert "hint: pass logs with at least 2 conversations" in few.stderr


def test_distances_are_zero_for_equal_groups_and_grow_apart() -> None:
    assert smd([0.2, 0.4, 0.6], [0.2, 0.4, 0.6]) == 0.0
    assert smd([0.0, 1.0], [0.0, 1.0, 1.0, 0.0]) == 0.0
    assert 0 < smd([0.0, 1.0], [1.0, 2.0]) < smd([0.0, 1.0], [5.0, 6.0])
    assert tvd([], []) == 0.0
