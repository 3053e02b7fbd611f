"""Screenshots of golive's HTML pages in headless Chromium, at 1400 and 390 px wide.

Plays the demo suite against acme_v1 and acme_v2 (scripted, offline), gates acme_v1 with the
starter's gate file (acme_v2 stays ungated, and its handoffs mark the tipping chart), writes the comparison page, and photographs report.html, audit.html and
the comparison as small palette PNGs (docs/screenshots/ by default; README and
docs/reports.md show them). Run it after changing a page::

    LITELLM_LOCAL_MODEL_COST_MAP=True python tools/report_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FILTER_BAR = (244, 244, 245)  # the filter bar's background: where the transcripts begin
CUSTOMER_TURN = (238, 242, 255)  # a customer's turn: the side-by-side transcripts begin


def golive(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI as a user would (this checkout's sources first)."""
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "golive", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def shoot(url: str, width: int, height: int, target: Path, profile: Path) -> Path:
    """One viewport-sized screenshot of ``url``."""
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        f"--screenshot={target}",
    ]
    subprocess.run([CHROMIUM, *flags, url], capture_output=True, timeout=120, check=True)
    return target


def small_png(source: Path, target: Path, top: int = 0, height: int | None = None) -> Path:
    """Crop to ``height`` rows from ``top`` and store with a 64-colour palette (a few
    dozen KB instead of a few hundred)."""
    from PIL import Image

    with Image.open(source) as image:
        rgb = image.convert("RGB")
        bottom = rgb.height if height is None else min(rgb.height, top + height)
        cropped = rgb.crop((0, top, rgb.width, bottom))
        cropped.quantize(colors=64).save(target, optimize=True)
    return target


def first_row(source: Path, colour: tuple[int, int, int], share: float) -> int:
    """The first pixel row with at least ``share`` of its pixels in ``colour``: where a
    section begins (Chromium's command line cannot scroll to an anchor)."""
    from PIL import Image

    with Image.open(source) as image:
        rgb = image.convert("RGB")
        for y in range(rgb.height):
            row = [rgb.getpixel((x, y)) for x in range(0, rgb.width, 10)]
            if sum(p == colour for p in row) > share * len(row):
                return y
    raise SystemExit(f"no row in colour {colour} found in {source}")


def build_pages(work: Path) -> dict[str, Path]:
    """The demo runs, the gate on acme_v1 and the comparison page."""
    starter = work / "starter"
    for args in (
        ("init", str(starter)),
        ("run", "--agent", "acme_v1", "--no-mlflow", "--quiet", "--out", "v1"),
        ("run", "--agent", "acme_v2", "--no-mlflow", "--quiet", "--out", "v2"),
        ("gate", "v1", "--thresholds", str(starter / "gate.yaml")),
        ("compare", "v1", "v2", "--html", "compare.html"),
    ):
        done = golive(*args, cwd=work)
        if done.returncode not in (0, 1):  # the gate on acme_v1 fails, as it should
            raise SystemExit(f"golive {' '.join(args)} failed:\n{done.stderr}")
    return {
        "report": work / "v1" / "report.html",
        "audit": work / "v1" / "audit.html",
        "report_v2": work / "v2" / "report.html",
        "compare": work / "compare.html",
    }


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; prints each file with its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        pages = build_pages(work)
        profile, raw = work / "profile", work / "raw.png"
        report, compare = pages["report"].as_uri(), pages["compare"].as_uri()
        written = [
            small_png(shoot(report, 1400, 1100, raw, profile), out / "report-1400.png"),
            small_png(shoot(report, 390, 1700, raw, profile), out / "report-390.png"),
            small_png(
                shoot(pages["report_v2"].as_uri(), 1400, 1100, raw, profile),
                out / "report-ungated-v2-1400.png",
            ),
            small_png(
                shoot(pages["audit"].as_uri(), 1400, 800, raw, profile), out / "audit-1400.png"
            ),
            small_png(shoot(compare, 1400, 1000, raw, profile), out / "compare-1400.png"),
            small_png(shoot(compare, 390, 1400, raw, profile), out / "compare-390.png"),
        ]
        tall = shoot(report + "?persona=angry-alex&outcome=failed", 1400, 9000, raw, profile)
        written.append(
            small_png(
                tall,
                out / "report-transcripts-1400.png",
                top=first_row(tall, FILTER_BAR, 0.6) - 60,
                height=1000,
            )
        )
        tall = shoot(compare, 1400, 4000, raw, profile)
        written.append(
            small_png(
                tall,
                out / "compare-side-by-side-1400.png",
                top=first_row(tall, CUSTOMER_TURN, 0.2) - 90,
                height=1000,
            )
        )
    for path in written:
        print(f"{path} {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
