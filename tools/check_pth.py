"""Fail if site-packages holds a .pth file outside a short allow-list.

The 2026 litellm compromise shipped its payload as a .pth file inside the wheel: .pth files
run code at every interpreter start, so any new one must be looked at before it is allowed.
"""

from __future__ import annotations

import re
import site
import sys
from pathlib import Path

ALLOWED = [
    r"distutils-precedence\.pth",  # setuptools
    r"_virtualenv\.pth",
    r"__editable__\.golive-[\w.]+\.pth",  # our own editable install
    r"_editable_impl_golive\.pth",  # hatchling's editable install of golive (a path only)
]


def main() -> int:
    bad = []
    for folder in {Path(p) for p in site.getsitepackages()}:
        for pth in sorted(folder.glob("*.pth")):
            if not any(re.fullmatch(pattern, pth.name) for pattern in ALLOWED):
                bad.append(pth)
    for pth in bad:
        print(f"unexpected .pth file (runs code at interpreter start): {pth}", file=sys.stderr)
    if bad:
        print("Inspect it; if it is legitimate, add it to tools/check_pth.py's ALLOWED.", file=sys.stderr)
        return 1
    print("check_pth: no unexpected .pth files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
