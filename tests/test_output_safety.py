"""What the toolkit shows and writes stays inert: formula-looking report text in CSV, one-line
errors for bad options and odd file names, report text that is not terminal markup or control codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.textsafety import looks_like_formula, neutralise_formula

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
