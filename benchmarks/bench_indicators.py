"""Indicator + claim extraction speed: mean time per report over 200 runs on the seed (target
< 10 ms on one core), with the share spent finding numerals. Prints figures; never asserts
(wall-clock time is not a test)."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from compare.extract.claims import extract_claims
from compare.extract.indicators import extract_indicators, scan
from compare.extract.lexicon import load_lexicon
from compare.extract.numbers import find_numbers
from compare.read.loading import load

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
RUNS = 200
TARGET_MS = 10.0


def _time(fn: Callable[[], object]) -> list[float]:
    fn()  # warm-up: imports, regex compilation, lexicon
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _line(name: str, times: list[float]) -> str:
    return (f"  {name:<24} mean {statistics.mean(times):7.3f} ms  median {statistics.median(times):7.3f} ms  "
            f"p95 {sorted(times)[int(RUNS * 0.95)]:7.3f} ms")


def main() -> int:
    report = load(SEED)
    lexicon = load_lexicon()
    indicators = extract_indicators(report, lexicon)
    claims = extract_claims(report, indicators, lexicon)
    # extract_claims without indicators extracts them too, from the same scan of the numerals
    # (compare.extract.indicators.scan); only the lexicon remembers which aliases can match each
    # subject, as it does over the reports of a corpus
    both = _time(lambda: extract_claims(report, lexicon=lexicon))
    separate = _time(lambda: extract_claims(report, extract_indicators(report, lexicon), lexicon))
    print(f"indicators+claims {SEED.name} ({len(report.text)} characters, {len(indicators)} indicators, "
          f"{len(claims)} claims), {RUNS} runs")
    print(_line("indicators+claims", both))
    print(_line("  extract_indicators", _time(lambda: extract_indicators(report, lexicon))))
    print(_line("  separate calls", separate))
    print(_line("  scan", _time(lambda: scan(report, lexicon))))
    print(_line("  extract_claims (given)", _time(lambda: extract_claims(report, indicators, lexicon))))
    print(_line("  find_numbers", _time(lambda: find_numbers(report.text))))
    mean = statistics.mean(both)
    print(f"  target < {TARGET_MS} ms: {'OK' if mean < TARGET_MS else 'OVER TARGET'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
