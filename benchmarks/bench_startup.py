"""Start-up benchmark: how long `report-compare` takes before and while doing a one-report job.

    python benchmarks/bench_startup.py [--runs 7]

Prints, as min–max over `--runs` fresh processes (wall time, so imports are counted as a user
sees them): a bare interpreter (the floor), `import compare.cli`, `report-compare --help` and
`report-compare indicators SEED --format csv` (issue 10: goal ≤ 0.4 s); then, once, the largest
imports of the indicators command by `python -X importtime`. Figures are printed, never asserted;
the machine's cores are printed with them, and a loaded machine reads slower.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"


def _wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t0


def _span(xs: list[float]) -> str:
    return f"{min(xs):.2f}–{max(xs):.2f}"


def _top_imports(code: str, n: int) -> list[tuple[int, str]]:
    """The `n` imports with the largest cumulative time (µs) at top level of `code`."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stderr
    rows = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            depth = (len(name) - len(name.lstrip())) // 2
            if depth <= 2:
                rows.append((int(parts[1]), name.strip()))
    return sorted(rows, reverse=True)[:n]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = shutil.which("report-compare")
    cli = [exe] if exe else [sys.executable, "-m", "compare"]
    print(f"cores: {os.cpu_count()}, runs: {args.runs}, python {sys.version.split()[0]}")
    cases = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "import compare.cli": [sys.executable, "-c", "import compare.cli"],
        "report-compare --help": [*cli, "--help"],
        "report-compare indicators SEED -f csv": [*cli, "indicators", str(SEED), "--format", "csv"],
    }
    for label, cmd in cases.items():
        _wall(cmd)  # warm the file cache
        print(f"{label:40s} {_span([_wall(cmd) for _ in range(args.runs)])} s")
    code = ("import sys; from compare.cli import app; "
            f"sys.argv = ['report-compare', 'indicators', {str(SEED)!r}, '-f', 'csv']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass")
    print("\nlargest imports of `indicators SEED` (cumulative ms, one run):")
    for us, name in _top_imports(code, 12):
        print(f"  {us / 1000:7.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
