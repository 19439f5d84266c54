"""Start-up benchmark: how long `report-compare` takes before and while doing a one-report job.

    python benchmarks/bench_startup.py [--runs 7]

Prints, as min–max over `--runs` fresh processes, the wall time (imports counted as a user sees
them) and the CPU time of the process (user + system; steadier than wall on a shared machine) of: a
bare interpreter (the floor), `import compare.cli`, `report-compare --help`, `--version` and the
one-report commands `indicators` (issue 10: goal ≤ 0.4 s wall), `outline`, `claims`, `info` on the
seed; then whether those commands loaded pandas, matplotlib or openpyxl, and, once, the largest
imports of `indicators` by `python -X importtime`. Figures are printed, never asserted; the
machine's cores and load are printed with them, and a loaded machine reads slower.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from figures import span

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of `cmd`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _heavy_loaded(command: str) -> list[str]:
    """The heavy libraries a fresh interpreter holds after `report-compare COMMAND SEED -f csv`."""
    code = ("import json, sys\nfrom compare.cli import app\n"
            f"sys.argv = ['report-compare', {command!r}, {str(SEED)!r}, '-f', 'csv']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass\n"
            "print(json.dumps([m for m in ('pandas', 'numpy', 'matplotlib', 'openpyxl', 'pydantic') "
            "if m in sys.modules]), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return list(json.loads(out.stderr.strip().splitlines()[-1]))


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
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, runs: {args.runs}, "
          f"python {sys.version.split()[0]}")
    cases = {
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
        "import compare.cli": [sys.executable, "-c", "import compare.cli"],
        "report-compare --help": [*cli, "--help"],
        "report-compare --version": [*cli, "--version"],
        **{f"report-compare {c} SEED -f csv": [*cli, c, str(SEED), "--format", "csv"]
           for c in ("indicators", "outline", "claims", "info")},
    }
    print(f"{'':40s} {'wall s':>11s} {'cpu s':>11s}")
    for label, cmd in cases.items():
        _run(cmd)  # warm the file cache
        runs = [_run(cmd) for _ in range(args.runs)]
        print(f"{label:40s} {span([w for w, _ in runs]):>11s} {span([c for _, c in runs]):>11s}")
    print("\nheavy libraries loaded (csv of the seed):")
    for command in ("indicators", "outline", "claims", "info"):
        print(f"  {command:11s} {', '.join(_heavy_loaded(command)) or 'none'}")
    code = ("import sys; from compare.cli import app; "
            f"sys.argv = ['report-compare', 'indicators', {str(SEED)!r}, '-f', 'csv']\n"
            "try:\n    app()\nexcept SystemExit:\n    pass")
    print("\nlargest imports of `indicators SEED` (cumulative ms, one run):")
    for us, name in _top_imports(code, 12):
        print(f"  {us / 1000:7.1f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
