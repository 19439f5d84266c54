"""`report-compare compare`: the library run and the CLI on the fixture corpus, outputs read back
(workbook with openpyxl and pandas, charts as files, the diff page), LibreOffice conversion."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from compare.cli import app
from compare.pipeline import CompareResult, run_compare
from compare.schema import CHANGE_KINDS
from compare.write.excel import HEADER_LABELS, SHEETS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> CompareResult:
    out = tmp_path_factory.mktemp("compare") / "out"
    calls: list[tuple[str, int, int]] = []
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        res = run_compare([CORPUS], out, progress=lambda *a: calls.append(a))
    assert calls and calls[-1][0] == "done"
    assert any(c[0].startswith("reading ") for c in calls) and any(c[0].startswith("chart ") for c in calls)
    return res


def test_summary(result: CompareResult) -> None:
    s = result.summary
    assert s.reports == 5
    assert s.issuers == ("临江县", "嘉陵区")
    assert s.years == (2018, 2019, 2020, 2021)
    assert s.gaps == (("临江县", 2019),)
    assert s.claims == 7 and s.claims_inconsistent == 1
    assert s.indicators_matched > 10
    assert len(s.biggest) == 5
    assert "收到行政复议申请 2019→2020: 66→151件 (+85件, +128.8%)" in "\n".join(s.biggest)


def test_outputs_written(result: CompareResult) -> None:
    out = result.workbook.parent
    assert result.workbook == out / "comparison.xlsx" and result.diff_html == out / "diff.html"
    assert all(p.is_file() for p in result.paths)
    assert {p.parent for p in result.charts} == {out / "charts"}
    assert out / "charts" / "overview.png" in result.charts
    assert out / "charts" / "trend_reconsideration_received.png" in result.charts
    assert not [p for p in out.rglob("*.tmp")]
    page = result.diff_html.read_text(encoding="utf-8")
    assert "嘉陵区" in page and "<del>" in page


def test_workbook_read_back(result: CompareResult) -> None:
    wb = load_workbook(result.workbook)
    assert wb.sheetnames == [*SHEETS, "Audit", "Carried over", "Plan follow-through"]
    claims = pd.read_excel(result.workbook, sheet_name="Claims")
    bad = claims[claims[HEADER_LABELS["claim_status"]] == "不一致"]  # inconsistent, in the readers' words
    assert len(bad) == 1
    row = bad.iloc[0]
    # stated +20% but 151 -> 172 is +13.91%: both numbers and the gap
    assert row[HEADER_LABELS["claimed_change"]] == pytest.approx(20.0)
    assert row[HEADER_LABELS["computed_change"]] == pytest.approx(13.91)
    assert row[HEADER_LABELS["gap"]] == pytest.approx(6.09)
    assert (row[HEADER_LABELS["value_old"]], row[HEADER_LABELS["value_new"]]) == (151, 172)

    ws = wb["Changes"]
    headers = [c.value for c in ws[1]]
    pp = headers.index("变化") + 1
    subject = headers.index(HEADER_LABELS["subject"]) + 1
    rate_rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, subject).value == "行政机关负责人出庭应诉率"]
    assert rate_rows and all(ws.cell(r, pp).number_format.startswith('+0.00" pp"') for r in rate_rows)

    ws = wb["Indicators"]
    headers = [c.value for c in ws[1]]
    assert headers[:6] == [HEADER_LABELS[k] for k in ("issuer", "indicator_name", "subject", "unit", "kind", "section")]
    year_2019 = headers.index("2019年") + 1
    subject = headers.index(HEADER_LABELS["subject"]) + 1
    (mediation,) = [r for r in range(2, ws.max_row + 1) if ws.cell(r, subject).value == "调解民间纠纷"]
    implied = ws.cell(mediation, year_2019)
    assert implied.value == pytest.approx(1250.0) and implied.font.i  # implied by 同比增长10.4%
    linked = [ws.cell(r, 2).hyperlink.location for r in range(2, ws.max_row + 1) if ws.cell(r, 2).hyperlink]
    assert linked and all(loc.startswith("'Sections'!A") for loc in linked)

    sources = pd.read_excel(result.workbook, sheet_name="Sources")
    assert sorted(sources[HEADER_LABELS["year"]]) == [2018, 2019, 2020, 2020, 2021]
    assert all(len(h) == 64 for h in sources[HEADER_LABELS["sha256"]])


def test_workbook_has_the_audit_sheets(result: CompareResult) -> None:
    # issue 12: the audit's sheets follow Failures, written like every other sheet
    wb = load_workbook(result.workbook)
    ws = wb["Audit"]
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["发文机关", "年度", "来源文件"]
    assert ws.cell(1, headers.index("是否按时") + 1).comment.text.startswith("timeliness:")
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == result.summary.reports  # one row per report
    assert sorted(r[1] for r in rows) == [2018, 2019, 2020, 2020, 2021] and all(r[0] for r in rows)
    statuses = {r[headers.index("主要举措和成效：情况")] for r in rows}
    assert statuses and statuses <= {"独立部分", "仅为子项", "缺少"}  # the readers' words, not the ids
    assert ws.freeze_panes == "C2" and ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
    shaded = {r.formula[0] for cf in ws.conditional_formatting for r in cf.rules}
    assert shaded == {'"缺少"', '"逾期"'}  # what a reader should see at once
    plans = wb["Plan follow-through"]
    assert [c.value for c in plans[1]][:2] == ["发文机关", "安排年度"]
    assert {r[4] for r in plans.iter_rows(min_row=2, values_only=True)} <= {"是", "否"}


def test_links_point_at_the_right_section_row(result: CompareResult) -> None:
    wb = load_workbook(result.workbook)
    ind, sec = wb["Indicators"], wb["Sections"]
    h_ind = [c.value for c in ind[1]]
    h_sec = [c.value for c in sec[1]]
    col_section = h_ind.index(HEADER_LABELS["section"]) + 1
    col_issuer = h_ind.index(HEADER_LABELS["issuer"]) + 1
    for r in range(2, ind.max_row + 1):
        link = ind.cell(r, 2).hyperlink
        if not link:
            continue
        target = int(link.location.split("!A")[1])
        paths = {sec.cell(target, h_sec.index(HEADER_LABELS[k]) + 1).value for k in ("old_path", "new_path")}
        assert ind.cell(r, col_section).value in paths
        assert sec.cell(target, h_sec.index(HEADER_LABELS["issuer"]) + 1).value == ind.cell(r, col_issuer).value


def test_cli_quiet_prints_the_paths(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["compare", str(CORPUS / "jialing"), "--out", str(tmp_path), "--quiet"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[:3] == [str(tmp_path / "comparison.xlsx"), str(tmp_path / "diff.html"), str(tmp_path / "index.html")]
    assert str(tmp_path / "charts" / "overview.png") in lines
    assert all(Path(line).is_file() for line in lines)


def test_cli_summary_matches_the_library(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["compare", str(CORPUS / "jialing"), "--out", str(tmp_path / "a"), "--svg"])
    assert res.exit_code == 0, res.output
    lib = run_compare([CORPUS / "jialing"], tmp_path / "b", svg=True).summary
    assert f"Reports: {lib.reports}   Issuers: 1 (嘉陵区)   Years: 2019–2021" in res.stdout
    assert f"Claims inconsistent: {lib.claims_inconsistent} of {lib.claims}" in res.stdout
    for line in lib.biggest:
        assert f"  {line}" in res.stdout
    assert str(tmp_path / "a" / "comparison.xlsx") in res.stdout
    assert (tmp_path / "a" / "charts" / "overview.svg").is_file()


def test_cli_without_arguments_uses_seeds_of_the_current_folder(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEED, tmp_path / "seeds" / SEED.name)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["compare", "--quiet"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[:2] == ["reports/comparison.xlsx", "reports/diff.html"]
    # the seed alone: 2019 implied by the 2020 report's stated change, drawn dashed in a chart
    assert (tmp_path / "reports" / "charts" / "trend_head_appearance_rate.png").is_file()
    wide = pd.read_excel(tmp_path / "reports" / "comparison.xlsx", sheet_name="Indicators")
    rate = wide[(wide[HEADER_LABELS["indicator"]] == "head_appearance_rate") & wide["2019年"].notna()]
    assert list(rate["2019年"]) == [pytest.approx(45.78)] and list(rate["2020年"]) == [pytest.approx(64.29)]


def test_cli_without_seeds_explains(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(app, ["compare"])
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        f"Error: {tmp_path / 'seeds'}: no seeds/ folder in the current directory — pass report files or "
        "folders (report-compare compare FILE_OR_DIR...), or run it from the project folder"
    )


def test_cli_missing_path_is_a_named_error(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["compare", str(tmp_path / "nope"), "--out", str(tmp_path / "o"), "--quiet"])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"Error: {tmp_path / 'nope'}")
    assert not (tmp_path / "o").exists()


def test_cli_out_that_is_a_file_is_a_named_error(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    for out in (blocker, blocker / "sub"):
        res = CliRunner().invoke(app, ["compare", str(SEED), "--out", str(out), "--quiet"])
        assert res.exit_code == 2, res.output
        assert res.stderr.startswith(f"Error: {out}: ") and "give --out a folder" in res.stderr
        assert "Traceback" not in res.output


def _soffice(soffice: str, workbook: Path, fmt: str, out: Path, profile: Path) -> Path:
    # A machine without a CJK font (CI) prints Chinese as empty boxes and its PDF text as wrong
    # characters: LibreOffice is also given the Noto Sans CJK font that mplfonts ships.
    import os

    import mplfonts

    fonts = Path(mplfonts.__file__).parent / "fonts"
    conf = profile.parent / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{fonts}</dir><cachedir>{profile.parent / 'fontcache'}</cachedir></fontconfig>",
                    encoding="utf-8")
    done = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", fmt,
         "--outdir", str(out), str(workbook)],
        capture_output=True, text=True, timeout=180, check=False, env={**os.environ, "FONTCONFIG_FILE": str(conf)},
    )
    assert done.returncode == 0, done.stderr
    return out / f"{workbook.stem}.{fmt}"


def test_libreoffice_converts_the_workbook(result: CompareResult, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    pdf = _soffice(soffice, result.workbook, "pdf", tmp_path, tmp_path / "profile")
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 2000
    # The Section diffs rows show their whole text: LibreOffice keeps the heights the workbook sets
    # (read back from its own xlsx export), each high enough for the wrapped lines of its text ...
    from compare.write import excel

    ours = load_workbook(result.workbook)["Section diffs"]
    again = load_workbook(_soffice(soffice, result.workbook, "xlsx", tmp_path / "lo", tmp_path / "profile"))
    ws = again["Section diffs"]
    head = [c.value for c in ours[1]]
    text_columns = [head.index(HEADER_LABELS[k]) + 1 for k in ("old_text", "new_text")]
    tallest = (0, 0, "")
    for r in range(2, ours.max_row + 1):
        for col in text_columns:
            text = ours.cell(r, col).value or ""
            width = ours.column_dimensions[ours.cell(1, col).column_letter].width
            lines = excel.wrapped_lines(text, width)
            if lines > 1:
                assert ws.row_dimensions[r].height >= lines * excel.LINE_HEIGHT, (r, lines)
                assert ws.cell(r, col).alignment.wrap_text
            tallest = max(tallest, (lines, r, text))
    lines, row, text = tallest
    assert lines >= 3  # the fixtures have sections of several lines
    # ... and the PDF has the last characters of the longest cell, not only its first line.
    from pdfminer.high_level import extract_text

    printed = "".join(extract_text(str(pdf)).split())
    tail = "".join(text.split())[-8:]
    assert tail in printed, (row, tail)


def test_every_indicator_has_a_readable_name(result: CompareResult) -> None:
    # An indicator the lexicon does not know is named by its subject (督察组), never a blank 指标 cell.
    wb = load_workbook(result.workbook)
    unnamed = 0
    for sheet in ("Indicators", "Changes", "Claims"):
        ws = wb[sheet]
        head = [c.value for c in ws[1]]
        name, ident = head.index(HEADER_LABELS["indicator_name"]) + 1, head.index(HEADER_LABELS["indicator"]) + 1
        for r in range(2, ws.max_row + 1):
            assert ws.cell(r, name).value, (sheet, r)
            unnamed += not ws.cell(r, ident).value
    assert unnamed  # the fixtures have indicators the lexicon does not know
    wide = result.tables["wide"]
    blank = wide[wide["indicator"].fillna("") == ""]
    assert len(blank) and (blank["indicator_name"] == blank["subject"]).all()


def test_a_rerun_with_nothing_changed_reuses_the_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from compare.write import excel

    builds: list[int] = []
    real = excel.build_book
    monkeypatch.setattr(excel, "build_book", lambda *a, **k: builds.append(1) or real(*a, **k))
    first = run_compare([CORPUS], tmp_path / "out", chart_limit=0, jobs=1).workbook.read_bytes()
    again = run_compare([CORPUS], tmp_path / "out", chart_limit=0, jobs=1).workbook
    assert len(builds) == 1 and again.read_bytes() == first  # counted, not timed


def test_cli_manifest_overrides_issuer_and_year(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    shutil.copy(SEED, report)
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,issuer,year\nreport.txt,重庆市某某区人民政府,2020\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["compare", "--manifest", str(manifest), "--out", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert "Reports: 1   Issuers: 1 (某某区)   Years: 2020" in res.stdout
    sources = pd.read_excel(tmp_path / "o" / "comparison.xlsx", sheet_name="Sources")
    assert list(sources[HEADER_LABELS["issuer"]]) == ["重庆市某某区人民政府"]


def test_cli_bad_lexicon_fails_before_any_output(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text("[[indicator]]\nid = \n", encoding="utf-8")
    res = CliRunner().invoke(app, ["compare", str(SEED), "--lexicon", str(lexicon), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert res.stderr.startswith(f"Error: {lexicon}")
    assert not (tmp_path / "o").exists()


def test_links_name_the_year_of_the_section(result: CompareResult) -> None:
    # Paths repeat across years (一/(一) is in every report): a 2019 -> 2020 change must link to the
    # 2019 -> 2020 pair holding the 2020 path, not to a later pair where that path is the old side,
    # and an indicator to the pair of the year its section path comes from.
    wb = load_workbook(result.workbook)
    ch, sec, ind = wb["Changes"], wb["Sections"], wb["Indicators"]

    def col(ws, key: str) -> int:
        return [c.value for c in ws[1]].index(HEADER_LABELS[key]) + 1

    def pair(row: int) -> tuple:
        return tuple(sec.cell(row, col(sec, k)).value for k in ("issuer", "year_old", "year_new", "old_path", "new_path"))

    checked = 0
    for r in range(2, ch.max_row + 1):
        link = ch.cell(r, col(ch, "section")).hyperlink
        if not link:
            continue
        issuer, y_old, y_new, _, new_path = pair(int(link.location.split("!A")[1]))
        assert issuer == ch.cell(r, col(ch, "issuer")).value
        assert (y_new, new_path) == (ch.cell(r, col(ch, "year_new")).value, ch.cell(r, col(ch, "section")).value)
        checked += 1
    assert checked > 10
    years = [c.column for c in ind[1] if str(c.value).endswith("年")]
    for r in range(2, ind.max_row + 1):
        link = ind.cell(r, col(ind, "section")).hyperlink
        if not link:
            continue
        last = max(c for c in years if isinstance(ind.cell(r, c).value, (int, float)) and not ind.cell(r, c).font.i)
        year = int(str(ind.cell(1, last).value).removesuffix("年"))
        _, y_old, y_new, old_path, new_path = pair(int(link.location.split("!A")[1]))
        section = ind.cell(r, col(ind, "section")).value
        assert (y_new, new_path) == (year, section) or (y_old, old_path) == (year, section)


def test_claims_sheet_changes_carry_their_unit(result: CompareResult) -> None:
    # 同比增长128.78% (relative), 提高19.29个百分点 (points) and 增加14件 (absolute) share the
    # stated / computed columns; a bare "128.78" or "19.29" in one column was read as the same unit.
    ws = load_workbook(result.workbook)["Claims"]
    head = [c.value for c in ws[1]]
    col = {k: head.index(HEADER_LABELS[k]) + 1 for k in ("claimed_change", "claimed_kind", "computed_change",
                                                         "change_kind", "gap")}
    seen = set()
    for r in range(2, ws.max_row + 1):
        for value_key, kind_key in (("claimed_change", "claimed_kind"), ("computed_change", "change_kind")):
            cell, kind = ws.cell(r, col[value_key]), ws.cell(r, col[kind_key]).value
            if not isinstance(cell.value, (int, float)):
                continue
            kind = {label: id_ for id_, label in CHANGE_KINDS.items()}.get(kind, kind)  # the readers' word
            seen.add(kind)
            if kind == "percent":
                assert cell.number_format.endswith('"%"') and cell.number_format.startswith("+"), cell.number_format
            elif kind == "percentage_points":
                assert '" pp"' in cell.number_format
            else:
                assert cell.number_format.startswith("+#,##0")
        gap = ws.cell(r, col["gap"])
        if isinstance(gap.value, (int, float)):
            assert '"%"' not in gap.number_format
    assert {"percent", "percentage_points"} <= seen


def test_reports_whose_issuer_was_not_found_are_named_so_in_the_summary(tmp_path: Path) -> None:
    from compare.pipeline import UNKNOWN_ISSUER

    body = ("年，我们坚持依法行政，各项工作取得新进展。\n一、主要举措和成效\n（一）加强行政复议工作。"
            "全年办理行政复议案件{n}件。\n二、存在的不足\n基层执法力量仍需加强。\n")
    for year, n in ((2021, 12), (2023, 18)):
        (tmp_path / f"r{year}.txt").write_text(f"{year}{body.format(n=n)}", encoding="utf-8")
    s = run_compare([tmp_path / "r2021.txt", tmp_path / "r2023.txt"], tmp_path / "out", chart_limit=0).summary
    assert s.issuers == (UNKNOWN_ISSUER,)
    assert s.gaps == ((UNKNOWN_ISSUER, 2022),)
