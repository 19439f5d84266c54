"""The comparison workbook, read back with openpyxl and pandas: sheet names, Chinese headers with
English comments, values, number formats, links, rich-text diffs, formula-looking text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.utils import get_column_letter

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
    assert list(wide.columns) == ["发文机关", "指标", "统计对象", "单位", "类型", "所在章节", "2019年", "2020年",
                                  "指标编号", "指标序列", "推算年度"]  # compare.schema: WIDE_LEAD, the years, WIDE_TAIL
    assert wide.loc[0, "2019年"] == pytest.approx(45.78)
    assert wide.loc[1, "2020年"] == pytest.approx(151.0)


def test_change_columns_and_number_formats(book: Path) -> None:
    ws = load_workbook(book)["Changes"]
    change, rel = _headers(ws).index("变化") + 1, _column(ws, "pct_change")
    # rate: percentage points; the relative change is a fraction shown as %
    assert ws.cell(2, change).value == pytest.approx(18.51)
    assert ws.cell(2, change).number_format == FMT_POINTS
    assert FMT_POINTS.startswith('+0.00" pp"')
    assert ws.cell(2, rel).value == pytest.approx(0.4043)
    assert ws.cell(2, rel).number_format == FMT_PERCENT == "+0.00%;-0.00%;0.00%"
    # count: absolute change in the indicator's unit
    assert ws.cell(3, change).value == 85 and ws.cell(4, change).value == -9
    assert ws.cell(3, change).number_format == "+#,##0;-#,##0;0"  # an integer never shows as "85."
    # a rate is 64.29% on every sheet (stored in percent units), a count a plain number
    old, new = _column(ws, "value_old"), _column(ws, "value_new")
    assert (ws.cell(2, old).number_format, ws.cell(2, new).number_format) == ('0.00"%"', '0.00"%"')
    assert ws.cell(3, old).number_format == "#,##0" and ws.cell(3, old).value == 66


def test_changes_columns_in_reading_order_without_file_paths(tmp_path: Path) -> None:
    frames = _frames()
    frames["changes"] = frames["changes"].assign(source_old="seeds/a.txt", source_new="seeds/b.txt",
                                                 claimed_change=[None, 128.78, None])
    ws = load_workbook(write_workbook(tmp_path / "w.xlsx", **frames))["Changes"]
    assert _headers(ws)[:10] == ["发文机关", "指标", "基期年度", "报告期年度", "基期数值", "报告期数值", "变化",
                                 "变化类型", "报告所述变化", "核对结果"]
    assert not {HEADER_LABELS["source_old"], HEADER_LABELS["source_new"], HEADER_LABELS["file"]} & set(_headers(ws))
    # the indicator's readable name: the lexicon's (from the Indicators table), else its subject
    names = [ws.cell(r, 2).value for r in range(2, 5)]
    assert names == ["行政机关负责人出庭应诉率", "行政复议申请", "行政诉讼案件"]


def test_values_are_in_the_readers_language(book: Path) -> None:
    wb = load_workbook(book)
    ch = wb["Changes"]
    assert [ch.cell(r, _column(ch, "change_kind")).value for r in (2, 3)] == ["百分点", "绝对"]
    assert [ch.cell(r, _column(ch, "claim_status")).value for r in (2, 3, 4)] == ["无法核对", "一致", None]
    sec = wb["Sections"]
    assert [sec.cell(r, _column(sec, "status")).value for r in (2, 3, 4)] == ["改写", "改写", "删除"]
    # a similarity does not apply to a removed section: blank, not 0.000
    for key in ("score", "cosine", "jaccard", "edit_similarity"):
        assert sec.cell(4, _column(sec, key)).value is None
        assert sec.cell(2, _column(sec, key)).number_format == "0.000"
    # the header comment names the id once and says what each Chinese value stands for
    comment = sec.cell(1, _column(sec, "status")).comment.text
    assert comment.count("status") == 1 and "删除 = removed" in comment and "新增 = added" in comment
    assert wb["Sources"].cell(1, _column(wb["Sources"], "issuer")).comment.text.count("issuer") == 1


def test_no_header_comment_repeats_its_id() -> None:
    from compare.schema import COLUMNS, TABLES

    for col in [*COLUMNS.values(), *(c for t in TABLES for c in t.columns)]:
        assert col.note != col.id and not col.note.startswith(f"{col.id}:"), col.id
        assert col.comment.startswith(f"{col.id}: ") and col.comment.count(f"{col.id}:") == 1


def test_flags_are_yes_or_no_and_counts_are_integers(tmp_path: Path) -> None:
    frames = _frames()
    frames["changes"] = frames["changes"].assign(approximate=[True, False, False], implied=[False, True, False],
                                                 year_old=[2019.0, 2019.0, 2019.0])
    frames["summary"] = pd.DataFrame({"item": ["变化记录 (changes)"], "value": [1182.0]})
    wb = load_workbook(write_workbook(tmp_path / "w.xlsx", **frames))
    ch = wb["Changes"]
    assert [ch.cell(r, _column(ch, "approximate")).value for r in (2, 3)] == ["是", "否"]
    year = ch.cell(2, _column(ch, "year_old"))
    assert year.value == 2019 and isinstance(year.value, int) and year.number_format == "0"
    value = wb["Summary"].cell(2, 2)
    assert value.value == 1182 and isinstance(value.value, int) and value.number_format == "#,##0"
    # csv and json keep the ids: the frame given is untouched
    assert frames["changes"]["approximate"].tolist() == [True, False, False]


def test_every_sheet_is_printable_with_its_header_row_repeated(book: Path) -> None:
    wb = load_workbook(book)
    for ws in wb:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), ws.title
        assert ws.print_title_rows == "$1:$1", ws.title
        assert ws.freeze_panes == "A2", ws.title


def test_updown_conditional_formatting_on_change_columns(book: Path) -> None:
    ws = load_workbook(book)["Changes"]
    ranges = {str(r.sqref): [rule.operator for rule in r.rules] for r in ws.conditional_formatting}
    from openpyxl.utils import get_column_letter

    for key in ("change", "pct_change"):
        letter = get_column_letter(_headers(ws).index("变化") + 1 if key == "change" else _column(ws, key))
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
    assert "<f>" not in xml and "=1+2</t>" in xml  # openpyxl writes text inline (t="inlineStr")


def test_implied_and_approximate_values_are_marked(book: Path) -> None:
    ws = load_workbook(book)["Indicators"]
    y2019, y2020 = _headers(ws).index("2019年") + 1, _headers(ws).index("2020年") + 1
    implied = ws.cell(2, y2019)  # 2019 出庭应诉率, implied by the 2020 report
    assert implied.value == pytest.approx(45.78)
    assert implied.font.i and "推算" in implied.comment.text
    approx = ws.cell(3, y2020)
    assert approx.value == 151
    assert approx.number_format == FMT_APPROX == '"≈"#,##0'  # 151: no decimals shown
    assert ws.cell(2, y2020).number_format == '0.00"%"' and not ws.cell(2, y2020).font.i


def test_indicator_links_to_its_section_row(book: Path) -> None:
    wb = load_workbook(book)
    ws = wb["Indicators"]
    link = ws.cell(2, _column(ws, "indicator_name")).hyperlink
    assert link.location == "'Sections'!A3"  # 一/(二) is the second pair: row 3
    assert wb["Sections"].cell(3, _column(wb["Sections"], "new_path")).value == "一/(二)"
    assert ws.cell(3, _column(ws, "indicator_name")).hyperlink.location == "'Sections'!A2"
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
    assert [b.text for b in deleted] == ["72%，较好"]  # adjacent runs of one look are one run
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

    def boom(filename, *args, **kwargs):
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("compare.write.excel.xlsx.save", boom)
    with pytest.raises(OSError, match="disk full"):
        write_workbook(path, **_frames())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["comparison.xlsx"]


def test_caller_frames_are_not_mutated() -> None:
    frames = _frames()
    frames = {k: v.frame if isinstance(v, IndicatorsWide) else v for k, v in frames.items()}
    copies = {k: v.copy() for k, v in frames.items()}
    excel.build_book({**frames, "indicators_wide": _frames()["indicators_wide"], "failures": None, "extra": {}},
                     "diff.html")
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


def _long_diff(text: str, ops: list[DiffOp]) -> pd.DataFrame:
    return pd.DataFrame({"issuer": [ISSUER], "old_path": ["一"], "new_path": ["一"], "status": ["matched"],
                         "pair_index": [0], "ops": [ops]})


def test_a_side_too_long_for_one_row_is_summarised_and_links_to_the_diff_page(tmp_path: Path) -> None:
    frames = _frames()
    long_text = "依法行政，严格规范公正文明执法。" * 400  # 6,400 characters: far more than 409 pt of lines
    frames["section_diffs"] = _long_diff(long_text, [DiffOp("delete", long_text, "")])
    path = write_workbook(tmp_path / "long.xlsx", **frames, diff_page="diff.html")
    ws = load_workbook(path)["Section diffs"]
    cell = ws.cell(2, _column(ws, "old_text"))
    assert cell.value.endswith("全文见 diff.html）") and len(cell.value) < 2_000
    assert cell.hyperlink is not None and cell.hyperlink.target == "diff.html"
    width = ws.column_dimensions[get_column_letter(_column(ws, "old_text"))].width
    assert excel.wrapped_lines(cell.value, width) <= excel.MAX_LINES
    assert ws.row_dimensions[2].height <= excel.MAX_ROW_HEIGHT
    short = ws.cell(2, _column(ws, "new_text"))
    assert short.hyperlink is None
    # Sides that fit are never cut and get no link.
    fixture = load_workbook(write_workbook(tmp_path / "short.xlsx", **_frames(), diff_page="diff.html"))
    assert all(c.hyperlink is None for row in fixture["Section diffs"].iter_rows(min_row=2) for c in row)
    # Without a diff page beside it, only Excel's own limit cuts.
    path = write_workbook(tmp_path / "alone.xlsx", **frames)
    ws = load_workbook(path)["Section diffs"]
    assert len(ws.cell(2, _column(ws, "old_text")).value) == len(long_text)


def test_a_summarised_side_keeps_every_change_and_some_context(tmp_path: Path) -> None:
    frames = _frames()
    same = "坚持依法决策，完善重大行政决策程序制度。" * 60
    ops = [DiffOp("equal", same, same), DiffOp("replace", "72%", "89%"), DiffOp("equal", same, same),
           DiffOp("insert", "", "新增一句。"), DiffOp("equal", same, same)]
    frames["section_diffs"] = _long_diff(same, ops)
    path = write_workbook(tmp_path / "s.xlsx", **frames, diff_page="diff.html")
    ws = load_workbook(path, rich_text=True)["Section diffs"]
    new = ws.cell(2, _column(ws, "new_text")).value
    inserted = [b.text for b in new if isinstance(b, TextBlock) and b.font.u == "single"]
    assert inserted == ["89%", "新增一句。"]
    assert "……" in str(new) and str(new).endswith("全文见 diff.html）")


def test_section_diff_rows_are_high_enough_for_their_text(tmp_path: Path) -> None:
    frames = _frames()
    text = "全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。" * 8  # ~290 characters
    frames["section_diffs"] = _long_diff(text, [DiffOp("insert", "", text)])
    ws = load_workbook(write_workbook(tmp_path / "h.xlsx", **frames, diff_page="diff.html"))["Section diffs"]
    cell = ws.cell(2, _column(ws, "new_text"))
    assert cell.value == text and cell.alignment.wrap_text
    width = ws.column_dimensions[get_column_letter(_column(ws, "new_text"))].width
    lines = excel.wrapped_lines(text, width)
    assert lines >= 6  # 580 display columns in a 90-wide column
    assert ws.row_dimensions[2].height >= lines * excel.LINE_HEIGHT
    # a one-line row keeps the default height
    ws = load_workbook(write_workbook(tmp_path / "d.xlsx", **_frames()))["Section diffs"]
    assert ws.row_dimensions[2].height is None


def test_wrapped_lines_count_full_width_characters_twice() -> None:
    assert excel.wrapped_lines("字" * 44, 90) == 2  # 44 x 2.1 units > 89
    assert excel.wrapped_lines("a" * 80, 90) == 1
    assert excel.wrapped_lines("一\n二\n三", 90) == 3


def test_an_unchanged_rerun_reuses_the_previous_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = []
    real = excel.build_book
    monkeypatch.setattr(excel, "build_book", lambda *a, **k: builds.append(1) or real(*a, **k))
    first = write_workbook(tmp_path / "1" / "comparison.xlsx", **_frames(), diff_page="diff.html")
    again = write_workbook(tmp_path / "2" / "comparison.xlsx", **_frames(), diff_page="diff.html", previous=first)
    assert len(builds) == 1 and again.read_bytes() == first.read_bytes()
    # a changed table, another diff page name, or a damaged previous file: written anew
    frames = _frames()
    frames["changes"] = frames["changes"].assign(note=["x", "y", "z"])
    write_workbook(tmp_path / "3" / "comparison.xlsx", **frames, diff_page="diff.html", previous=first)
    write_workbook(tmp_path / "4" / "comparison.xlsx", **_frames(), diff_page="other.html", previous=first)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not a zip")
    write_workbook(tmp_path / "5" / "comparison.xlsx", **_frames(), diff_page="diff.html", previous=broken)
    write_workbook(tmp_path / "6" / "comparison.xlsx", **_frames(), diff_page="diff.html", previous=tmp_path / "none")
    assert len(builds) == 5


def test_extra_sheets_follow_failures(tmp_path: Path) -> None:
    extra = {"Audit": pd.DataFrame({"file": ["seeds/a.txt"], "note": ["=cmd"], "year": [2020.0]})}
    wb = load_workbook(write_workbook(tmp_path / "x.xlsx", **_frames(), extra=extra))
    assert wb.sheetnames == [*SHEETS, "Audit"]
    ws = wb["Audit"]
    assert _headers(ws) == [HEADER_LABELS["file"], HEADER_LABELS["note"], HEADER_LABELS["year"]]
    assert ws["B2"].value == "=cmd" and ws["B2"].quotePrefix and ws["C2"].value == 2020
    assert ws.print_title_rows == "$1:$1"


def test_the_package_is_written_by_openpyxl_in_write_only_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    modes: list[bool] = []
    real = openpyxl.Workbook

    def recording(*args: Any, **kwargs: Any) -> Any:
        modes.append(bool(kwargs.get("write_only")))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "Workbook", recording)
    write_workbook(tmp_path / "w.xlsx", **_frames())
    assert modes == [True]


def test_plain_cells_of_a_tall_row_read_from_the_top(tmp_path: Path) -> None:
    from compare.schema import Column

    text = Column("text", "正文", "the text", wrap=True)
    frame = pd.DataFrame({"issuer": [ISSUER, ISSUER], "text": ["深化行政执法体制改革。" * 40, "短句。"]})
    extra = {"Texts": excel.SheetTable(frame, (excel.tables.column_of("issuer"), text))}
    ws = load_workbook(write_workbook(tmp_path / "w.xlsx", **_frames(), extra=extra))["Texts"]
    assert ws.row_dimensions[2].height > 2 * excel.LINE_HEIGHT and not ws.row_dimensions[3].height
    assert ws["A2"].value == ISSUER and ws["A2"].alignment.vertical == "top"  # beside the tall text
    assert ws["B2"].alignment.wrap_text and ws["B2"].alignment.vertical == "top"


def test_extra_sheet_with_its_own_columns(tmp_path: Path) -> None:
    from compare.schema import Column

    status = Column("check", "核对", "the check's outcome", values={"ok": "通过", "bad": "未通过"})
    count = Column("items", "条目数", "items checked", "count", "#,##0")
    frame = pd.DataFrame({"items": [1200, None], "check": ["ok", "bad"]})
    extra = {"Checks": excel.SheetTable(frame, (status, count), freeze="B2")}
    path = write_workbook(tmp_path / "w.xlsx", **_frames(), extra=extra)
    ws = load_workbook(path)["Checks"]
    assert [c.value for c in ws[1]] == ["核对", "条目数"]
    assert ws["A1"].comment.text.startswith("check: the check's outcome") and "通过 = ok" in ws["A1"].comment.text
    assert [(r[0], r[1]) for r in ws.iter_rows(min_row=2, values_only=True)] == [("通过", 1200), ("未通过", None)]
    assert ws["B2"].number_format == "#,##0" and ws.freeze_panes == "B2"
    assert not ws.conditional_formatting  # no alerts asked for
    shaded = excel.SheetTable(frame, (status, count), alerts={"check": ("未通过",), "absent": ("x",)})
    ws = load_workbook(write_workbook(tmp_path / "a.xlsx", **_frames(), extra={"Checks": shaded}))["Checks"]
    (rule_range,) = ws.conditional_formatting
    assert str(rule_range.sqref) == "A2:A3"
    assert [(r.operator, r.formula) for r in rule_range.rules] == [("equal", ['"未通过"'])]
    # the same sheets alone, written twice: identical bytes
    one = excel.write_sheets(tmp_path / "one.xlsx", extra)
    two = excel.write_sheets(tmp_path / "two.xlsx", extra)
    assert one.read_bytes() == two.read_bytes() and load_workbook(one).sheetnames == ["Checks"]


def test_a_measure_without_a_unit_column_keeps_its_own_format(tmp_path: Path) -> None:
    from compare.audit.table import AUDIT

    share = next(c for c in AUDIT.columns if c.id == "share_with_figure")
    frame = pd.DataFrame({"share_with_figure": [62.5, 100.0]})
    ws = load_workbook(write_workbook(tmp_path / "w.xlsx", **_frames(),
                                      extra={"Shares": excel.SheetTable(frame, (share,))}))["Shares"]
    assert (ws["A2"].value, ws["A2"].number_format) == (62.5, share.fmt)
    assert (ws["A3"].value, ws["A3"].number_format) == (100, share.fmt)  # 100.00%, not a bare 100
