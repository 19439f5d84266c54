"""Hostile and pathological inputs: time and peak memory (RSS) per case, each in a fresh process.
Prints figures; never asserts (wall-clock time is not a test). Per-report work must stay linear:
1 MB of any text in seconds, and every crafted bomb refused in well under a second.

    python benchmarks/bench_hostile.py            # every case, 1 MB of text
    python benchmarks/bench_hostile.py 0.25 pct   # 0.25 MB, only the cases named
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Text cases: a unit repeated to the size asked for, after a title line with issuer and year.
TEXT_CASES = {
    "pct": "5%。",  # a rate per sentence: one indicator each
    "digits": "1234567890",
    "long_number": "9" * 400 + "件，",
    "yishi": "一是",
    "markers": "一、（一）1.（1）一是",
    "punct": "，。；：、！？…",
    "heading": "一、基本情况\n",
    "numbered_lines": "1.工作\n",
    "numbered_figures": "1.受理案件5件，同比增长5%。\n",  # a section per figure
    "claims": "受理案件5件，同比下降10%。",
    "fall100": "受理案件5件，同比下降100%。",
    "cn_numerals": "二十三件",
    "from_to": "由76%提升至92%，",
    "list": "行政复议、行政诉讼、",
    "newlines": "\n",
    "quotes": "“十四五”",
    "real_sentence": "2022年受理行政复议案件32件，同比增长18.51%，纠错率为64.29%。\n",
}

#: Crafted files (tests/hostile.py): refused by a limit, or loaded, without unpacking the bomb.
FILE_CASES = ("docx_styles_bomb", "docx_paragraphs_127mib", "pdf_flate_bomb_1gib")


def _text(case: str, size: int) -> bytes:
    unit = TEXT_CASES[case]
    head = "某区人民政府2022年法治政府建设年度报告\n"
    body = unit * (size // len(unit.encode()) + 1)
    return (head + body).encode()[:size].decode("utf-8", "ignore").encode()


def _file(case: str) -> tuple[bytes, str]:
    from tests import hostile

    if case == "docx_styles_bomb":
        return hostile.docx(["全年受理案件5件。"], styles_padding=2**30), "styles.docx"
    if case == "docx_paragraphs_127mib":
        return hostile.docx(hostile.repeated_paragraphs(127 * 2**20)), "paragraphs.docx"
    return hostile.pdf(stream=hostile.flate_zeros(2**30)), "bomb.pdf"


def run_one(case: str, size: int) -> dict[str, object]:
    """Run one case in this process: load, indicators, claims; times in seconds."""
    from compare.errors import CompareError
    from compare.extract.claims import extract_claims
    from compare.extract.indicators import scan
    from compare.read.loading import load_bytes

    data, name = (_file(case) if case in FILE_CASES else (_text(case, size), "bench.txt"))
    row: dict[str, object] = {"case": case, "bytes": len(data)}
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    try:
        report = load_bytes(data, name)
    except CompareError as exc:
        row.update(load=time.perf_counter() - t0, result=f"refused: {exc.what[:70]}")
        row["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        row["rss_before_mb"] = base / 1024
        return row
    t1 = time.perf_counter()
    indicators, _ = scan(report)
    t2 = time.perf_counter()
    claims = extract_claims(report, indicators)
    t3 = time.perf_counter()
    row.update(load=t1 - t0, indicators=t2 - t1, claims=t3 - t2, sections=len(report.sections),
               n_indicators=len(indicators), n_claims=len(claims), result="ok",
               rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, rss_before_mb=base / 1024)
    return row


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2], int(sys.argv[3]))))
        return 0
    size = int(float(sys.argv[1]) * 1_000_000) if len(sys.argv) > 1 else 1_000_000
    cases = sys.argv[2:] or [*TEXT_CASES, *FILE_CASES]
    print(f"{'case':24s} {'MB in':>6s} {'load s':>7s} {'ind. s':>7s} {'claims s':>8s} {'total s':>7s} "
          f"{'RSS MB':>7s}  result")
    for case in cases:
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, __file__, "--one", case, str(size)], capture_output=True,
                              text=True, check=False)
        wall = time.perf_counter() - t0
        if proc.returncode:
            print(f"{case:24s} FAILED: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(proc.stdout)
        total = sum(float(r.get(k, 0.0)) for k in ("load", "indicators", "claims"))  # type: ignore[arg-type]
        print(f"{case:24s} {int(r['bytes']) / 1e6:6.2f} {float(r['load']):7.2f} "  # type: ignore[call-overload]
              f"{float(r.get('indicators', 0)):7.2f} {float(r.get('claims', 0)):8.2f} {total:7.2f} "  # type: ignore[arg-type]
              f"{float(r['rss_mb']):7.0f}  {r['result']}"  # type: ignore[arg-type]
              + (f" (sections {r['sections']}, indicators {r['n_indicators']}, claims {r['n_claims']})"
                 if r["result"] == "ok" else "") + f"  [process {wall:.1f} s]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
