"""Section diff: the Chinese text diff (sentences, tokens, numbers, moves), report pairing, the
terminal renderers (plain markers, colours, full-width widths), the HTML page (self-contained,
escaped, rendered in headless Chromium when installed) and the `diff` command."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from compare import load_bytes
from compare.across.diff import (
    MOVE_MIN_CHARS,
    DiffOp,
    SectionDiff,
    count_ops,
    diff_reports,
    diff_text,
    split_sentences,
    tokenize,
)
from compare.cli import app
from compare.errors import UsageError
from compare.write.atomic import write_text_atomic
from compare.write.diffrender import (
    diff_rows,
    render_side_by_side,
    render_unified,
    safe_text,
    side_pairs,
    wrap_cells,
)
from compare.write.htmldiff import render_html, write_html

OLD_REPORT = """某某区人民政府关于2021年度法治政府建设情况的报告

2021年，区政府坚持以习近平法治思想为指导，全面推进法治政府建设。现将有关情况报告如下：

一、2021年法治政府建设主要举措和成效

（一）深化放管服改革。全区政务服务事项清单共1,182项。全程网办率达到72%。建立企业开办专窗，企业开办时间压缩至1个工作日，群众办事更加便利。持续推进一网通办，实现数据共享。

（二）加强行政复议工作。全年收到行政复议申请120件，办结115件。行政机关负责人出庭应诉率达到64.29%。

（三）推进严格规范公正文明执法。全面落实行政执法三项制度。组织执法人员培训3场。

二、存在的不足和原因

（一）法治意识有待进一步提高。少数干部运用法治思维和法治方式解决问题的能力不足。

三、2022年工作打算

（一）持续优化法治化营商环境。推动政务服务标准化、规范化、便利化。

某某区人民政府
2022年1月20日
"""

NEW_REPORT = """某某区人民政府关于2022年度法治政府建设情况的报告

2022年，区政府坚持以习近平法治思想为指导，全面推进法治政府建设。现将有关情况报告如下：

一、2022年法治政府建设主要举措和成效

（一）深化放管服改革。持续推进一网通办，实现数据共享。全区政务服务事项清单共1,205项。全程网办率达到89%。建立企业开办专窗，企业开办时间压缩至1个工作日，群众办事更加便利。

（二）加强行政复议工作。全年收到行政复议申请135件，全部办结。行政机关负责人出庭应诉率达到80%。

（三）加强法治宣传教育。开展“八五”普法启动仪式，发放宣传资料3000余份。组织领导干部旁听庭审2次。

二、存在的不足和原因

（一）法治意识有待进一步提高。少数干部运用法治思维和法治方式解决问题的能力不足。

三、2023年工作打算

（一）持续优化法治化营商环境。推动政务服务标准化、规范化、便利化。

