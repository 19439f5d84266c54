"""Mean text-extraction time per format (compare.read.formats.extract) on the seed fixtures.

    python benchmarks/bench_formats.py

Extraction only (no outline/metadata): detection, decoding, parsing, furniture removal. Text and
HTML are timed over 200 runs, DOCX over 50 and PDF over 20 (pdfminer's layout analysis is ~100x
slower than the rest, and its figure is stable after a few runs).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from compare.read.formats import extract  # noqa: E402 - after the path set-up, to run from a checkout

FIX = ROOT / "tests" / "fixtures"
CASES = [
    (ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt", 200),
    (FIX / "seed_bom.txt", 200),
    (FIX / "seed_gb18030.txt", 200),
    (FIX / "seed_utf16.txt", 200),
    (FIX / "seed_page.html", 200),
    (FIX / "seed.docx", 50),
    (FIX / "seed.pdf", 20),
]


def main() -> None:
    print(f"{'file':<42}{'format':<8}{'encoding':<10}{'KiB':>7}{'runs':>6}{'mean ms':>10}{'min ms':>9}")
    for path, runs in CASES:
        data = path.read_bytes()
        doc = extract(data, path.name)  # warm-up: imports, regex compilation
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            extract(data, path.name)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{path.name:<42}{doc.format:<8}{doc.encoding or '-':<10}{len(data) / 1024:>7.1f}{runs:>6}"
              f"{statistics.fmean(times):>10.2f}{min(times):>9.2f}")


if __name__ == "__main__":
    main()
