"""Rewrite README.md's metric table from the metric catalogue (golive.results.metrics).

Run after adding a metric: `python tools/sync_readme.py`. tests/test_docs.py fails when
the README and the catalogue disagree.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from golive.results.metrics import CATALOGUE

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- metrics:start -->", "<!-- metrics:end -->"


def table() -> str:
    rows = [
        f"| `{m.name}` | {'higher' if m.higher_is_better else 'lower'} | {m.definition} |"
        for m in CATALOGUE.values()
    ]
    return "\n".join(["| metric | better | definition |", "| --- | --- | --- |", *rows])


def main() -> int:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        print(f"README.md has no {START} ... {END} block", file=sys.stderr)
        return 1
    README.write_text(pattern.sub(f"{START}\n{table()}\n{END}", text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
