"""index.html, the overview page of a `compare` run: its content (summary, biggest changes, failed
claim checks, charts, links), self-contained and escaped, one call to add a section, and rendered
in headless Chromium at phone and desktop widths with no console errors."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from compare.extract.lexicon import load_lexicon
from compare.pipeline import CompareResult, compute, run_compare, write_index_page
from compare.write.indexpage import PageSection, cell_text, render_index, table_section

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "reports"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> CompareResult:
    return run_compare([EXAMPLES], tmp_path_factory.mktemp("index") / "out")


@pytest.fixture(scope="module")
def page(result: CompareResult) -> str:
    return result.index_html.read_text(encoding="utf-8")


def test_written_beside_the_other_outputs(result: CompareResult) -> None:
    assert result.index_html == result.workbook.parent / "index.html"
    assert result.index_html in result.paths


def test_summary_tables_and_links(result: CompareResult, page: str) -> None:
    s = result.summary
    assert f"<b>{s.reports}</b><span>报告 reports</span>" in page
    assert f"<b>{s.claims_inconsistent}</b><span>不一致 inconsistent</span>" in page
    assert 'href="comparison.xlsx"' in page and 'href="diff.html"' in page
    for section in ("Biggest changes", "Failed claim checks", "Charts"):
        assert section in page
    # the failed claim checks, with the years as written
    failed = page[page.index('id="claims"'):page.index('id="charts"')]
    assert "行政机关负责人出庭应诉率" in failed and "行政应诉案件" in failed
    assert "<td>2022</td><td" in failed and "2,022" not in failed
    assert failed.count("<tr>") == s.claims_inconsistent + 1
    # values and changes with their units, as the workbook shows them, aligned right
    for text in ("92.05%", "100.00%", "+9.95 pp", "+7.95 pp", "+2.00 pp", "47 件", "52 件", "+8 件", "+5 件", "+3 件"):
        assert f'<td class="n">{text}</td>' in failed, text


def test_biggest_changes_read_like_the_workbook_and_the_failed_claims(page: str) -> None:
    biggest = page[page.index('id="changes"'):page.index('id="claims"')]
    # the example's first row (南溪区, 规范性文件合法性审核数 2021→2022: 23 -> 31 件) as the Changes sheet shows it
    for text in ("23 件", "31 件", "+8 件", "+34.78%"):
        assert f'<td class="n">{text}</td>' in biggest, text
    assert "6.32%" in biggest and "-1.77 pp" in biggest  # a rate and its change in percentage points
    assert "23件" not in biggest and "+34.8%" not in biggest  # the page's older, unlike format


def test_failed_claim_values_and_changes_read_like_the_workbook() -> None:
    from compare.overview import change_text, value_text

    assert [value_text(v, u) for v, u in ((52, "%"), (64.29, "%"), (1182, "件"), (12.5, "万元"), (None, "件"))] == \
        ["52.00%", "64.29%", "1,182 件", "12.5 万元", ""]
    assert [change_text(v, k, "件") for v, k in ((18.51, "percentage_points"), (128.78, "percent"), (-50, "percent"),
                                                 (8, "absolute"), (-1182, "absolute"), (0, "absolute"))] == \
        ["+18.51 pp", "+128.78%", "-50%", "+8 件", "-1,182 件", "0 件"]
    # the gap between two relative changes is no relative change: no % sign, as on the Claims sheet
    assert change_text(25.45, "percent", "件", gap=True) == "+25.45"


def test_every_image_and_link_is_a_file_beside_the_page(result: CompareResult, page: str) -> None:
    out = result.index_html.parent
    images = re.findall(r'<img src="([^"]+)"', page)
    assert images and images[0] == "charts/overview.png"
    assert {out / i for i in images} == {p for p in result.charts if p.suffix == ".png"}
    for href in re.findall(r'href="([^"#]+)', page):
        assert (out / href).exists(), href


def test_self_contained(page: str) -> None:
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page and "<script" not in page
    assert "default-src 'none'" in page and "script-src 'none'" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_text_is_escaped() -> None:
    frame = pd.DataFrame({"subject": ['<script>alert("x")</script>'], "value": [1182.0]})
    html = render_index("<b>title</b>", [("<i>", "1")], [table_section("t<", frame)])
    assert "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)" in html
    assert "&lt;b&gt;title&lt;/b&gt;" in html and "<td class=\"n\">1,182</td>" in html


def test_cell_text() -> None:
    assert [cell_text(v) for v in (None, float("nan"), 3.0, 1182, 45.78, 0.12345, True, "x")] == \
        ["", "", "3", "1,182", "45.78", "0.1235", "是", "x"]


def test_an_extra_section_is_one_call(tmp_path: Path) -> None:
    lexicon = load_lexicon()
    job = compute([EXAMPLES], lexicon)
    audit = pd.DataFrame({"report": ["nanxi_2023.txt"], "score": [87.5]})
    path = write_index_page(job, tmp_path / "index.html", [], lexicon,
                            extra=[table_section("报告审查 Audit", audit, {"score": "得分"},
                                                 images=[("charts/audit.png", "audit chart")], anchor="audit")])
    html = path.read_text(encoding="utf-8")
    assert "<th>得分</th>" in html and '<td class="n">87.5</td>' in html and 'src="charts/audit.png"' in html
    # The run's own audit section asks for "audit" too: every id is on the page once, the extra
    # section (given first) keeps its anchor, and both follow the built-in sections.
    ids = re.findall(r'<section id="([^"]+)"', html)
    assert len(ids) == len(set(ids)), ids
    assert ids[:3] == ["changes", "claims", "charts"] and ids[-2:] == ["audit", "audit-2"]
    mine = html[html.index('id="audit"'):html.index('id="audit-2"')]
    assert "<th>得分</th>" in mine and "每千字指标数" in html[html.index('id="audit-2"'):]


def test_section_ids_are_unique() -> None:
    # an empty anchor is made from the position; one asked for twice gets a suffix the second time
    html = render_index("t", [], [PageSection("x"), PageSection("y", anchor="s0"), PageSection("z", anchor="a"),
                                  PageSection("w", anchor="a")])
    assert re.findall(r'<section id="([^"]+)"', html) == ["s0", "s0-2", "a", "a-2"]


# --------------------------------------------------------------------------- Chromium


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_renders_in_headless_chromium(result: CompareResult, tmp_path: Path, width: int) -> None:
    assert CHROMIUM is not None
    shot = tmp_path / "shot.png"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'p'}",
           "--enable-logging=stderr", "--v=0", "--hide-scrollbars", f"--window-size={width},1800",
           f"--screenshot={shot}", result.index_html.as_uri()]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert _png_size(data) == (width, 1800)
    assert len(data) > 20_000  # text, tables and charts, not a blank page
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line or "Refused" in line]
    bad = [line for line in console if re.search(r"Uncaught|Error|Refused|Content Security Policy|Failed", line)]
    assert not bad, bad


def test_a_long_list_of_failed_checks_is_cut_and_says_where_the_rest_is(result: CompareResult) -> None:
    from dataclasses import replace

    from compare import overview

    claims = result.tables["claims"]
    bad = claims[claims["claim_status"] == "inconsistent"]
    many = pd.concat([bad] * (overview.PAGE_FAILED // len(bad) + 1), ignore_index=True)
    summary = replace(result.summary, claims=len(many))
    sections = overview.index_sections(summary, result.tables["changes"], many, {}, [])
    failed = next(s for s in sections if s.anchor == "claims")
    assert failed.table is not None and len(failed.table.rows) == overview.PAGE_FAILED
    assert "Claims sheet" in failed.note
