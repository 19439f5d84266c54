"""The report audit (issue 12), library layer: each measure on the seed and on our own fixtures
(tests/fixtures/audit: invented reports in the style of real ones)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import compare
from compare.audit import Audit, ReportAudit, audit_corpus, audit_paths, audit_report
from compare.audit.carryover import CARRYOVER_MIN_CHARS, CARRYOVER_MIN_RATIO, carried_over
from compare.audit.density import density, is_slogan_only
from compare.audit.followthrough import follow_through, plan_items
from compare.audit.parts import find_parts, part_lengths
from compare.audit.table import AUDIT, CARRYOVER, FOLLOWTHROUGH, audit_frame, report_row
from compare.audit.timeliness import page_date, timeliness
from compare.extract.result import analyse
from compare.read.corpus import load_corpus
from tests.conftest import ROOT, SEED

FIXTURES = ROOT / "tests" / "fixtures" / "audit"
SONGXI = FIXTURES / "songxi"
HEXI = FIXTURES / "single" / "hexi_2023.txt"


@pytest.fixture(scope="module")
def seed_audit() -> ReportAudit:
    audit = audit_paths([SEED], jobs=1)
    assert len(audit.reports) == 1
    return audit.reports[0]


@pytest.fixture(scope="module")
def songxi() -> Audit:
    return audit_paths([SONGXI], jobs=1)


def _year(audit: Audit, year: int) -> ReportAudit:
    return next(a for a in audit.reports if a.report.year == year)


# ------------------------------------------------------------------------- seed acceptance
def test_seed_has_every_required_part_and_first_responsible_only_as_a_sub_item(seed_audit: ReportAudit) -> None:
    assert seed_audit.missing == ()
    assert seed_audit.part("measures_results").paths == ("一",)
    assert seed_audit.part("shortcomings").paths == ("二",)
    assert seed_audit.part("next_year_plan").paths == ("三",)
    duty = seed_audit.part("first_responsible")
    assert (duty.status, duty.paths) == ("sub-item", ("一/(一)/2",))


def test_seed_is_dated_2021_01_13_and_on_time(seed_audit: ReportAudit) -> None:
    t = seed_audit.timeliness
    assert (t.report_date, t.deadline, t.status, t.days_late) == ("2021-01-13", "2021-04-01", "on time", None)
    assert t.page_date == "2021-01-13" and t.basis == "page"  # the page's 日期: line


def test_seed_states_one_change_that_cannot_be_checked_without_2019(seed_audit: ReportAudit) -> None:
    c = seed_audit.claims
    assert (c.stated, c.checked, c.consistent, c.inconsistent, c.not_checkable) == (1, 0, 0, 0, 1)


def test_seed_has_no_previous_report(seed_audit: ReportAudit) -> None:
    assert seed_audit.prior_year is None and seed_audit.carried == () and seed_audit.prior_plan == ()
    # nothing to carry over or follow through without a previous report: blank cells, not 0
    row = audit_frame([seed_audit]).iloc[0]
    for column in ("prior_year", "carried_sections", "carried_chars", "prior_plan_items", "prior_plan_followed",
                   "share_followed"):
        assert pd.isna(row[column]), column
    assert row["carried_paths"] == "" and row["plan_items"] == 5


def test_seed_density_and_lengths(seed_audit: ReportAudit) -> None:
    d = seed_audit.density
    assert d.sections == 26  # leaf items of 一 (5 + 7 + 9 + 5)
    assert 0 < d.with_figure < d.sections
    assert d.per_1000 is not None and 5 < d.per_1000 < 20
    n = seed_audit.lengths
    assert 0 < n.shortcomings < n.measures and n.ratio is not None and n.ratio < 0.1


# ------------------------------------------------------------------------- fixtures
def test_missing_part_is_reported(songxi: Audit) -> None:
    a2022 = _year(songxi, 2022)
    assert a2022.missing == ("shortcomings",)
    assert a2022.part("shortcomings").paths == ()
    assert a2022.lengths.shortcomings == 0 and a2022.lengths.ratio == 0
    assert _year(songxi, 2021).missing == ()


def test_a_part_missing_entirely_and_a_combined_heading(tmp_path: Path) -> None:
    report = compare.load(HEXI)
    found = {f.part: f for f in find_parts(report)}
    assert found["first_responsible"].status == "missing"
    # 二、存在的问题和下一步工作打算 covers both parts
    assert found["shortcomings"].paths == ("二",) and found["next_year_plan"].paths == ("二",)


def test_a_part_written_only_as_a_sub_item_is_found(tmp_path: Path) -> None:
    text = ("某县2022年法治政府建设情况报告\n一、2022年工作情况\n（一）深化放管服改革。精简事项30项。\n"
            "（二）存在的主要问题。基层执法力量不足。\n二、2023年工作安排\n（一）加强执法队伍建设。\n")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    found = {f.part: f for f in find_parts(compare.load(path))}
    assert (found["shortcomings"].status, found["shortcomings"].paths) == ("sub-item", ("一/(二)",))
    # a measures item that mentions 问题 is not the shortcomings part
    text2 = text.replace("（二）存在的主要问题。基层执法力量不足。", "（二）着力解决群众反映强烈的问题。办结12件。")
    path.write_text(text2, encoding="utf-8")
    found = {f.part: f for f in find_parts(compare.load(path))}
    assert found["shortcomings"].status == "missing"


def test_late_report_judged_on_the_page_date(songxi: Audit) -> None:
    t = _year(songxi, 2022).timeliness
    assert (t.report_date, t.page_date, t.basis) == ("2023-04-10", "2023-04-18", "page")
    assert (t.status, t.days_late, t.text) == ("late", 17, "late by 17 days")
    t2021 = _year(songxi, 2021).timeliness
    assert (t2021.basis, t2021.status, t2021.page_date) == ("report", "on time", "")


def test_date_not_found_and_year_not_found() -> None:
    report = compare.load(HEXI)
    assert timeliness(report).status == "date not found"
    assert timeliness(replace(report, year=None)).status == "year not found"


def test_deadline_day_itself_is_on_time() -> None:
    report = replace(compare.load(HEXI), date="2024-04-01")
    assert timeliness(report).status == "on time"
    assert timeliness(replace(report, date="2024-04-02")).days_late == 1


def test_page_date_is_never_the_signature_of_a_report_without_headings(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("某区2022年法治政府建设情况报告\n" + "全年推进法治建设。\n" * 30 + "某区人民政府\n2023年5月6日\n",
                    encoding="utf-8")
    assert page_date(compare.load(path)) == ""


def test_copied_section_found_with_both_paths(songxi: Audit) -> None:
    carried = _year(songxi, 2022).carried
    assert [(c.path, c.prior_path, c.prior_year) for c in carried] == [("二/(二)", "二/(三)", 2021)]
    assert carried[0].similarity >= CARRYOVER_MIN_RATIO and carried[0].chars >= CARRYOVER_MIN_CHARS


def test_rewritten_and_short_sections_are_not_carried_over() -> None:
    old, new = (compare.load(SONGXI / f"songxi_{y}.txt") for y in (2021, 2022))
    # the duty part keeps its wording but changes figures and a phrase: below 0.9
    assert "一" not in {c.path for c in carried_over(old, new)}
    # a section against itself is carried over; the same text cut short is too short to count
    assert carried_over(old, old)
    short = replace(old, sections=tuple(replace(s, body=s.body[:CARRYOVER_MIN_CHARS // 2]) for s in old.sections))
    assert carried_over(short, short) == ()


def test_a_copy_with_its_figures_updated_is_still_carried_over() -> None:
    old = compare.load(SONGXI / "songxi_2021.txt")
    s = old.section("二/(一)")
    new = replace(old, year=2022, sections=tuple(
        replace(x, body=x.body.replace("865", "912").replace("72%", "81%")) if x.path == s.path else x
        for x in old.sections))
    hit = {c.path: c for c in carried_over(old, new)}["二/(一)"]
    assert hit.prior_path == "二/(一)" and CARRYOVER_MIN_RATIO <= hit.similarity < 1


def test_stated_change_inconsistent(songxi: Audit) -> None:
    c = _year(songxi, 2022).claims
    assert (c.stated, c.checked, c.inconsistent, c.consistent, c.not_checkable) == (1, 1, 1, 0, 0)


def test_plan_item_followed_through_and_one_not(songxi: Audit) -> None:
    items = {p.path: p for p in _year(songxi, 2022).prior_plan}
    assert set(items) == {"四/(一)", "四/(二)", "四/(三)"}
    assert items["四/(一)"].followed and items["四/(一)"].measure_path == "二/(一)"
    assert items["四/(二)"].followed and items["四/(二)"].measure_path == "二/(三)"
    park = items["四/(三)"]  # 建设法治文化主题公园: nothing about it in 2022
    assert not park.followed and park.measure_path == "" and park.score < 0.25
    assert _year(songxi, 2022).followed == 2


def test_plan_items_are_the_items_under_the_plan_part() -> None:
    report = compare.load(SEED)
    assert [s.path for s in plan_items(report)] == ["三/(一)", "三/(二)", "三/(三)", "三/(四)", "三/(五)"]
    # plan items are set against the next report's measures part only, never against its plans
    items = follow_through(report, report)
    assert len(items) == 5 and all(not p.measure_path.startswith("三") for p in items)


def test_slogan_rule() -> None:
    report = compare.load(SONGXI / "songxi_2021.txt")
    d = density(report, analyse(report).indicators)
    assert d.slogan_paths == ("二/(四)",)  # 持续加强法治宣传教育，营造浓厚法治氛围…
    s = report.section("二/(三)")  # names 公示制度, 评查机制: concrete
    assert not is_slogan_only(s, 0)
    assert not is_slogan_only(report.section("二/(四)"), 1)  # a figure is never a slogan
    quoted = replace(report.section("二/(四)"), body="深入开展“八五”普法宣传。")
    assert not is_slogan_only(quoted, 0)


def test_lengths_count_each_part() -> None:
    report = compare.load(SONGXI / "songxi_2021.txt")
    n = part_lengths(report)
    assert n.shortcomings > 0 and n.measures > n.shortcomings


# ------------------------------------------------------------------------- tables
def test_every_declared_column_is_filled_with_its_kind(songxi: Audit) -> None:
    # On the fixtures every measure has something to say: a column that no measure fills would be
    # blank in every row. Counts and years are integers, measures and scores numbers, flags booleans.
    t = songxi.tables
    for table, frame in ((AUDIT, t.reports), (CARRYOVER, t.carryover), (FOLLOWTHROUGH, t.followthrough)):
        for c in table.columns:
            values = frame[c.id]
            assert (values.notna() & (values.astype(str) != "")).any(), (table.name, c.id)
            dtype = str(values.dtype)
            expected = {"count": "Int64", "year": "Int64", "value": "float64", "score": "float64",
                        "flag": "bool"}.get(c.kind)
            assert expected is None or dtype == expected, (table.name, c.id, dtype)
            assert c.label and c.note, c.id


def test_counts_are_integers_and_blank_without_a_previous_report(songxi: Audit) -> None:
    r = songxi.tables.reports.set_index("year")
    assert str(r["days_late"].dtype) == "Int64" and int(r.loc[2022, "days_late"]) == 17
    assert r.loc[2021, "carried_sections"] is pd.NA
    assert int(r.loc[2022, "carried_sections"]) == 1
    assert r.loc[2022, "share_followed"] == pytest.approx(66.7)


def test_audit_corpus_takes_what_compare_computed() -> None:
    corpus = load_corpus([SONGXI])
    changes = compare.changes_table(corpus)
    again = audit_corpus(corpus, changes)
    assert again.tables.reports.equals(audit_paths([SONGXI], jobs=1).tables.reports)


def test_batch_continues_past_a_bad_file() -> None:
    audit = audit_paths([SEED, ROOT / "tests" / "fixtures" / "junk.bin"], jobs=1)
    assert len(audit.reports) == 1 and len(audit.failures) == 1
    assert audit.failures[0].file.endswith("junk.bin")


def test_a_compare_job_carries_the_audit() -> None:
    from compare.extract.lexicon import load_lexicon
    from compare.pipeline import compute

    job = compute([SONGXI], load_lexicon(), jobs=1)
    assert job.audit is not None
    assert job.audit.reports.equals(audit_paths([SONGXI], jobs=1).tables.reports)


def test_measures_import_no_writer_engine_or_pipeline() -> None:
    # The measures sit between compare.across and compare.write; only run.py orchestrates.
    package = ROOT / "compare" / "audit"
    for path in sorted(package.glob("*.py")):
        if path.name == "run.py":
            continue
        text = path.read_text(encoding="utf-8")
        for stage in ("compare.write", "compare.engine", "compare.pipeline", "compare.cli"):
            assert f"from {stage}" not in text and f"import {stage}" not in text, (path.name, stage)


_PIECES = ["一、", "二、", "三、", "（一）", "（二）", "1.", "2.", "主要举措和成效", "存在的问题和下一步打算",
           "2023年工作安排", "存在的不足", "第一责任人职责", "。", "，", "全年办理案件12件", "同比增长50%",
           "《条例》", "“放管服”", "营造良好氛围", "\n", "发布时间：2024-04-30\n", "2024年3月1日\n",
           "某区人民政府\n", "2022年", "建立机制"]


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")))
@given(st.lists(st.sampled_from(_PIECES), max_size=60), st.lists(st.sampled_from(_PIECES), max_size=60))
def test_any_report_like_text_is_audited_without_failing(a: list[str], b: list[str]) -> None:
    old = compare.load_bytes(("某区2022年法治政府建设情况报告\n" + "".join(a)).encode(), "a.txt")
    new = compare.load_bytes(("某区2023年法治政府建设情况报告\n" + "".join(b)).encode(), "b.txt")
    res = analyse(new)
    audit = audit_report(new, res.indicators, res.claims, pd.DataFrame(), prior=old)
    d, c, t = audit.density, audit.claims, audit.timeliness
    assert 0 <= d.with_figure <= d.sections and 0 <= d.slogan_only <= d.sections - d.with_figure
    # no changes table: every stated change is counted, none is checked
    assert (c.stated, c.checked, c.not_checkable) == (len(res.claims), 0, len(res.claims))
    assert t.status in ("on time", "late", "date not found", "year not found")
    if t.status in ("on time", "late"):  # the days late, counted again from the date judged
        judged = dt.date.fromisoformat(t.page_date if t.basis == "page" else t.report_date)
        late = (judged - dt.date.fromisoformat(t.deadline)).days
        assert (t.status == "late") == (late > 0) and t.days_late == (late if late > 0 else None)
    assert {f.part for f in audit.parts} == {"measures_results", "shortcomings", "first_responsible",
                                             "next_year_plan"}
    assert all(0 <= p.score <= 1 for p in audit.prior_plan)
    assert tuple(report_row(audit)) == AUDIT.ids  # every declared column, in order, and no other
