"""``golive personas sample`` and ``golive personas list`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from golive.personas.models import Persona
from golive.validation import validate_files


def test_sample_prints_50_valid_personas_the_same_each_time(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = cli("personas", "sample", "--n", "50", "--seed", "7", "--out", "files")
    again = cli("personas", "sample", "--n", "50", "--seed", "7")
    other = cli("personas", "sample", "--n", "50", "--seed", "8")
    assert first.returncode == 0, first.stderr
    assert first.stdout == again.stdout != other.stdout
    docs = [d for d in yaml.safe_load_all(first.stdout) if d]
    assert len(docs) == 50 and "# sample identity:" in first.stdout
    personas = [Persona.model_validate(d) for d in docs]
    assert len({p.id for p in personas}) == 50
    assert len({p.locale for p in personas}) == 5
    files = sorted((tmp_path / "files").glob("*.yaml"))
    assert len(files) == 50 and validate_files(files) == []


def test_sample_as_json_lines_carries_the_identity(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("personas", "sample", "--n", "3", "--seed", "1", "--format", "json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3 and all("@" in r["sample_identity"]["email"] for r in rows)


def test_sample_rejects_a_bad_count(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("personas", "sample", "--n", "0")
    assert result.returncode == 2 and "--n" in result.stderr


def test_list_shows_the_library(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("personas", "list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) >= 16 and any(line.startswith("red-team-rex") for line in lines)
