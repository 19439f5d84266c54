"""Benchmark: cost of one trend chart (draw + PNG) and of a rerun, on a synthetic indicator table.

    python benchmarks/bench_charts.py [--issuers 5,200] [--charts 20] [--runs 3] [--module OLD_CHARTS_PY]

The table has `--indicators` lexicon indicators shared by every issuer over 2019-2023 (one chart
each, a line per issuer) and one indicator of its own per issuer (a chart each, one line), so the
figures separate the common chart from the crowded one (200 issuers on one chart). Every chart of
the table is drawn (no top-N selection) to measure the drawing itself; then the set the CLI writes
by default (`--charts 20`) is written, and written again over the previous set, to count what a
rerun redraws. `--module` measures another version of charts.py for a before/after comparison:

    git show b7c91e0:compare/write/charts.py > /tmp/charts_before.py
    python benchmarks/bench_charts.py --module /tmp/charts_before.py

Figures are ranges (min–max) over `--runs` runs, with the machine's cores.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from figures import span  # noqa: E402  (benchmarks/ is the script's folder, first on sys.path)

from compare.write import charts  # noqa: E402

YEARS = range(2019, 2024)


def table(issuers: int, indicators: int, seed: int = 1) -> pd.DataFrame:
    """issuer x year rows for `indicators` shared indicators plus one own indicator per issuer."""
    rng = random.Random(seed)
    rows = []
    for i in range(issuers):
        issuer = f"第{i:03d}区人民政府"
        for k in range(indicators):
            level = rng.uniform(10, 5000)
            for year in YEARS:
                rows.append((issuer, year, f"indicator_{k:02d}", f"指标{k}", round(level, 0), "件", False, False))
                level *= rng.uniform(0.8, 1.3)
        for year in YEARS:
            rows.append((issuer, year, "", f"{issuer}自有指标", float(rng.randint(1, 99)), "%", year == 2019, False))
    cols = ["issuer", "year", "indicator", "subject", "value", "unit", "implied", "approximate"]
    return pd.DataFrame(rows, columns=cols)


def _load(path: Path | None) -> ModuleType:
    """compare.write.charts, or another version of it (a file from `git show`) to compare with."""
    if path is None:
        return charts
    spec = importlib.util.spec_from_file_location("compare.write.charts_other", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _per_chart(mod: ModuleType, frame: pd.DataFrame, out: Path, runs: int) -> tuple[list[float], list[float]]:
    """ms CPU to draw and save each trend chart of `frame` as PNG, and the overview, per run."""
    font = mod.fonts.cjk_font()
    items = mod.trends(frame)
    trend_ms, overview_ms = [], []
    for _ in range(runs):
        t0 = time.process_time()
        for n, trend in enumerate(items):
            mod.save_figure(mod.trend_figure(trend, font), out / f"t{n}.png", font)
        trend_ms.append((time.process_time() - t0) * 1000 / len(items))
        t0 = time.process_time()
        mod.save_figure(mod.overview_figure(mod.most_changed(items), font), out / "overview.png", font)
        overview_ms.append((time.process_time() - t0) * 1000)
    return trend_ms, overview_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issuers", default="5,200", help="issuer counts, comma-separated")
    parser.add_argument("--indicators", type=int, default=4, help="shared indicators")
    parser.add_argument("--charts", type=int, default=20, help="top N in the rerun (the CLI default)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (ranges are min–max)")
    parser.add_argument("--module", type=Path, help="another charts.py to measure (e.g. from git show)")
    args = parser.parse_args(argv)
    mod = _load(args.module)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; runs per figure: {args.runs}; "
          f"charts module: {args.module or 'compare.write.charts'}")
    base = Path(tempfile.mkdtemp(prefix="bench-charts-"))
    try:
        _per_chart(mod, table(2, 1), base, 1)  # fonts, imports: once
        for issuers in (int(s) for s in args.issuers.split(",") if s):
            frame = table(issuers, args.indicators)
            own = frame[frame["indicator"] == ""]
            own = own[own["issuer"].isin(sorted(set(own["issuer"]))[:8])]  # 8 one-line charts are enough
            print(f"\n{issuers} issuers x {len(YEARS)} years")
            shared, overview = _per_chart(mod, frame[frame["indicator"] != ""], base, args.runs)
            single, _ = _per_chart(mod, own, base, args.runs)
            for label, figures, what in ((f"trend chart, {issuers} lines", shared, "per chart"),
                                         ("trend chart, 1 line", single, "per chart"),
                                         (f"overview ({args.indicators} panels)", overview, "")):
                print(f"  {label:<26} {span(figures, '{:.1f}')} ms CPU {what}")
            if not hasattr(mod, "write_chart_set"):
                continue
            cold, rerun, drawn = [], [], []
            for run in range(args.runs):
                out, staging = base / f"{issuers}-set-{run}", base / f"{issuers}-staging-{run}"
                t0 = time.process_time()
                first = mod.write_chart_set(frame, out, limit=args.charts)
                cold.append(time.process_time() - t0)
                t0 = time.process_time()
                again = mod.write_chart_set(frame, staging, limit=args.charts, previous=out)
                rerun.append(time.process_time() - t0)
                drawn.append(float(again.drawn))
                shutil.rmtree(staging)
            print(f"  {len(first.paths)} of {len(mod.trends(frame)) + 1} charts (--charts {args.charts}): cold "
                  f"{span(cold, '{:.2f}')} s CPU; rerun over it {span(rerun, '{:.2f}')} s CPU, "
                  f"{span(drawn, '{:.0f}')} redrawn")
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
