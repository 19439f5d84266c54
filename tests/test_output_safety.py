"""What the toolkit shows and writes stays inert: formula-looking report text in CSV, one-line
errors for bad options and odd file names, report text that is not terminal markup or control codes."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from compare.cli import app
from compare.write.textsafety import looks_like_formula, neutralise_formula, one_line, terminal_text

#: A report whose headings are formula payloads; the last heading is a plain negative number.
HOSTILE = (
    "某某区人民政府2020年法治政府建设年度报告\n"
    "一、=HYPERLINK(\"http://x\",\"点击\")\n内容。\n"
    "二、+cmd|' /C calc'!A0\n内容。\n"
    "三、@SUM(A1:A3)\n内容。\n"
    "四、-2+3\n内容。\n"
    "五、-3.5\n内容。\n"
)


@pytest.mark.parametrize(("text", "formula"), [
    ("=1+2", True), ("+cmd|' /C calc'!A0", True), ("@SUM(A1)", True), ("-2+3", True), ("\t=1", True),
    ("-3件", True), ("-3.5", False), ("+2", False), ("-1e5", False), ("3-2", False), ("负责人", False), ("", False),
])
def test_formula_rule(text: str, formula: bool) -> None:
    assert looks_like_formula(text) is formula
    assert neutralise_formula(text) == ("'" + text if formula else text)


def _csv(args: list[str]) -> list[dict[str, str]]:
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(io.StringIO(res.stdout)))


def test_csv_neutralises_formula_text_and_raw_keeps_it(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text(HOSTILE, encoding="utf-8")
    titles = [r["title"] for r in _csv(["outline", str(report), "--format", "csv"])]
    assert titles[1:] == ["'+cmd|' /C calc'!A0", "'@SUM(A1:A3)", "'-2+3", "-3.5"]
    assert titles[0].startswith("'=HYPERLINK(")
    raw = [r["title"] for r in _csv(["outline", str(report), "--format", "csv", "--raw"])]
    assert raw[1:] == ["+cmd|' /C calc'!A0", "@SUM(A1:A3)", "-2+3", "-3.5"]


def test_csv_numbers_stay_numbers(tmp_path: Path) -> None:
    # A negative change is a number, not a formula: it is written bare, as before.
    from tests.test_changes import CORPUS  # the two-issuer fixture corpus

    rows = _csv(["changes", str(CORPUS / "jialing"), "--format", "csv"])
    negative = [r["change"] for r in rows if r["change"].startswith("-")]
    assert negative and all(float(v) < 0 for v in negative)


@pytest.mark.parametrize("command", ["info", "outline", "indicators", "claims", "align", "changes"])
def test_every_table_command_takes_raw(command: str) -> None:
    res = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert "--raw" in res.stdout


SEED = Path(__file__).resolve().parents[1] / "seeds" / "beibei_2020_rule_of_law_report.txt"


def _one_error(args: list[str]) -> str:
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr
    return lines[0]


def test_bad_option_value_is_one_line_listing_the_valid_values() -> None:
    assert _one_error(["outline", str(SEED), "--format", "xml"]) == (
        "Error: invalid value for '--format' / '-f': 'xml' is not one of 'table', 'csv', 'json' — "
        "choose one of: table, csv, json")


def test_unknown_flag_is_one_line() -> None:
    line = _one_error(["outline", str(SEED), "--bogus"])
    assert line.startswith("Error: no such option: --bogus — see `") and line.endswith(" outline --help`")
    assert "did you mean --format?" in _one_error(["outline", str(SEED), "--formt", "csv"])


def test_missing_argument_and_unknown_command_are_one_line() -> None:
    assert _one_error(["changes"]).startswith("Error: missing argument")
    # The valid values are the commands there are (a new command adds to the list).
    commands = sorted(get_command(app).commands)  # type: ignore[attr-defined]
    assert {"align", "changes", "compare", "outline"} <= set(commands)
    assert _one_error(["nosuch"]).endswith(f"— choose one of: {', '.join(commands)}")


def test_out_of_range_value_is_one_line() -> None:
    assert "--width" in _one_error(["diff", str(SEED), str(SEED), "--width", "3"])


def test_help_and_good_runs_are_unchanged() -> None:
    res = CliRunner().invoke(app, ["outline", "--help"])
    assert res.exit_code == 0 and "Usage" in res.stdout


@pytest.mark.parametrize("name", ["a\nb.txt", "a\rb.txt", "a\x1b[2Jb.txt", "a\u2028b.txt"])
def test_file_name_with_control_characters_stays_on_one_line(tmp_path: Path, name: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(bytes(range(256)) * 8)
    line = _one_error(["outline", str(bad)])
    assert line.startswith(f"Error: {tmp_path}/a\\") and "b.txt: binary data" in line
    assert one_line(str(bad)) in line


def test_file_name_with_a_newline_in_a_batch(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "x\ny.txt").write_bytes(bytes(range(256)) * 8)
    res = CliRunner().invoke(app, ["changes", str(tmp_path), "--format", "csv"])
    assert res.exit_code == 2
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error")]
    assert errors == [f"Error: {tmp_path}/x\\ny.txt: binary data, not text or a known document format — "
                      "give a .txt, .html, .docx or .pdf report"]


def test_report_text_is_not_markup_and_has_no_control_codes(tmp_path: Path) -> None:
    report = tmp_path / "m.txt"
    report.write_text("某某区人民政府2020年法治政府建设年度报告[bold]\n一、[/x]测试\n内容。\n"
                      "二、[bold]加粗\x1b[31m红色\n受理案件5件。\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["outline", str(report)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output  # was: MarkupError (exit 1) on "[/x]"
    assert "[/x]测试" in res.stdout and "[bold]加粗" in res.stdout
    assert "\x1b" not in res.stdout
    assert "年度报告[bold]" in res.stdout  # the table title is report text too


def test_text_helpers() -> None:
    assert one_line("a\nb\tc\x1b[0m\x85d\u2029") == "a\\nb\\tc\\x1b[0m\\x85d\\u2029"
    assert terminal_text("a\x1b[31mb\x07c\rd\te\nf\x9b") == "a[31mbcd\te\nf"


def test_progress_bar_shows_file_names_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The bar's description is rich markup: a file named "[red]报告.txt" showed as a red "报告.txt"
    # (and one with a closing tag crashed the bar). What the bar is given must render as written.
    from rich.console import Console
    from rich.progress import Progress
    from rich.text import Text

    shown: list[str] = []
    update = Progress.update

    def spy(self: Progress, task: object, **kwargs: object) -> None:
        if isinstance(kwargs.get("description"), str):
            shown.append(Text.from_markup(str(kwargs["description"])).plain)
        update(self, task, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Progress, "update", spy)
    monkeypatch.setattr("compare.cli.compare_cmd.stderr", Console(file=io.StringIO(), force_terminal=True))
    (tmp_path / "in").mkdir()
    shutil.copy(SEED, tmp_path / "in" / "[red]报告.txt")
    res = CliRunner().invoke(app, ["compare", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "reading [red]报告.txt" in shown