某某区人民政府
2023年1月18日
"""

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def reports():
    return load_bytes(OLD_REPORT.encode(), "old_2021.txt"), load_bytes(NEW_REPORT.encode(), "new_2022.txt")


@pytest.fixture(scope="module")
def diffs(reports):
    return diff_reports(*reports)


@pytest.fixture()
def report_files(tmp_path):
    old, new = tmp_path / "old_2021.txt", tmp_path / "new_2022.txt"
    old.write_text(OLD_REPORT, encoding="utf-8")
    new.write_text(NEW_REPORT, encoding="utf-8")
    return old, new


def changes(ops):
    return [op for op in ops if op.op != "equal"]


def old_of(ops):
    return "".join(op.old for op in ops if op.op != "move_to")


def new_of(ops):
    return "".join(op.new for op in ops if op.op != "move_from")


# --------------------------------------------------------------------------- tokens, sentences


@pytest.mark.parametrize("number", ["72%", "1,182项", "36.39万", "36.39万件", "3000余份", "7.01个百分点",
                                    "15个工作日", "1194.13万元", "64.29％", "2020年"])
def test_number_with_unit_is_one_token(number):
    assert tokenize(f"达到{number}，") == ["达", "到", number, "，"]


def test_chinese_characters_and_ascii_words():
    assert tokenize("推进ISO 9001认证") == ["推", "进", "ISO", " ", "9001", "认", "证"]


def test_sentences_keep_punctuation_quotes_and_line_breaks():
    text = "他说：“好。”然后走了！是吗？一是；二是\n标题\n\n正文。"
    assert split_sentences(text) == ["他说：“好。”", "然后走了！", "是吗？", "一是；", "二是\n", "标题\n\n", "正文。"]


_ALPHABET = st.sampled_from([*"法治政府建设率达到件项万年。；！？，\n 0123456789.%,ab", "72%", "1,182项"])
_TEXT = st.lists(_ALPHABET, max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(_TEXT, _TEXT)
def test_ops_give_both_texts_back(old, new):
    ops = diff_text(old, new)
    assert old_of(ops) == old
    assert new_of(ops) == new
    for op in ops:
        if op.op == "replace" or op.inner:
            assert "".join(t.old for t in op.inner) == op.old
            assert "".join(t.new for t in op.inner) == op.new
    assert "".join(split_sentences(old)) == old
    assert "".join(tokenize(old)) == old


# --------------------------------------------------------------------------- diff_text


def test_percentage_change_is_one_token_change():
    ops = diff_text("行政机关负责人出庭应诉率达到72%。", "行政机关负责人出庭应诉率达到89%。")
    assert [op.op for op in ops] == ["replace"]
    assert changes(ops[0].inner) == [DiffOp("replace", "72%", "89%")]


def test_number_with_separator_and_unit_is_one_change():
    ops = diff_text("政务服务事项清单1,182项。", "政务服务事项清单1,205项。")
    assert changes(ops[0].inner) == [DiffOp("replace", "1,182项", "1,205项")]


def test_sentences_first_then_characters():
    old = "第一句不变。全程网办率达到72%。第三句也不变。"
    new = "第一句不变。全程网办率提高到89%。第三句也不变。"
    ops = diff_text(old, new)
    assert [op.op for op in ops] == ["equal", "replace", "equal"]
    assert ops[0].old == "第一句不变。" and ops[2].new == "第三句也不变。"
    inner = ops[1].inner
    assert inner[0] == DiffOp("equal", "全程网办率", "全程网办率")
    assert [(t.old, t.new) for t in changes(inner)] == [("达", "提高"), ("72%", "89%")]


def test_reworded_sentence_is_a_replace_not_delete_insert():
    ops = diff_text("加强行政复议工作，全年办结案件115件。", "进一步加强行政复议工作，全年审结案件135件。")
    assert [op.op for op in ops] == ["replace"]
    assert count_ops(ops) == (0, 0, 1, 0)


def test_unrelated_sentences_are_delete_and_insert():
    ops = diff_text("组织执法人员培训3场。", "发放宣传资料3000余份，覆盖全区群众。")
    assert [op.op for op in ops] == ["delete", "insert"]


def test_moved_sentence_is_a_move():
    moved = "持续推进一网通办，实现数据共享。"
    old = f"清单共1182项。全程网办率达到72%。{moved}"
    new = f"{moved}清单共1182项。全程网办率达到72%。"
    ops = diff_text(old, new)
    kinds = [op.op for op in ops]
    assert kinds.count("move_from") == 1 and kinds.count("move_to") == 1
    assert "insert" not in kinds and "delete" not in kinds
    frm = next(op for op in ops if op.op == "move_from")
    to = next(op for op in ops if op.op == "move_to")
    assert frm.move == to.move == 1 and frm.old == to.new == moved and not to.inner
    assert count_ops(ops) == (0, 0, 0, 1)


def test_near_equal_move_keeps_its_token_changes():
    # The two long sentences keep their order; the shorter one moves (and has a figure updated).
    a = "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，执法行为更加规范。"
    b = "健全行政复议案件审理机制，推进行政复议规范化建设，行政复议的公信力和权威性进一步提高。"
    old = f"{a}企业开办时间压缩至2个工作日，群众办事更加便利。{b}"
    new = f"企业开办时间压缩至1个工作日，群众办事更加便利。{a}{b}"
    ops = diff_text(old, new)
    to = next(op for op in ops if op.op == "move_to")
    assert changes(to.inner) == [DiffOp("replace", "2个工作日", "1个工作日")]


def test_moved_sentence_with_updated_figures_is_a_move():
    # Raw similarity 0.85; figures change every year, so they do not count against a move.
    a = "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，执法行为更加规范。"
    b = "健全行政复议案件审理机制，推进行政复议规范化建设，行政复议的公信力和权威性进一步提高。"
    ops = diff_text(f"{a}全年受理行政复议案件32件，办结30件。{b}", f"全年受理行政复议案件40件，办结38件。{a}{b}")
    assert count_ops(ops) == (0, 0, 0, 1)
    to = next(op for op in ops if op.op == "move_to")
    assert [(t.old, t.new) for t in changes(to.inner)] == [("32件", "40件"), ("30件", "38件")]


def test_moved_sentence_does_not_hide_rewordings_around_it():
    # SequenceMatcher alone anchors on the long moved sentence and turns the three reworded
    # sentences into three deletes and three inserts.
    moved = "这是一句相当长而且完全没有改动的句子，只是被移到了段落的最前面。"
    old = f"全年收到复议申请120件。出庭应诉率达到72%。组织培训3场。{moved}最后一句。"
    new = f"{moved}全年收到复议申请135件。出庭应诉率达到89%。组织培训5场。最后一句。"
    ops = diff_text(old, new)
    assert count_ops(ops) == (0, 0, 3, 1)


def test_short_repeated_fragments_are_not_moves():
    short = "一是加强领导。"
    assert len(short) < MOVE_MIN_CHARS
    ops = diff_text(f"{short}甲乙丙丁戊己庚辛壬癸。", f"甲乙丙丁戊己庚辛壬癸。{short}")
    assert [op.op for op in ops] == ["delete", "equal", "insert"]


def test_whitespace_only_changes_are_not_changes():
    ops = diff_text("第一句。\n第二句。", "第一句。\n\n  第二句。")
    assert count_ops(ops) == (0, 0, 0, 0)


def test_identical_and_empty_texts():
    assert diff_text("", "") == ()
    assert [op.op for op in diff_text("一句。两句。", "一句。两句。")] == ["equal"]
    assert [op.op for op in diff_text("", "新增一句。")] == ["insert"]


# --------------------------------------------------------------------------- diff_reports


def test_report_sections_are_paired_and_diffed(diffs):
    by_new = {d.new_path: d for d in diffs if d.new_path}
    first = by_new["一/(一)"]
    assert first.old_path == "一/(一)" and first.changed
    replaced = [(t.old, t.new) for op in first.ops if op.op == "replace" for t in changes(op.inner)]
    assert ("72%", "89%") in replaced and ("1,182项", "1,205项") in replaced
    assert first.moves == 1  # 持续推进一网通办 moved to the front of the paragraph
    unchanged = next(d for d in diffs if d.new_path == "二/(一)")
    assert not unchanged.changed and unchanged.status == "unchanged"
    # The parts outside the numbered tree are paired too.
    assert diffs[0].old_path == diffs[0].new_path == "preamble"
    assert diffs[-1].old_path == diffs[-1].new_path == "closing" and diffs[-1].changed


def test_added_and_removed_sections(diffs):
    added = [d for d in diffs if d.status == "added"]
    removed = [d for d in diffs if d.status == "removed"]
    assert [d.new_title for d in added] == ["加强法治宣传教育"]
    assert [d.old_title for d in removed] == ["推进严格规范公正文明执法"]
    assert added[0].insertions == 3 and added[0].deletions == 0
    assert removed[0].deletions == 3 and removed[0].insertions == 0


def test_sentence_moved_to_another_section(reports):
    old, _ = reports
    moved = "全面落实行政执法三项制度。"  # from 一/(三) (removed) to 一/(二)
    text = NEW_REPORT.replace("全年收到行政复议申请135件，全部办结。", f"全年收到行政复议申请135件，全部办结。{moved}")
    new = load_bytes(text.encode(), "new.txt")
    diffs = {(d.old_path, d.new_path): d for d in diff_reports(old, new)}
    frm = [op for op in diffs[("一/(三)", "")].ops if op.op == "move_from"]
    to = [op for op in diffs[("一/(二)", "一/(二)")].ops if op.op == "move_to"]
    assert len(frm) == len(to) == 1 and frm[0].move == to[0].move
    assert frm[0].move_path == "一/(二)" and to[0].move_path == "一/(三)"
    assert diffs[("一/(三)", "")].deletions == 2 and diffs[("一/(三)", "")].moves == 1
    assert diffs[("一/(二)", "一/(二)")].insertions == 0 and diffs[("一/(二)", "一/(二)")].moves == 1
    out = render_unified(tuple(diffs.values()))
    assert f"< [moved #{frm[0].move} to 一/(二)] {moved}" in out
    assert f"> [moved #{to[0].move} from 一/(三)] {moved}" in out


def test_move_ids_are_unique_in_a_report_pair(diffs):
    ends = [(op.op, op.move) for d in diffs for op in d.ops if op.move]
    assert len(ends) == len(set(ends))
    assert {m for _, m in ends} == set(range(1, len(ends) // 2 + 1))


def test_counts_match_ops(diffs):
    for d in diffs:
        assert (d.insertions, d.deletions, d.changes, d.moves) == count_ops(d.ops)


def test_section_filter_by_old_or_new_path(reports):
    only = diff_reports(*reports, section="一/(二)")
    assert [(d.old_path, d.new_path) for d in only] == [("一/(二)", "一/(二)")]
    removed = diff_reports(*reports, section="一/(三)")
    assert {d.status for d in removed} >= {"removed"} or {d.status for d in removed} >= {"added"}


def test_unknown_section_lists_valid_paths(reports):
    with pytest.raises(UsageError) as err:
        diff_reports(*reports, section="九/(九)")
    assert "no section '九/(九)'" in err.value.what
    assert "preamble, 一, 一/(一)" in err.value.fix


# --------------------------------------------------------------------------- terminal renderers


def test_unified_plain_markers(diffs):
    out = render_unified(diffs, color=False)
    assert "\x1b" not in out
    assert "~ 全程网办率达到[-72%-]{+89%+}。" in out
    assert "\n- 组织执法人员培训3场。" in out
    assert "\n+ 组织领导干部旁听庭审2次。" in out
    assert "< [moved #1 away] 持续推进一网通办，实现数据共享。" in out
    assert "> [moved #1 here] 持续推进一网通办，实现数据共享。" in out
    assert "@@ 一/(一) @@ 深化放管服改革  [matched: +0 -0 ~2 >1]" in out
    assert "二/(一)" not in out  # unchanged sections are left out ...
    assert re.search(r"\d+ of \d+ section\(s\) unchanged", out)  # ... and counted
    assert "二/(一)" in render_unified(diffs, all_sections=True)


def test_unified_colours_without_markers(diffs):
    out = render_unified(diffs, color=True)
    assert "\x1b[9;31m72%\x1b[0m" in out  # red, struck through
    assert "\x1b[4;32m89%\x1b[0m" in out  # green, underlined
    assert "[-" not in ANSI.sub("", out) and "{+" not in ANSI.sub("", out)


@pytest.mark.parametrize("width", [20, 21, 40, 57, 80, 121])
@pytest.mark.parametrize("color", [False, True])
def test_side_by_side_lines_fit_the_width(diffs, width, color):
    out = render_side_by_side(diffs, width=width, color=color, all_sections=True)
    lines = ANSI.sub("", out).splitlines()
    assert len(lines) > 20
    assert max(cell_len(line) for line in lines) <= width
    # The separator sits in one column on every row, however many full-width characters precede it.
    seps = {cell_len(line[:line.index("│")]) for line in lines if "│" in line}
    assert seps == {(width - 3) // 2 + 1}


def test_side_by_side_columns_hold_the_old_and_new_text(diffs):
    d = next(d for d in diffs if d.new_path == "一/(一)")
    out = render_side_by_side([d], width=30, context=None)
    rows = [line for line in out.splitlines() if "│" in line]
    left = "".join(line[2:line.index("│")].rstrip() for line in rows)
    right = "".join(line[line.index("│") + 4:] for line in rows)
    unmark = re.compile(r"\[moved #\d+ (?:away|here)\] |\[-|-\]|\{\+|\+\}")
    old_text = "".join(op.old for op in d.ops if op.op != "move_to")
    new_text = "".join(op.new for op in d.ops if op.op != "move_from")
    assert unmark.sub("", left) == re.sub(r"\s", "", old_text)
    assert unmark.sub("", right) == re.sub(r"\s", "", new_text)
    assert "[-1,182项-]" in left and "{+1,205项+}" in right


def test_wrap_never_splits_a_wide_character():
    segs = [("中文a字符测试", "same"), ("72%", "ins")]
    for width in range(2, 12):
        lines = wrap_cells(segs, width)
        assert all(cell_len("".join(t for t, _ in line)) <= width for line in lines)
        assert "".join(t for line in lines for t, _ in line) == "中文a字符测试72%"


def test_side_pairs_put_a_rewritten_passage_side_by_side():
    ops = diff_text("甲乙丙丁戊。旧的第一句内容。旧的第二句内容。己庚辛壬癸。",
                    "甲乙丙丁戊。完全不同的新句子一。另一条新的说法二。己庚辛壬癸。")
    rows = diff_rows(ops, context=None)
    pairs = [(left.kind if left else None, right.kind if right else None) for left, right in side_pairs(rows)]
    assert pairs == [("equal", "equal"), ("delete", "insert"), ("delete", "insert"), ("equal", "equal")]


def test_control_characters_never_reach_the_terminal():
    nasty = "正文\x1b[2J\x1b]0;pwned\x07。\u202e翻转。"
    ops = diff_text("正文。", nasty)
    d = SectionDiff("一", "一", "t", "t", "matched", 1.0, ops, *count_ops(ops))
    for out in (render_unified([d]), render_side_by_side([d], width=60), render_unified([d], color=True)):
        assert "\x1b[2J" not in out and "\x07" not in out and "\u202e" not in out
    assert safe_text("a\x1bb\tc") == "a\ufffdb c"


# --------------------------------------------------------------------------- HTML


def _csp_hashes(page: str) -> tuple[str, str]:
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)

    def h(s: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()

    return h(style), h(script)


def test_html_is_self_contained(reports, diffs):
    page = render_html([(*reports, diffs)], "对比")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in page and '<meta charset="utf-8">' in page
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:|//)""", page, re.I)
    assert not re.search(r"<script[^>]*\bsrc\b", page, re.I)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    # The policy allows exactly our own style and script blocks.
    style_hash, script_hash = _csp_hashes(page)
    assert f"style-src '{style_hash}'" in page and f"script-src '{script_hash}'" in page
    assert "default-src 'none'" in page


