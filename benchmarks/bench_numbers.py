"""Throughput of compare.extract.numbers.find_numbers.

Run: python benchmarks/bench_numbers.py
Prints cases/s and chars/s on the 517 Recognizers-Text cases (../shared/external), the mean time
on the seed report, and the external test's pass/skip counts.

    python benchmarks/bench_numbers.py --recognizers

times Recognizers-Text itself (number + percentage models, Chinese) on the same 517 cases, in an
interpreter where it is installed (it pins old dependencies, so use a separate venv:
`pip install recognizers-text-suite 'emoji<1.0'`); this mode does not import the toolkit.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SHARED = ROOT.parent / "shared"
EXTERNAL = SHARED / "external" / "recognizers_text_zh"
SEED = SHARED / "seeds" / "beibei_2020_rule_of_law_report.txt"
ROUNDS = 200  # enough for a stable mean on a shared machine; the whole run takes ~1 s


def _cases() -> list[str]:
    inputs: list[str] = []
    for name in ("NumberModel.json", "PercentModel.json"):
        with open(EXTERNAL / name, encoding="utf-8-sig") as fh:
            inputs += [case["Input"] for case in json.load(fh)]
    return inputs


def _best_mean(fn, rounds: int, repeats: int = 5) -> float:
    """Best of `repeats` means over `rounds` calls, in seconds (the best mean is the least
    disturbed by other processes)."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(rounds):
            fn()
        best = min(best, (time.perf_counter() - t0) / rounds)
    return best


def recognizers() -> None:
    """Recognizers-Text's own rate on the 517 cases (the figure find_numbers is compared with)."""
    from recognizers_number import Culture, recognize_number, recognize_percentage

    inputs = _cases()

    def run_all() -> None:
        for t in inputs:
            recognize_number(t, Culture.Chinese)
            recognize_percentage(t, Culture.Chinese)

    run_all()  # its models are built on first use: not part of the rate
    per_pass = _best_mean(run_all, 3)
    print(f"Recognizers-Text (number + percentage, Chinese): {len(inputs) / per_pass:,.0f} cases/s")


def main() -> None:
    from compare.extract.numbers import find_numbers

    inputs = _cases()
    chars = sum(len(t) for t in inputs)

    def run_all() -> None:
        for t in inputs:
            find_numbers(t)

    per_pass = _best_mean(run_all, 20)
    print(f"external cases: {len(inputs)} inputs, {chars} chars")
    print(f"  find_numbers: {len(inputs) / per_pass:,.0f} cases/s, {chars / per_pass:,.0f} chars/s")

    text = SEED.read_text(encoding="utf-8")
    per_call = _best_mean(lambda: find_numbers(text), ROUNDS)
    n = len(find_numbers(text))
    size = len(text.encode("utf-8"))
    print(f"seed report: {len(text)} chars ({size / 1024:.1f} KB utf-8), {n} numbers")
    print(f"  find_numbers: {per_call * 1000:.3f} ms per report (best mean of {ROUNDS} runs)")
    print(f"  {len(text) / per_call:,.0f} chars/s")

    import test_numbers_external as ext  # the test's own conventions and skip list

    passed = skipped = failed = 0
    by_reason: dict[str, int] = {}
    for model, _, case in ext.CASES:
        reason = ext._REASON.get(f"{model}:{case['Input']}")
        if reason is not None:
            skipped += 1
            by_reason[reason] = by_reason.get(reason, 0) + 1
        elif ext.passes(model, case):
            passed += 1
        else:
            failed += 1
    print(f"external test: {len(ext.CASES)} cases, {passed} passed, {failed} failed, {skipped} skipped")
    for reason, count in sorted(by_reason.items(), key=lambda kv: -kv[1]):
        print(f"  {count:3d}  {reason}")


if __name__ == "__main__":
    recognizers() if "--recognizers" in sys.argv[1:] else main()
