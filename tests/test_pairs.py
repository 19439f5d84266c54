"""The pipeline owns the report pairs: each consecutive pair of an issuer's reports is aligned
exactly once in a `compare` run and in a `changes` run, and the stages take that alignment instead
of aligning again. Counted, not timed."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

import compare
from compare import pipeline
from compare.across import align, changes
from compare.read.corpus import load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"
PACKAGE = Path(compare.__file__).parent


def _expected_pairs() -> list[tuple[str, str]]:
    corpus = load_corpus([CORPUS])
    return sorted((a.source, b.source) for s in corpus.series for a, b in pairwise(s.reports))


def _count_alignments(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Wrap align_sections wherever a compare module holds it; record (old, new) sources per call."""
    calls: list[tuple[str, str]] = []
    real: Callable[..., object] = align.align_sections

    def counted(old: compare.Report, new: compare.Report, *args: object, **kwargs: object) -> object:
        calls.append((old.source, new.source))
        return real(old, new, *args, **kwargs)

    for name, module in list(sys.modules.items()):
        if name.startswith("compare") and getattr(module, "align_sections", None) is real:
            monkeypatch.setattr(module, "align_sections", counted)
    return calls


def test_the_fixture_corpus_has_pairs_in_two_issuers() -> None:
    pairs = _expected_pairs()
    assert len(pairs) >= 3 and len({Path(a).parent for a, _ in pairs}) == 2


def test_a_compare_run_aligns_each_pair_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = _count_alignments(monkeypatch)
    result = pipeline.run_compare([CORPUS], tmp_path / "out", jobs=1)
    assert sorted(calls) == _expected_pairs()  # one call per consecutive pair, none twice
    assert len(result.tables["changes"])  # and the changes were computed from those alignments


def test_a_changes_run_aligns_each_pair_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_alignments(monkeypatch)
    _corpus, table = compare.corpus_changes([CORPUS], jobs=1)
    assert sorted(calls) == _expected_pairs()
    assert len(table)


def test_changes_from_given_alignments_equal_changes_aligned_here() -> None:
    corpus = load_corpus([CORPUS])
    given = pipeline.align_corpus(corpus, measures=True)  # the Sections sheet's alignment
    long, table = changes.tables(corpus, alignments=given)
    expected_long, expected_table = changes.tables(corpus)
    assert table.equals(expected_table) and long.equals(expected_long)


def test_alignments_must_cover_every_series() -> None:
    corpus = load_corpus([CORPUS])
    with pytest.raises(ValueError, match="alignments for"):
        changes.changes_table(corpus, alignments=pipeline.align_corpus(corpus)[:1])


def test_prepared_units_give_the_same_alignment() -> None:
    corpus = load_corpus([CORPUS])
    for s in corpus.series:
        for a, b in pairwise(s.reports):
            assert align.align_sections(a, b, units=(align.section_units(a), align.section_units(b))) \
                == align.align_sections(a, b)


def test_corpus_changes_is_the_pipelines_and_exported_from_compare() -> None:
    assert compare.corpus_changes is pipeline.corpus_changes
    assert not hasattr(changes, "corpus_changes")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    return names


@pytest.mark.parametrize("stage", ["read", "extract", "across", "write"])
def test_stages_never_import_the_orchestration(stage: str) -> None:
    # One-way flow: a stage takes what the pipeline / engine give it; it never loads files itself
    # through them (compare.across.changes imported compare.engine to load the corpus).
    for path in sorted((PACKAGE / stage).glob("*.py")):
        bad = {m for m in _imports(path) if m in ("compare.engine", "compare.pipeline", "compare.cache")
               or m.startswith("compare.cli")}
        assert not bad, f"{path.name} imports {bad}"
