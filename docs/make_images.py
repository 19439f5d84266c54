"""Regenerate the README's images from the tool's own output on the example corpus.

    python docs/make_images.py          # from the project root; needs chromium on PATH

Runs `report-compare compare examples/reports` into a temporary folder, copies one trend chart to
docs/example_chart.png and takes a headless-Chromium screenshot of the overview page (index.html)
as docs/example_index.png. Chromium is given the CJK font the charts use (from the mplfonts
package) through a private fontconfig file, so the screenshot shows Chinese text on machines
without system CJK fonts; nothing is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compare.pipeline import run_compare  # noqa: E402
from compare.write.fonts import cjk_font  # noqa: E402

DOCS = ROOT / "docs"
CHART = DOCS / "example_chart.png"
SCREENSHOT = DOCS / "example_index.png"
#: The chart shown: the court-appearance rate, whose 2023 claim check fails in the examples.
CHART_KEY = "head_appearance_rate"
WINDOW = (1100, 2000)


def _fontconfig(folder: Path) -> Path:
    """A fontconfig file: the system's configuration plus the folder of the charts' CJK font."""
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    f"  <dir>{Path(cjk_font().path).parent}</dir>\n"
                    f"  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    return conf


def screenshot(page: Path, png: Path, work: Path, size: tuple[int, int] = WINDOW) -> None:
    """`page` rendered by headless Chromium into `png` (the window's size)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        raise SystemExit("chromium not found: install it (apt-get install chromium) to make the screenshot")
    env = {**__import__("os").environ, "FONTCONFIG_FILE": str(_fontconfig(work))}
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={work / 'profile'}",
           "--hide-scrollbars", f"--window-size={size[0]},{size[1]}", f"--screenshot={png}", page.as_uri()]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300, env=env)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        result = run_compare([ROOT / "examples" / "reports"], work / "out")
        charts = [p for p in result.charts if p.suffix == ".png"]
        chosen = next((p for p in charts if CHART_KEY in p.stem), None) or charts[0]
        DOCS.mkdir(exist_ok=True)
        shutil.copyfile(chosen, CHART)
        screenshot(result.index_html, SCREENSHOT, work)
    for path in (CHART, SCREENSHOT):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
