"""report-compare: compare annual government reports (法治政府建设年度报告) year over year.

The library does the work; the `report-compare` CLI (compare.cli) is a thin layer over it. The
package is laid out the way data flows, one way:

    compare.read     file bytes -> Report (formats, metadata, outline), files -> Corpus
    compare.extract  Report -> numbers, indicators, stated changes (claims); the lexicon
    compare.across   reports of several years -> aligned sections, indicator series, changes, diffs
    compare.write    tables -> workbook, charts, HTML / terminal diffs, the output folder
    compare.engine   the per-report stage over many files (process pool, cache: compare.cache)
    compare.pipeline the main job: scan once, align once, hand the tables to the writers

The names exported here are the stable API; module paths below them may move between versions.
Heavy entry points are imported on first use, so `import compare` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

from compare.errors import CompareError
from compare.models import Claim, Indicator, NumberSpan, Report, Section, SectionMatch
from compare.read.loading import load, load_bytes

#: Stable entry points imported on first use (PEP 562): name -> module that defines it.
_LAZY = {
    "find_numbers": "compare.extract.numbers",
    "parse_number": "compare.extract.numeral_value",
    "load_lexicon": "compare.extract.lexicon",
    "extract_indicators": "compare.extract.indicators",
    "extract_claims": "compare.extract.claims",
    "load_corpus": "compare.read.corpus",
    "align_sections": "compare.across.align",
    "diff_reports": "compare.across.diff",
    "changes_table": "compare.across.changes",
    "corpus_changes": "compare.changesjob",
    "run_compare": "compare.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'compare' has no attribute {name!r}")


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
    *_LAZY,
]
__version__ = "0.1.0"
