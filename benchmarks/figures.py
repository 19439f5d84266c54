"""How the benchmark scripts print a figure measured over several runs: min–max, one value when
they agree at the printed precision."""

from __future__ import annotations

from collections.abc import Sequence


def span(values: Sequence[float], fmt: str = "{:.2f}") -> str:
    """'0.31–0.37' for the runs' values, '0.31' when min and max print the same."""
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}–{fmt.format(hi)}"
