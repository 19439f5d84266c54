"""report-compare: compare annual government reports (法治政府建设年度报告) year over year.

The library does the work; the `report-compare` CLI (compare.cli) is a thin layer over it.
"""

from compare.errors import CompareError
from compare.loading import load, load_bytes
from compare.models import Claim, Indicator, NumberSpan, Report, Section, SectionMatch

__all__ = [
    "Claim",
    "CompareError",
    "Indicator",
    "NumberSpan",
    "Report",
    "Section",
    "SectionMatch",
    "load",
    "load_bytes",
]
__version__ = "0.1.0"
