"""Fail if site-packages holds start-up code that no allowed, intact distribution installed.

The 2026 litellm compromise shipped its payload as a .pth file inside the wheel: .pth files
(and ``sitecustomize.py`` / ``usercustomize.py``) run code at every interpreter start. A
file name alone proves nothing (a payload can be named like an editable install's .pth, or
appended to an allowed one), so each such file must be:

1. listed in the RECORD of an installed distribution, with the same SHA-256 as on disk
   (content appended after install, or a file no distribution owns, fails), and
2. on the allow-list below as (distribution, file name): a payload that its own wheel
   lists in its RECORD still fails.

Run it isolated, so a payload cannot run before the check does::

    python -I -S tools/check_pth.py            # what the Makefile does

``-S`` skips site (no .pth is executed) and ``-I`` ignores PYTHON* variables and the user
site; the site-packages folders are found from ``sys.prefix`` without importing ``site``'s
start-up. ``--site-packages DIR`` checks a given folder instead (tests use it).
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import re
import sys
import sysconfig
from pathlib import Path

# (distribution name, file name pattern) pairs that may run code at start-up.
ALLOWED = [
    ("setuptools", r"distutils-precedence\.pth"),
    ("golive", r"__editable__\.golive-[\w.]+\.pth"),  # setuptools' editable install of golive
    ("golive", r"_editable_impl_golive\.pth"),  # hatchling's editable install (a path only)
]
# virtualenv (not `python -m venv`) writes these itself, outside any RECORD; their content is fixed.
VIRTUALENV_PTH = {"_virtualenv.pth": "import _virtualenv\n"}
STARTUP_MODULES = ("sitecustomize.py", "usercustomize.py")


def site_folders() -> list[Path]:
    """This interpreter's site-packages folders, found without running ``site``.

    Under ``-S`` ``sys.prefix`` is the base interpreter's even inside a virtualenv (``site``
    is what switches it), so the venv is found from ``pyvenv.cfg`` beside the executable.
    """
    bases: list[Path] = []
    venv = _venv_root()
    if venv is not None:
        bases.append(venv)
        if _venv_setting(venv, "include-system-site-packages") == "true":
            bases.append(Path(sys.base_prefix))
    else:
        bases.append(Path(sys.prefix))
    found: list[Path] = []
    for base in bases:
        for key in ("purelib", "platlib"):
            found.append(Path(sysconfig.get_path(key, vars={"base": str(base), "platbase": str(base)})))
    if venv is None:  # the user site only counts outside a venv
        try:
            found.append(Path(sysconfig.get_path("purelib", sysconfig.get_preferred_scheme("user"))))
        except KeyError:
            pass
    unique: list[Path] = []
    for folder in found:
        if folder.is_dir() and folder not in unique:
            unique.append(folder)
    return unique


def _venv_root() -> Path | None:
    executable = Path(sys.executable)
    for candidate in (executable.parent, executable.parent.parent):
        if (candidate / "pyvenv.cfg").is_file():
            return candidate
    return None


def _venv_setting(venv: Path, key: str) -> str:
    for line in (venv / "pyvenv.cfg").read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        if name.strip().lower() == key:
            return value.strip().lower()
    return ""


def recorded(folder: Path) -> dict[str, tuple[str, str]]:
    """File name (relative to ``folder``) -> (distribution, expected sha256) from every RECORD."""
    owners: dict[str, tuple[str, str]] = {}
    for record in sorted(folder.glob("*.dist-info/RECORD")):
        dist = _dist_name(record.parent.name)
        with record.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                if len(row) >= 2 and row[1].startswith("sha256="):
                    owners[row[0]] = (dist, row[1][len("sha256="):])
    return owners


def _dist_name(dist_info: str) -> str:
    name = dist_info[: -len(".dist-info")].rsplit("-", 1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def problems(folder: Path) -> list[str]:
    """Every start-up file in ``folder`` that is not an allowed, intact installed file."""
    owners = recorded(folder)
    found = []
    candidates = sorted(folder.glob("*.pth")) + [folder / n for n in STARTUP_MODULES]
    for path in candidates:
        if not path.is_file():
            continue
        name = path.name
        if name in VIRTUALENV_PTH and path.read_text(encoding="utf-8", errors="replace") == VIRTUALENV_PTH[name]:
            continue
        owner = owners.get(name)
        if owner is None:
            found.append(f"{path}: runs code at interpreter start and no installed distribution's RECORD lists it")
            continue
        dist, expected = owner
        if _sha256(path) != expected:
            found.append(f"{path}: content differs from the RECORD of {dist} (changed or appended to after install)")
            continue
        if not any(dist == d and re.fullmatch(p, name) for d, p in ALLOWED):
            found.append(f"{path}: installed by {dist}, which is not allowed to run code at interpreter start")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-packages", action="append", type=Path, default=None,
                        help="check this folder (repeatable); default: this interpreter's")
    args = parser.parse_args(argv)
    folders = args.site_packages or site_folders()
    if "site" in sys.modules and not sys.flags.no_site:
        print("warning: run as `python -I -S tools/check_pth.py`: with site imported, a payload "
              "already ran before this check", file=sys.stderr)
    bad = [p for folder in folders for p in problems(folder)]
    for problem in bad:
        print(f"check_pth: {problem}", file=sys.stderr)
    if bad:
        print("Inspect each file; if it is legitimate, add (distribution, name) to ALLOWED in "
              "tools/check_pth.py.", file=sys.stderr)
        return 1
    print(f"check_pth: start-up files intact in {', '.join(map(str, folders))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
