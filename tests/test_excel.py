"""The comparison workbook, read back with openpyxl and pandas: sheet names, Chinese headers with
English comments, values, number formats, links, rich-text diffs, formula-looking text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from compare.across.diff import DiffOp
from compare.schema import IndicatorsWide
from compare.write import excel
from compare.write.excel import (
    FMT_APPROX,
    FMT_PERCENT,
    FMT_POINTS,
    HEADER_LABELS,
    SHEETS,
    display_width,
    rich_sides,
    write_workbook,
)

ISSUER = "重庆市北碚区人民政府"


def _frames() -> dict[str, Any]:
    sections = pd.DataFrame(
        {
            "issuer": [ISSUER, ISSUER, ISSUER],
            "year_old": [2019, 2019, 2019],
            "year_new": [2020, 2020, 2020],
            "old_path": ["一", "二", "三"],
            "new_path": ["一/(一)", "一/(二)", ""],
            "old_title": ["加强组织领导，统筹谋划法治政府建设", "依法全面履行政府职能", "=HYPERLINK(\"http://x\")"],
            "new_title": ["强化组织领导，统筹谋划法治政府建设各项工作", "政府职能依法全面履行", ""],
            "score": [0.83, 0.71, 0.0],
            "status": ["changed", "changed", "removed"],
            "cosine": [0.9, 0.8, 0.0],
            "jaccard": [0.5, 0.4, 0.0],
            "edit_similarity": [0.6, 0.55, 0.0],
        }
    )
    # The Indicators sheet's typed table: years given, marks as columns (compare.schema).
    wide = IndicatorsWide(pd.DataFrame(
        {
            "issuer": [ISSUER, ISSUER],
            "indicator": ["head_appearance_rate", "reconsideration_received"],
            "indicator_name": ["行政机关负责人出庭应诉率", "行政复议申请"],
            "subject": ["行政机关负责人出庭应诉率", "行政复议申请"],
            "unit": ["%", "件"],
            "kind": ["rate", "count"],
            "section": ["一/(二)", "一/(一)"],
            2019: [45.78, 66.0],
            2020: [64.29, 151.0],
            "series": ["a", "b"],
            "implied_years": ["2019", ""],
            "marks_2019": ["implied", ""],
            "marks_2020": ["", "approximate"],
        }
    ), (2019, 2020))
    changes = pd.DataFrame(
        {
            "issuer": [ISSUER, ISSUER, ISSUER],
            "indicator": ["head_appearance_rate", "reconsideration_received", "litigation_cases"],
            "subject": ["行政机关负责人出庭应诉率", "行政复议申请", "行政诉讼案件"],
            "unit": ["%", "件", "件"],
            "year_old": [2019, 2019, 2019],
            "value_old": [45.78, 66.0, 40.0],
            "year_new": [2020, 2020, 2020],
            "value_new": [64.29, 151.0, 31.0],
            "change": [18.51, 85.0, -9.0],
            "change_kind": ["percentage_points", "absolute", "absolute"],
            "pct_change": [40.43, 128.79, -22.5],
            "claim_status": ["unverifiable", "consistent", ""],
            "section": ["一/(二)", "一/(一)", "二"],
            "note": ["implied 2019 value", "+128.78% stated", "-9件"],
        }
    )
    claims = pd.DataFrame(
        {
            "issuer": [ISSUER],
            "year_new": [2020],
            "indicator": ["reconsideration_received"],
            "subject": ["同比增长128.78%"],
            "claimed_change": [128.78],
            "computed_change": [128.79],
            "claim_status": ["consistent"],
            "note": ["@SUM(A1:A3)"],
        }
    )
    diffs = pd.DataFrame(
        {
            "issuer": [ISSUER, ISSUER],
            "old_path": ["二", "一"],
            "new_path": ["一/(二)", "一/(一)"],
            "pair_index": [1, 0],
            "ops": [
                [DiffOp("equal", "出庭应诉率达到", "出庭应诉率达到"), DiffOp("replace", "72%", "89%"),
                 DiffOp("delete", "，较好", "")],
                [DiffOp("insert", "", "强化"), DiffOp("equal", "组织领导", "组织领导"),
                 DiffOp("move_to", "一是…。", "一是…。")],
            ],
        }
    )
    sources = pd.DataFrame(
        {
            "file": ["seeds/beibei_2019.txt", "seeds/beibei_2020.txt"],
            "issuer": [ISSUER, ISSUER],
            "year": [2019, 2020],
            "date": ["2020-01-10", "2021-01-13"],
            "sha256": ["a" * 64, "b" * 64],
        }
    )
    summary = pd.DataFrame({"item": ["报告数 reports", "发文机关 issuers"], "value": [2, 1]})
    return {
        "summary": summary,
        "indicators_wide": wide,
        "changes": changes,
        "claims": claims,
        "sections": sections,
        "section_diffs": diffs,
        "sources": sources,
    }


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "out" / "comparison.xlsx"
    assert write_workbook(path, **_frames()) == path
    return path


def _headers(ws) -> list[str]:
    return [c.value for c in ws[1]]


def _column(ws, key: str) -> int:
    return _headers(ws).index(HEADER_LABELS[key]) + 1


def test_sheet_names_in_order(book: Path) -> None:
    assert load_workbook(book).sheetnames == list(SHEETS)


def test_headers_are_chinese_with_english_comment_everywhere(book: Path) -> None:
    wb = load_workbook(book)
    for ws in wb:
        for cell in ws[1]:
            if cell.value is None:
                continue
            assert cell.comment is not None, (ws.title, cell.coordinate)
            english = cell.comment.text.split(":")[0]
            assert english.isascii()
            if english in HEADER_LABELS:
                assert cell.value == HEADER_LABELS[english]
            else:  # year columns of the wide table
                assert cell.value == f"{english}年"
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
    assert _headers(wb["Sources"]) == ["文件", "发文机关", "年度", "发布日期", "SHA-256"]


def test_pandas_reads_the_values(book: Path) -> None:
    sources = pd.read_excel(book, sheet_name="Sources")
    assert list(sources["SHA-256"]) == ["a" * 64, "b" * 64]
    wide = pd.read_excel(book, sheet_name="Indicators")
    assert list(wide.columns) == ["发文机关", "指标", "指标名称", "统计对象", "单位", "类型", "所在章节", "2019年", "2020年",
                                  "指标序列", "推算年度"]  # compare.schema: WIDE_LEAD, the years, WIDE_TAIL
    assert wide.loc[0, "2019年"] == pytest.approx(45.78)
    assert wide.loc[1, "2020年"] == pytest.approx(151.0)


def test_change_columns_and_number_formats(book: Path) -> None:
    ws = load_workbook(book)["Changes"]
    pp, rel, ab = _column(ws, "pp_change"), _column(ws, "pct_change"), _column(ws, "abs_change")
    # rate: percentage points; the relative change is a fraction shown as %
    assert ws.cell(2, pp).value == pytest.approx(18.51)
    assert ws.cell(2, pp).number_format == FMT_POINTS
    assert FMT_POINTS.startswith('+0.00" pp"')
    assert ws.cell(2, ab).value is None
    assert ws.cell(2, rel).value == pytest.approx(0.4043)
    assert ws.cell(2, rel).number_format == FMT_PERCENT
    assert "0.0%" in FMT_PERCENT
    # count: absolute change, no points
    assert ws.cell(3, ab).value == pytest.approx(85.0)
    assert ws.cell(3, pp).value is None
    assert ws.cell(4, ab).value == pytest.approx(-9.0)
    assert ws.cell(3, ab).number_format == "+#,##0;-#,##0;0"  # an integer never shows as "85."
    old = _column(ws, "value_old")
    assert ws.cell(2, old).number_format == "#,##0.00" and ws.cell(3, old).number_format == "#,##0"
    assert "change" not in HEADER_LABELS.values() and HEADER_LABELS["change"] not in _headers(ws)


def test_updown_conditional_formatting_on_change_columns(book: Path) -> None:
    ws = load_workbook(book)["Changes"]
    ranges = {str(r.sqref): [rule.operator for rule in r.rules] for r in ws.conditional_formatting}
    from openpyxl.utils import get_column_letter

    for key in ("abs_change", "pct_change", "pp_change"):
        letter = get_column_letter(_column(ws, key))
        assert ranges[f"{letter}2:{letter}4"] == ["greaterThan", "lessThan"]


@pytest.mark.parametrize(
    ("sheet", "key", "row", "expected"),
    [
        ("Changes", "note", 3, "+128.78% stated"),
        ("Changes", "note", 4, "-9件"),
        ("Claims", "note", 2, "@SUM(A1:A3)"),
        ("Sections", "old_title", 4, '=HYPERLINK("http://x")'),
    ],
)
def test_formula_looking_text_stays_text(book: Path, sheet: str, key: str, row: int, expected: str) -> None:
    ws = load_workbook(book)[sheet]
    cell = ws.cell(row, _column(ws, key))
    assert cell.value == expected
    assert cell.data_type == "s"
    assert cell.quotePrefix
    frame = pd.read_excel(book, sheet_name=sheet)
    assert frame.loc[row - 2, HEADER_LABELS[key]] == expected


def test_formula_text_in_a_year_free_table_is_not_a_formula_in_the_xml(tmp_path: Path) -> None:
    import zipfile

    frames = _frames()
    frames["claims"] = pd.DataFrame({"note": ["=1+2"]})
    path = write_workbook(tmp_path / "w.xlsx", **frames)
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(z.read(n).decode() for n in names)
    assert "<f>" not in xml and "1+2" in xml


def test_implied_and_approximate_values_are_marked(book: Path) -> None:
    ws = load_workbook(book)["Indicators"]
    implied = ws.cell(2, 8)  # 2019 出庭应诉率, implied by the 2020 report (after the 7 lead columns)
    assert implied.value == pytest.approx(45.78)
    assert implied.font.i and "推算" in implied.comment.text
    approx = ws.cell(3, 9)
    assert approx.value == pytest.approx(151.0)
    assert approx.number_format == FMT_APPROX == '"≈"#,##0'  # 151: no decimals shown
    assert ws.cell(2, 9).number_format == '0.00"%"' and not ws.cell(2, 9).font.i


def test_indicator_links_to_its_section_row(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["Indicators"]
    link = ws.cell(2, _column(ws, "indicator")).hyperlink
    assert link.location == "'Sections'!A3"  # 一/(二) is the second pair: row 3
    assert wb["Sections"].cell(3, _column(wb["Sections"], "new_path")).value == "一/(二)"
    assert ws.cell(3, _column(ws, "indicator")).hyperlink.location == "'Sections'!A2"
    changes = wb["Changes"]
    assert changes.cell(2, _column(changes, "section")).hyperlink.location == "'Sections'!A3"
    # a section path of the older report links too (二 -> the pair whose old_path is 二)
    assert changes.cell(4, _column(changes, "section")).hyperlink.location == "'Sections'!A3"


def test_sections_link_to_their_diff_row(book: Path) -> None:
    ws = load_workbook(book)["Sections"]
    col = _column(ws, "diff")
    assert ws.cell(2, col).hyperlink.location == "'Section diffs'!A3"
    assert ws.cell(3, col).hyperlink.location == "'Section diffs'!A2"
    assert ws.cell(4, col).hyperlink is None and ws.cell(4, col).value is None


def test_section_diff_rich_text(book: Path) -> None:
    ws = load_workbook(book, rich_text=True)["Section diffs"]
    old = ws.cell(2, _column(ws, "old_text")).value
    new = ws.cell(2, _column(ws, "new_text")).value
    assert isinstance(old, CellRichText) and isinstance(new, CellRichText)
    assert str(old) == "出庭应诉率达到72%，较好"
    assert str(new) == "出庭应诉率达到89%"
    deleted = [b for b in old if isinstance(b, TextBlock)]
    inserted = [b for b in new if isinstance(b, TextBlock)]
    assert [b.text for b in deleted] == ["72%", "，较好"]
    assert all(b.font.strike and b.font.color.rgb == "FFC00000" for b in deleted)
    assert [b.text for b in inserted] == ["89%"]
    assert inserted[0].font.u == "single" and inserted[0].font.color.rgb == "FF00B050"
    # plain reading (no rich_text) still gives the whole text
    plain = load_workbook(book)["Section diffs"]
    assert plain.cell(3, _column(plain, "new_text")).value == "强化组织领导一是…。"


def test_rich_sides_take_diff_ops_only() -> None:
    # One shape: compare.across.diff.DiffOp (triples and look-alike objects were guessed at before).
    old, new = rich_sides([DiffOp("equal", "甲", "甲"), DiffOp("delete", "乙", ""), DiffOp("insert", "", "丙")])
    assert str(old) == "甲乙" and str(new) == "甲丙"
    assert excel.op_triples([DiffOp("replace", "72%", "89%")]) == [("replace", "72%", "89%")]
    with pytest.raises(AttributeError):
        rich_sides([("equal", "甲", "甲")])  # type: ignore[list-item]


def test_fit_format() -> None:
    assert excel.fit_format(excel.FMT_NUMBER, 12.5) == "#,##0.0"
    assert excel.fit_format(excel.FMT_CHANGE, -0.125) == "+#,##0.000;-#,##0.000;0"
    assert excel.fit_format(excel.FMT_NUMBER, 1 / 3) == "#,##0.0000"
    assert excel.fit_format(FMT_POINTS, 1.5) == FMT_POINTS


def test_widths_count_full_width_characters_twice(book: Path) -> None:
    assert display_width("出庭应诉率") == 10
    assert display_width("abc（1）") == 8
    ws = load_workbook(book)["Sections"]
    from openpyxl.utils import get_column_letter

    width = ws.column_dimensions[get_column_letter(_column(ws, "new_title"))].width
    assert width >= display_width("强化组织领导，统筹谋划法治政府建设各项工作")
    ws = load_workbook(book)["Section diffs"]
    assert ws.column_dimensions[get_column_letter(_column(ws, "old_text"))].width <= excel.MAX_TEXT_WIDTH


def test_illegal_characters_and_long_text(tmp_path: Path) -> None:
    frames = _frames()
    frames["claims"] = pd.DataFrame({"note": ["a\x00b\x1fc", "字" * 40_000]})
    path = write_workbook(tmp_path / "w.xlsx", **frames)
    ws = load_workbook(path)["Claims"]
    assert ws["A2"].value == "abc"
    assert len(ws["A3"].value) == excel.MAX_CELL_CHARS and ws["A3"].value.endswith(excel.TRUNCATED)


def test_empty_tables_still_make_every_sheet(tmp_path: Path) -> None:
    empty = pd.DataFrame()
    path = write_workbook(
        tmp_path / "e.xlsx",
        summary=pd.DataFrame({"item": ["reports"], "value": [0]}),
        indicators_wide=IndicatorsWide.empty(),
        changes=empty,
        claims=empty,
        sections=empty,
        section_diffs=empty,
        sources=empty,
    )
    assert load_workbook(path).sheetnames == list(SHEETS)


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "comparison.xlsx"
    write_workbook(path, **_frames())
    before = path.read_bytes()

    def boom(self, filename):
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.workbook.workbook.Workbook.save", boom)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(path, **_frames())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["comparison.xlsx"]


def test_caller_frames_are_not_mutated() -> None:
    frames = _frames()
    frames = {k: v.frame if isinstance(v, IndicatorsWide) else v for k, v in frames.items()}
    copies = {k: v.copy() for k, v in frames.items()}
    excel.change_columns(frames["changes"])
    for k, v in frames.items():
        pd.testing.assert_frame_equal(v, copies[k])


def test_rich_sides_of_compare_diff_ops() -> None:
    from compare.across.diff import diff_text

    old_text = "负责人出庭应诉率达到72%。全面推行权责清单制度。"
    new_text = "全面推行权责清单制度。负责人出庭应诉率达到89%。新增一句。"
    old, new = rich_sides(diff_text(old_text, new_text))
    assert str(old) == old_text
    assert str(new) == new_text
    inserted = [b.text for b in new if isinstance(b, TextBlock) and b.font.u == "single"]
    assert "新增一句。" in "".join(inserted)
    # the moved and reworded sentence: blue italic, and only the changed number marked
    assert "89%" in inserted and "负责人出庭应诉率达到" not in "".join(inserted)
    moved = [b.text for b in new if isinstance(b, TextBlock) and b.font.i]
    assert "负责人出庭应诉率达到" in moved
    deleted = [b.text for b in old if isinstance(b, TextBlock) and b.font.strike]
    assert deleted == ["72%"]


def test_indicator_without_canonical_id_stays_empty_and_its_subject_links(tmp_path: Path) -> None:
    # openpyxl writes a link's target into an empty cell: an unknown indicator must not show
    # "'Sections'!A3" as its id.
    frames = _frames()
    wide = frames["indicators_wide"]
    frames["indicators_wide"] = IndicatorsWide(wide.frame.assign(indicator=[None, "reconsideration_received"]),
                                               wide.years)
    path = write_workbook(tmp_path / "c.xlsx", **frames)
    ws = load_workbook(path)["Indicators"]
    cell = ws.cell(2, _column(ws, "indicator"))
    assert cell.value is None and cell.hyperlink is None
    assert ws.cell(2, _column(ws, "subject")).hyperlink.location == "'Sections'!A3"


def test_workbook_is_byte_identical_for_identical_input(tmp_path: Path) -> None:
    # Two runs used to differ by the created/modified properties and the zip entry times; a check
    # of the stamps themselves fails even when both runs fall within the same second.
    import zipfile

    a = write_workbook(tmp_path / "a.xlsx", **_frames())
    b = write_workbook(tmp_path / "b.xlsx", **_frames())
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count("1980-01-01T00:00:00Z") == 2  # created and modified
    props = load_workbook(a).properties
    assert props.created == props.modified == excel.FIXED_TIME


# ---------------------------------------------------------------- the workbook at scale


def test_a_table_longer_than_excels_row_limit_is_cut_and_said(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(excel, "MAX_ROWS", 3)  # header + 2 rows; the fixture's Changes has 3
    path = write_workbook(tmp_path / "cut.xlsx", **_frames())
    wb = load_workbook(path)
    assert wb["Changes"].max_row == 3
    notes = [row[1] for row in wb["Summary"].iter_rows(values_only=True) if row[0] == "提示 (warning)"]
    assert "Changes: 3 rows, the first 2 shown (Excel's limit per sheet); the csv/json of the command line " \
        "(report-compare changes, extract) hold all" in notes
    assert wb["Sections"].max_row == 3  # 3 section pairs in the fixture: cut too, and said
    assert sorted(n.split(":")[0] for n in notes) == ["Changes", "Sections"]


def test_a_long_diff_side_is_cut_and_links_to_the_diff_page(tmp_path: Path) -> None:
    frames = _frames()
    long_text = "依法行政。" * 4_000  # 20,000 characters
    frames["section_diffs"] = pd.DataFrame({"issuer": [ISSUER], "old_path": ["一"], "new_path": ["一"],
                                            "pair_index": [0], "ops": [[DiffOp("delete", long_text, "")]]})
    path = write_workbook(tmp_path / "long.xlsx", **frames, diff_page="diff.html")
    ws = load_workbook(path)["Section diffs"]
    cell = ws.cell(2, _column(ws, "old_text"))
    assert len(cell.value) == excel.MAX_DIFF_CHARS and cell.value.endswith("全文见 diff.html)")
    assert cell.hyperlink is not None and cell.hyperlink.target == "diff.html"
    short = ws.cell(2, _column(ws, "new_text"))
    assert short.hyperlink is None
    # Sides ending in formatted text (a deletion) that are not cut get no link.
    fixture = load_workbook(write_workbook(tmp_path / "short.xlsx", **_frames(), diff_page="diff.html"))
    assert all(c.hyperlink is None for row in fixture["Section diffs"].iter_rows(min_row=2) for c in row)
    # Without a diff page beside it, only Excel's own limit cuts.
    path = write_workbook(tmp_path / "alone.xlsx", **frames)
    ws = load_workbook(path)["Section diffs"]
    assert len(ws.cell(2, _column(ws, "old_text")).value) == len(long_text)
