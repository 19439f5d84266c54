"""`report-compare audit`: exit codes, error lines, the 80-column table, csv/json parity with the
library, the --out set (csv, workbook read back, charts), and the overview-page section."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rich.cells import cell_len
from rich.console import Console
from typer.testing import CliRunner

from compare.audit import audit_paths
from compare.cli import app
from compare.cli import audit as audit_cli
from compare.write.auditchart import PANELS, audit_figure, chart_name
from compare.write.audithtml import PAGE_COLUMNS, audit_page_section, header
from compare.write.auditout import write_audit
from compare.write.indexpage import render_index
from tests.conftest import ROOT, SEED

SONGXI = ROOT / "tests" / "fixtures" / "audit" / "songxi"
JUNK = ROOT / "tests" / "fixtures" / "junk.bin"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["audit", *args, "--jobs", "1", "--no-cache"])
    return result.exit_code, result.stdout, result.stderr


def test_csv_equals_the_library_table() -> None:
    code, out, _ = _run(str(SONGXI), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    frame = audit_paths([SONGXI], jobs=1).tables.reports
    assert [r["source"] for r in rows] == list(frame["source"])
    assert list(rows[0]) == list(frame.columns)
    assert rows[1]["timeliness"] == "late" and rows[1]["days_late"] == "17"
    assert rows[0]["days_late"] == "" and rows[1]["carried_paths"] == "二/(二)←二/(三)"


def test_json_views() -> None:
    code, out, _ = _run(str(SONGXI), "--format", "json", "--view", "plans")
    assert code == 0
    items = json.loads(out)
    assert [(i["plan_path"], i["followed"]) for i in items] == [("四/(一)", True), ("四/(二)", True),
                                                                 ("四/(三)", False)]
    code, out, _ = _run(str(SONGXI), "--format", "json", "--view", "carryover")
    assert [(i["path"], i["prior_path"]) for i in json.loads(out)] == [("二/(二)", "二/(三)")]


def test_terminal_table_fits_80_columns_with_whole_headers(monkeypatch: pytest.MonkeyPatch) -> None:
    buf = io.StringIO()
    monkeypatch.setattr(audit_cli, "stdout", Console(file=buf, width=80, force_terminal=False))
    audit_cli._print_reports(audit_paths([SEED, SONGXI], jobs=1).tables.reports)
    text = buf.getvalue()
    lines = text.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    header = next(line for line in lines if "issuer" in line)
    for name, _ in audit_cli.TERMINAL_COLUMNS:
        assert name in header.split()
    assert "late 17d" in text and "不足" in text
    assert "first_responsible only as a sub-item (一/(一)/2)" in text
    assert "--format csv" in text
    for line in audit_cli.FOOTNOTE.splitlines():  # written to fit: never wrapped by the console
        assert cell_len(line) <= 80 and line in text


def test_bad_file_among_good_ones_is_an_error_line_and_exit_2() -> None:
    code, out, err = _run(str(SEED), str(JUNK), "--format", "csv")
    assert code == 2
    assert f"Error: {JUNK}: binary data" in err and " — " in err
    assert "Skipped: 1 of 2 files" in err
    assert len(list(csv.DictReader(io.StringIO(out)))) == 1


def test_every_file_bad_is_exit_2_without_traceback(tmp_path: Path) -> None:
    code, _, err = _run(str(JUNK), "--out", str(tmp_path / "o"))
    assert code == 2 and "Traceback" not in err
    assert err.splitlines()[-1].startswith("Error: ")
    assert not (tmp_path / "o").exists()  # nothing written, not even the folder


def test_missing_path_is_an_error_line(tmp_path: Path) -> None:
    code, _, err = _run(str(tmp_path / "nope.txt"))
    assert code == 2 and err.startswith("Error: ") and " — " in err


def test_out_writes_the_set_beside_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "comparison.xlsx").write_bytes(b"not ours")
    code, stdout, _ = _run(str(SEED), str(SONGXI), "--out", str(out))
    assert code == 0
    names = {p.name for p in out.iterdir()}
    assert {"audit.csv", "audit_carryover.csv", "audit_followthrough.csv", "audit.xlsx", "audit_charts",
            "comparison.xlsx"} <= names
    assert (out / "comparison.xlsx").read_bytes() == b"not ours"
    charts = sorted(p.name for p in (out / "audit_charts").iterdir())
    assert charts == sorted([chart_name("松溪县人民政府"), chart_name("重庆市北碚区人民政府")])
    assert "Written:" in stdout and "audit.xlsx" in stdout
    rows = list(csv.DictReader(io.StringIO((out / "audit.csv").read_text(encoding="utf-8"))))
    assert len(rows) == 3
    # a rerun with fewer issuers replaces the whole audit set: no stale chart
    code, _, _ = _run(str(SONGXI), "--out", str(out), "--format", "csv")
    assert code == 0 and [p.name for p in (out / "audit_charts").iterdir()] == [chart_name("松溪县人民政府")]


def test_workbook_sheets_read_back(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(str(SEED), str(SONGXI), "--out", str(out), "--format", "csv")[0] == 0
    wb = load_workbook(out / "audit.xlsx")
    assert wb.sheetnames == ["Audit", "Carried over", "Plan follow-through"]
    ws = wb["Audit"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["发文机关", "年度", "来源文件"]
    col = {h: n for n, h in enumerate(headers)}
    seed_row = [c.value for c in ws[2]]
    assert seed_row[col["第一责任人履职：情况"]] == "仅为子项"
    assert seed_row[col["第一责任人履职：所在章节"]] == "一/(一)/2"
    assert seed_row[col["是否按时"]] == "按时" and seed_row[col["逾期天数"]] is None
    late = [c.value for c in ws[4]]
    assert late[col["是否按时"]] == "逾期" and late[col["逾期天数"]] == 17
    assert late[col["缺少的部分"]] == "存在的不足和原因"
    assert ws.cell(row=1, column=col["逾期天数"] + 1).comment.text.startswith("days_late:")
    assert ws.freeze_panes == "C2" and ws.print_title_rows == "$1:$1" and ws.page_setup.fitToWidth == 1
    plans = wb["Plan follow-through"]
    assert [r[4] for r in plans.iter_rows(min_row=2, values_only=True)] == ["是", "是", "否"]


def test_chart_plots_each_year_with_gaps_as_breaks() -> None:
    frame = audit_paths([SONGXI], jobs=1).tables.reports
    fig = audit_figure("松溪县人民政府", frame)
    axes = fig.axes
    assert len(axes) == len(PANELS)
    per_1000 = axes[0].lines[0]
    assert list(per_1000.get_xdata()) == [2021, 2022]
    assert list(per_1000.get_ydata()) == list(frame["indicators_per_1000"])
    # no previous report in 2021: the follow-through panel has one point only
    assert [list(line.get_xdata()) for line in axes[3].lines] == [[2022]]
    # a missing year breaks the line into two runs
    gap = frame.assign(year=[2019, 2021])
    assert len(audit_figure("x", gap).axes[0].lines) == 2


def test_page_section_is_self_contained_and_escaped() -> None:
    tables = audit_paths([SEED, SONGXI], jobs=1).tables
    section = audit_page_section(tables)
    assert section.anchor == "audit" and section.table is not None
    page = render_index("t", [], [section])
    assert page.count('id="audit"') == 1 and page.count("<svg") == 1
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "逾期17天" in page and "存在的不足和原因" in page and "2/3" in page
    hostile = tables.reports.assign(issuer="<script>alert(1)</script>")
    page = render_index("t", [], [audit_page_section(type(tables)(hostile, tables.carryover, tables.followthrough))])
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_page_headers_and_words_are_the_workbooks(tmp_path: Path) -> None:
    # one source of labels: each page header is the Audit sheet's header of that column (or, for a
    # cell joining several columns, built from theirs), and 按时 / 逾期 read as on the sheet
    tables = audit_paths([SEED, SONGXI], jobs=1).tables
    write_audit(tmp_path, tables)
    sheet = load_workbook(tmp_path / "audit.xlsx")["Audit"]
    headers = {c.value for c in sheet[1]}
    for key in PAGE_COLUMNS:
        if key not in ("claims", "followed"):
            assert header(key) in headers, key
    assert header("claims").startswith("所述同比变化") and header("followed") == "上年安排已落实"
    timeliness = [c.value for c in sheet[1]].index("是否按时")
    sheet_words = [row[timeliness] for row in sheet.iter_rows(min_row=2, values_only=True)]
    section = audit_page_section(tables)
    assert section.table is not None
    page_words = [row[PAGE_COLUMNS.index("timeliness")] for row in section.table.rows]
    assert sheet_words == ["按时", "按时", "逾期"] and page_words == ["按时", "按时", "逾期17天"]


def test_the_audit_writers_one_empty_value_test_and_words() -> None:
    import numpy as np
    import pandas as pd

    from compare.write.auditlabels import number, parts_text, whole, word

    assert [number(v) for v in (None, float("nan"), pd.NA, pd.NaT, np.float64("nan"))] == [None] * 5
    assert [number(v) for v in (np.int64(17), 61.5, "12")] == [17.0, 61.5, 12.0]
    assert [whole(v) for v in (pd.NA, 2022.0, np.int64(3))] == ["", "2022", "3"]
    assert [word("timeliness", v) for v in ("on time", "late", "other")] == ["按时", "逾期", "other"]
    assert word("shortcomings_status", "sub-item") == "仅为子项" and word("issuer", "late") == "late"
    assert parts_text("shortcomings, next_year_plan") == "存在的不足和原因、下一年度主要安排"
    assert parts_text("") == "" and parts_text(None) is None


def test_audit_csv_is_what_format_csv_prints(tmp_path: Path) -> None:
    # one csv writer: the --out files are byte for byte the command's csv of each view
    out = tmp_path / "out"
    assert _run(str(SEED), str(SONGXI), "--out", str(out))[0] == 0
    for view, name in (("reports", "audit.csv"), ("carryover", "audit_carryover.csv"),
                       ("plans", "audit_followthrough.csv")):
        code, printed, _ = _run(str(SEED), str(SONGXI), "--format", "csv", "--view", view)
        assert code == 0 and printed == (out / name).read_text(encoding="utf-8"), view


def test_help_names_every_measure() -> None:
    result = CliRunner().invoke(app, ["audit", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.stdout.replace("│", " ").split())
    for word in ("sub-item", "1 April", "1,000 characters", "slogans", "not checkable", "carried over",
                 "followed through", "report-compare audit"):
        assert word in text


def test_a_gap_year_is_noted_and_the_report_after_it_uses_the_one_before() -> None:
    code, out, err = _run(str(ROOT / "tests" / "fixtures" / "corpus" / "linjiang"), "--format", "csv")
    assert code == 0 and "Note: 临江县: no report for 2019" in err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["year"], r["prior_year"]) for r in rows] == [("2018", ""), ("2020", "2018")]
