"""Per-report work stays linear in the text: asserted by counting work, never by timing it
(benchmarks/bench_hostile.py prints the times)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import compare.across.series as series_module
from compare.across.changes import changes_table
from compare.extract.claims import extract_claims
from compare.extract.indicators import extract_indicators
from compare.extract.subjects import _after_noun
from compare.models import Report, Section
from compare.read.corpus import group_reports
from compare.read.loading import load_bytes
from compare.sentences import SENTENCE_MAX_CHARS, clause_end, clause_start


def _report(body: str, year: int = 2022) -> Report:
    return load_bytes(f"某区人民政府{year}年法治政府建设年度报告\n{body}".encode(), "t.txt", year=year,
                      issuer="某区人民政府")


class _CountingSections(tuple):  # type: ignore[type-arg]
    """A sections tuple that counts how many sections are looked at."""

    touched = 0

    def __iter__(self) -> Iterator[Any]:
        for s in super().__iter__():
            _CountingSections.touched += 1
            yield s

    def __getitem__(self, i: Any) -> Any:
        _CountingSections.touched += 1
        return super().__getitem__(i)


def test_section_at_looks_at_few_sections_per_lookup() -> None:
    report = _report("1.受理案件5件。\n" * 1500)
    assert len(report.sections) > 1500
    counted = replace(report, sections=_CountingSections(report.sections))
    _CountingSections.touched = 0
    offsets = [s.start + 3 for s in report.sections]
    found = [counted.section_at(o) for o in offsets]
    # one pass to index the sections, then a few per lookup (a scan of all of them per lookup
    # was 1,500 x 1,500 = 2.25 million)
    assert _CountingSections.touched < 3 * len(report.sections) + 5 * len(offsets)
    assert found == [_section_at_by_definition(report, o) for o in offsets]


def _section_at_by_definition(report: Report, offset: int) -> Section | None:
    best: Section | None = None
    for s in report.sections:
        if s.start <= offset < s.end and (best is None or s.start >= best.start):
            best = s
    return best


@given(st.lists(st.sampled_from(["一、标题", "（一）小节", "1.条目", "一是", "受理案件5件。", "\n", "结语"]),
                max_size=30), st.integers(min_value=-5, max_value=400))
def test_section_at_agrees_with_its_definition(parts: list[str], offset: int) -> None:
    report = _report("\n".join(parts))
    assert report.section_at(offset) == _section_at_by_definition(report, offset)


def test_linking_claims_to_indicators_looks_only_near_each_claim(monkeypatch: Any) -> None:
    looked = {"indicators": 0, "claims": 0}
    original = series_module._claim_indicator

    def counting(c: Any, indicators: Any) -> Any:
        looked["indicators"] += len(indicators)
        looked["claims"] += 1
        return original(c, indicators)

    monkeypatch.setattr(series_module, "_claim_indicator", counting)
    report = _report("一、主要工作\n" + "受理案件5件，同比下降10%。" * 1500)
    changes_table(group_reports([report]))
    assert looked["claims"] >= 1500
    # each claim sees the indicators of its own sentence, not all 1,500 of the report
    assert looked["indicators"] <= 3 * looked["claims"]


def test_records_keep_a_bounded_block_of_a_run_on_sentence() -> None:
    # 由76%提升至92%， 3,000 times with no 。: one "sentence" of ~30,000 characters; each claim
    # copied all of it (memory and csv/json output quadratic in the text)
    report = _report("一、主要工作\n" + "全程网办率由76%提升至92%，" * 3000)
    claims = extract_claims(report)
    indicators = extract_indicators(report)
    assert len(claims) == 3000
    assert all(len(c.sentence) <= SENTENCE_MAX_CHARS + 2 for c in claims)
    assert all(len(i.sentence) <= SENTENCE_MAX_CHARS + 2 for i in indicators)
    assert len({id(c.sentence) for c in claims}) <= len(report.text) // SENTENCE_MAX_CHARS + 1
    assert all("92%" in c.sentence for c in claims)


def test_a_short_sentence_is_kept_whole() -> None:
    (claim,) = extract_claims(_report("一、主要工作\n全年受理案件90件，同比下降10%。"))
    assert claim.sentence == "全年受理案件90件，同比下降10%。"


# --- fast paths equal the plain definitions ---------------------------------------------------

_CLAUSE_END = "。！？!?\n，,；;：:"
_TEXT = st.text(alphabet=st.sampled_from(list("受理案件5%“”，。；：\n一二三是的名人向与在 ")), max_size=400)


@given(_TEXT, st.data())
def test_clause_bounds_equal_the_character_definition(text: str, data: Any) -> None:
    pos = data.draw(st.integers(min_value=0, max_value=len(text)))
    s0 = data.draw(st.integers(min_value=0, max_value=pos))
    lo = max(s0, pos - 200)
    last = max(text.rfind(ch, lo, pos) for ch in _CLAUSE_END)
    assert clause_start(text, s0, pos) == (last + 1 if last >= 0 else lo)
    s1 = data.draw(st.integers(min_value=pos, max_value=len(text)))
    hi = min(s1, pos + 200)
    found = [i for i in (text.find(ch, pos, hi) for ch in _CLAUSE_END) if i >= 0]
    assert clause_end(text, pos, s1) == (min(found) if found else max(pos, hi))


@given(_TEXT)
def test_noun_after_a_unit_is_the_same_from_a_window(after: str) -> None:
    from compare.extract.subjects import _AFTER_STOP_RE, _QUOTES, AFTER_SUBJECT_MAX_CHARS

    s = after.translate(_QUOTES)
    m = _AFTER_STOP_RE.search(s)
    assert _after_noun(after) == (s[: m.start()] if m else s)[:AFTER_SUBJECT_MAX_CHARS]
