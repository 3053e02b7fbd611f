"""Files and options that attack the harness, through the CLI (issue 15).

Every one must end with exit 2, the file (and line where there is one) named, and no
traceback: an alias bomb, a huge file, deep nesting, binary and non-UTF-8 bytes, a
directory, and out-of-range numbers.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
name: bomb
scenarios: [pack:demo]
personas: [library:calm-*]
"""


def refused(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.mark.parametrize("command", ["run", "validate"])
def test_a_1kb_alias_bomb_fails_fast_and_small(tmp_path: Path, command: str) -> None:
    suite = tmp_path / "bomb.yaml"
    suite.write_text(BOMB, encoding="utf-8")
    assert len(BOMB) < 1024
    # The subprocess timeout bounds the test: before, this ran 120 s and took 9.7 GB.
    result = run_cli([command, str(suite), "--no-mlflow"] if command == "run" else [command, str(suite)],
                     tmp_path, timeout=30)
    refused(result, f"{suite}:", "expands to more than 200000 values", "alias")


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    suite = tmp_path / "big.yaml"
    with suite.open("w", encoding="utf-8") as handle:
        handle.write("name: big\nscenarios: [pack:demo]\npersonas: [library:calm-*]\n")
        handle.write("description: |\n")
        line = "  " + "x" * 98 + "\n"
        handle.write(line * 500_000)  # 50 MB
    result = run_cli(["run", str(suite), "--no-mlflow"], tmp_path, timeout=30)
    refused(result, str(suite), "over golive's limit of 5000000 bytes", "GOLIVE_MAX_FILE_BYTES")


def test_deep_nesting_is_refused_with_its_line(tmp_path: Path) -> None:
    suite = tmp_path / "deep.yaml"
    suite.write_text("name: deep\ndescription: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = run_cli(["validate", str(suite)], tmp_path, timeout=30)
    refused(result, str(suite), "nested more than 50 levels deep")


@pytest.mark.parametrize("command", ["run", "validate"])
@pytest.mark.parametrize(
    ("content", "where", "message"),
    [(b"name: x\n\x00\x01\x02binary", 2, "a binary file, not YAML text (NUL byte at offset 8)"),
     (b"name: caf\xe9\nscenarios: []\n", 1, "not UTF-8 text (byte 0xe9 at offset 9)")],
)
def test_binary_and_non_utf8_files_exit_2_naming_the_file(
    tmp_path: Path, command: str, content: bytes, where: int, message: str
) -> None:
    suite = tmp_path / "suite.yaml"
    suite.write_bytes(content)
    result = run_cli([command, str(suite)], tmp_path, timeout=30)
    refused(result, f"{suite}:{where}: {message}")


# `golive validate` takes folders (every YAML inside, issue 13); only `run` refuses one.
@pytest.mark.parametrize("command", ["run"])
def test_a_directory_exits_2_naming_it(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "suites"
    folder.mkdir()
    result = run_cli([command, str(folder)], tmp_path, timeout=30)
    refused(result, str(folder), "is a directory, not a YAML file", "suite.yaml")


def test_a_binary_agent_file_exits_2(tmp_path: Path) -> None:
    agent = tmp_path / "agent.yaml"
    agent.write_bytes(b"\xff\xfe\x00t\x00y\x00p\x00e")
    result = run_cli(["run", "--agent", str(agent), "--no-mlflow"], tmp_path, timeout=30)
    refused(result, str(agent), "binary file")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--timeout", "0", "--timeout: must be a number > 0 and <= 3600, got 0"),
     ("--timeout", "-5", "--timeout: must be a number > 0 and <= 3600, got -5"),
     ("--timeout", "nan", "--timeout: must be a number > 0 and <= 3600, got nan"),
     ("--timeout", "inf", "--timeout: must be a number > 0 and <= 3600, got inf"),
     ("--max-turns", "100000", "--max-turns: must be a number >= 1 and <= 100, got 100000"),
     ("--max-cost", "nan", "--max-cost")],
)
def test_out_of_range_numbers_are_refused_with_the_range(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    result = run_cli(["run", option, value, "--no-mlflow", "--quiet"], tmp_path, timeout=30)
    refused(result, message)
    assert not (tmp_path / "golive-runs").exists()  # refused before anything started
