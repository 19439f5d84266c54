"""compile_repetitive: the numeral pattern compiled with its character classes remembered is the
same program as the standard compile (start-up time is the only difference, see
benchmarks/bench_startup.py)."""

from __future__ import annotations

import importlib
import re

import pytest

from compare.extract import numbers
from compare.extract.regexcompile import compile_repetitive, remembered_charsets


def _program(pattern: str, remember: bool) -> list[int]:
    try:
        parser = importlib.import_module("re._parser")
        compiler = importlib.import_module("re._compiler")
    except ImportError:
        pytest.skip("this Python has no re._parser / re._compiler")
    if remember:
        with remembered_charsets():
            return list(compiler._code(parser.parse(pattern, 0), 0))
    return list(compiler._code(parser.parse(pattern, 0), 0))


@pytest.mark.parametrize("name", ["_MASTER", "_ANCHOR", "_MEASURE_RE"])
def test_remembered_classes_give_the_same_program(name: str) -> None:
    pattern = getattr(numbers, name).pattern
    assert _program(pattern, remember=True) == _program(pattern, remember=False)


def test_same_matches_as_re_compile() -> None:
    pattern = r"[ \t\u3000]*(?:[一二三]|[ \t\u3000]+[0-9０-９]+)[ \t\u3000]*"
    fast, plain = compile_repetitive(pattern), re.compile(pattern)
    for text in ["一", " 12", "\u3000３４ ", "x", "  二 "]:
        got, want = fast.match(text), plain.match(text)
        assert (got.span() if got else None) == (want.span() if want else None)


def test_the_standard_step_is_restored() -> None:
    compiler = importlib.import_module("re._compiler")
    before = compiler._optimize_charset
    compile_repetitive(r"[一二][三四]")
    assert compiler._optimize_charset is before
