"""The benchmark corpus generator (benchmarks/make_corpus.py): deterministic, and every report it
writes is read back with the issuer-year it was made for, so benchmark figures measure real work."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from compare import load

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

make_corpus = pytest.importorskip("make_corpus")


def test_same_arguments_same_bytes(tmp_path: Path) -> None:
    a = make_corpus.make_corpus(tmp_path / "a", 3, range(2020, 2023), seed=7)
    b = make_corpus.make_corpus(tmp_path / "b", 3, range(2020, 2023), seed=7)
    assert [f.read_bytes() for f in a] == [f.read_bytes() for f in b]
    c = make_corpus.make_corpus(tmp_path / "c", 3, range(2020, 2023), seed=8)
    assert [f.read_bytes() for f in a] != [f.read_bytes() for f in c]


def test_reports_carry_their_year_and_differ(tmp_path: Path) -> None:
    files = make_corpus.make_corpus(tmp_path, 3, range(2019, 2023))
    assert len(files) == 12
    for f in files:
        report = load(f)
        assert report.year == int(f.stem.rsplit("_", 1)[1])
        assert report.sections, f
    texts = {f.read_text(encoding="utf-8") for f in files}
    assert len(texts) == len(files)


def test_issuers_are_distinct() -> None:
    names = [i.folder for i in make_corpus.issuers(2000)]
    assert len(set(names)) == len(names)