def test_html_section_list_side_by_side_and_moves(reports, diffs):
    page = render_html([(*reports, diffs)], "对比")
    assert 'id="p0-list"' in page
    n_sections = len(re.findall(r'<td><a href="#p0-s\d+">', page))
    assert n_sections == len(diffs)
    assert "<del>72%</del>" in page and "<ins>89%</ins>" in page
    # Move ids are unique in the pair: each end links to the other, wherever it is.
    assert 'id="p0-m1-from"' in page and 'href="#p0-m1-to"' in page
    assert 'id="p0-m1-to"' in page and 'href="#p0-m1-from"' in page
    assert page.count('class="sbs"') == sum(d.changed for d in diffs)


def test_html_escapes_hostile_report_text(reports):
    old, _ = reports
    hostile = NEW_REPORT.replace("组织领导干部旁听庭审2次。",
                                 '组织<script>alert(1)</script>旁听"><img src=x onerror=alert(2)>庭审&amp;2次。')
    new = load_bytes(hostile.encode(), "</title><script>alert(3)</script>.txt")
    page = render_html([(old, new, diff_reports(old, new))], "<b>标题</b>")
    assert page.count("<script") == 1  # ours, at the end
    assert "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page and "&amp;amp;" in page
    assert "&lt;/title&gt;&lt;script&gt;alert(3)" in page


def test_html_several_pairs_in_one_page(reports, diffs):
    old, new = reports
    page = render_html([(old, new, diffs), (new, old, diff_reports(new, old))], "三年对比")
    assert 'id="p0-list"' in page and 'id="p1-list"' in page
    assert 'href="#p0"' in page and 'href="#p1"' in page


def test_write_html_is_atomic(tmp_path, reports, diffs):
    target = tmp_path / "diff.html"
    target.write_text("old content", encoding="utf-8")
    write_html([(*reports, diffs)], target, title="对比")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["diff.html"]  # no temporary file left behind
    with pytest.raises(UsageError, match="does not exist"):
        write_text_atomic(tmp_path / "missing" / "diff.html", "x")


CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_html_renders_in_headless_chromium_without_console_errors(tmp_path, reports, diffs):
    page = tmp_path / "diff.html"
    write_html([(*reports, diffs)], page, title="对比 <script>alert(1)</script>")
    profile = tmp_path / "profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--enable-logging=stderr", "--v=0", "--dump-dom", page.as_uri()]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    dom = run.stdout
    assert 'id="p0-list"' in dom and "深化放管服改革" in dom
    assert '<body class="only-changed">' in dom  # our script ran (the CSP hash matched)
    console = [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    bad = [line for line in console if re.search(r"Uncaught|Error|Refused|Content Security Policy", line)]
    assert not bad, bad


# --------------------------------------------------------------------------- CLI


def test_cli_piped_output_is_plain_and_equals_the_library(report_files, reports):
    old, new = report_files
    result = CliRunner().invoke(app, ["diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "[-72%-]{+89%+}" in result.stdout
    lib = diff_reports(load_bytes(OLD_REPORT.encode(), str(old)), load_bytes(NEW_REPORT.encode(), str(new)))
    assert result.stdout == render_unified(lib)


def test_cli_side_by_side_width(report_files):
    old, new = report_files
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--format", "side-by-side", "--width", "44"])
    assert result.exit_code == 0, result.output
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 44


def test_cli_section_and_html_out(report_files, tmp_path):
    old, new = report_files
    out = tmp_path / "d.html"
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "-s", "一/(二)", "-f", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    page = out.read_text(encoding="utf-8")
    assert "<del>64.29%</del>" in page and "深化放管服改革" not in page


def test_cli_unknown_section_is_a_usage_error(report_files):
    old, new = report_files
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--section", "五/(九)"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {old}: no section '五/(九)' in either report — choose one of: preamble, 一")


@pytest.mark.parametrize("args", [["--width", "5"], ["--format", "pdf"], ["--context", "-1"]])
def test_cli_bad_options_exit_2(report_files, args):
    old, new = report_files
    result = CliRunner().invoke(app, ["diff", str(old), str(new), *args])
    assert result.exit_code == 2


def test_cli_missing_file_and_bad_out_folder(report_files, tmp_path):
    old, new = report_files
    result = CliRunner().invoke(app, ["diff", str(old), str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--out", str(tmp_path / "no" / "x.txt")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_cli_no_color_env_keeps_markers(report_files):
    old, new = report_files
    result = CliRunner().invoke(app, ["diff", str(old), str(new)], env={"NO_COLOR": "1", **os.environ})
    assert result.exit_code == 0 and "{+89%+}" in result.stdout


def test_dates_change_as_whole_tokens() -> None:
    # 日期：2021-01-20 -> 2023-03-01 (page furniture and signature dates change every year) was
    # diffed digit group by digit group: "[-2021-]{+2023-03+}-01[--20-]".
    assert tokenize("日期：2021-01-20，2020年2月10日") == ["日", "期", "：", "2021-01-20", "，", "2020年2月10日"]
    ops = [(o.op, o.old, o.new) for op in diff_text("日期：2021-01-20", "日期：2023-03-01") for o in (op.inner or [op])]
    assert ops == [("equal", "日期：", "日期："), ("replace", "2021-01-20", "2023-03-01")]
    text = render_unified(diff_reports(
        load_bytes("关于2020年度法治政府建设情况的报告\n日期：2021-01-20\n".encode(), "a.txt"),
        load_bytes("关于2022年度法治政府建设情况的报告\n日期：2023-03-01\n".encode(), "b.txt")), color=False)
    assert "[-2021-01-20-]{+2023-03-01+}" in text


def test_side_by_side_header_never_cuts_the_status_mid_word() -> None:
    d = SectionDiff(old_path="一/(一)/2", new_path="一", old_title="严格落实第一责任人职责",
                    new_title="党政主要负责人履行推进法治建设第一责任人职责情况", status="changed", score=0.5,
                    ops=(DiffOp("replace", "严格落实第一责任人职责。", "党政主要负责人履行推进法治建设第一责任人职责情况"),),
                    insertions=0, deletions=0, changes=1, moves=0)
    lines = render_side_by_side([d], width=100).splitlines()
    assert lines[0].startswith("@@ 一/(一)/2 -> 一 @@") and "[" not in lines[0]
    assert lines[1] == "[changed: +0 -0 ~1 >0]"


def test_cli_notes_reports_given_newest_first(tmp_path: Path) -> None:
    # diff / align NEW OLD showed every removed section as added, with nothing saying so.
    for y in (2020, 2022):
        (tmp_path / f"r{y}.txt").write_text(f"重庆市江南区人民政府关于{y}年度法治政府建设情况的报告\n\n一、主要举措\n\n"
                                            f"全年收到行政复议申请{y - 1900}件。\n", encoding="utf-8")
    for cmd in ("diff", "align"):
        res = CliRunner().invoke(app, [cmd, str(tmp_path / "r2022.txt"), str(tmp_path / "r2020.txt")])
        assert res.exit_code == 0, res.output
        assert "Note: OLD is the 2022 report and NEW the 2020 one" in res.stderr
        res = CliRunner().invoke(app, [cmd, str(tmp_path / "r2020.txt"), str(tmp_path / "r2022.txt")])
        assert "Note:" not in res.stderr


def test_html_title_uses_the_same_chinese_term_as_the_main_job(tmp_path: Path) -> None:
    # "部分对比" (partial comparison) here, "章节对比" (section comparison) in compare's diff.html.
    for y in (2020, 2021):
        (tmp_path / f"r{y}.txt").write_text(f"重庆市江南区人民政府关于{y}年度法治政府建设情况的报告\n\n一、主要举措\n\n"
                                            f"全年收到行政复议申请{y - 1900}件。\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["diff", str(tmp_path / "r2020.txt"), str(tmp_path / "r2021.txt"), "-f", "html"])
    assert "<title>Section diff / 章节对比: " in res.stdout
