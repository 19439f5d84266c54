"""Terminal tables at 80 and 120 columns: each header whole on one line, no line wider than the
terminal (a CJK character takes two columns), fewer columns at 80, and a hint naming how many
columns only csv/json carry. And csv/json write counts as integers, rates with their decimals."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from compare.cli import app
from compare.cli.tables import csv_text, json_text, layout, terminal_table
from tests.conftest import ROOT, SEED

JIALING = ROOT / "tests" / "fixtures" / "corpus" / "jialing"
MIXED = ROOT / "tests" / "golden" / "cli" / "inputs" / "mixed_claims.txt"

#: name -> arguments of a table command
COMMANDS = {
    "indicators": ["indicators", str(SEED)],
    "claims": ["claims", str(MIXED)],
    "outline": ["outline", str(SEED)],
    "info": ["info", str(SEED)],
    "changes": ["changes", str(JIALING), "--no-cache", "--jobs", "1"],
    "align": ["align", str(JIALING / "jialing_2019.txt"), str(JIALING / "jialing_2020.txt")],
}
HINT = re.compile(r"^\((\d+) more columns?: use --format csv\)$")


def _run(args: list[str], columns: int, *extra: str) -> str:
    result = CliRunner().invoke(app, [*args, *extra], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _headers(table: str) -> list[str]:
    """The header cells: the one line between the top border and the header rule."""
    lines = table.splitlines()
    top = next(i for i, line in enumerate(lines) if line.startswith("┏"))
    rule = next(i for i, line in enumerate(lines) if line.startswith("┡"))
    assert rule == top + 2, "the header takes more than one line: a header was broken"
    return [cell.strip() for cell in lines[top + 1].strip("┃").split("┃")]


def _csv_columns(args: list[str]) -> list[str]:
    return next(csv.reader(io.StringIO(_run(args, 200, "--format", "csv"))))


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_table_fits_the_width_and_keeps_headers_whole(name: str, columns: int) -> None:
    args = COMMANDS[name]
    out = _run(args, columns)
    for line in out.splitlines():
        assert cell_len(line) <= columns, line
    headers = _headers(out)
    known = {"field", "value"} if name == "info" else set(_csv_columns(args))
    assert set(headers) <= known, f"a header that is no column: {set(headers) - known}"
    hidden = 0 if name == "info" else len(known) - len(headers)
    last = out.rstrip("\n").splitlines()[-1]
    if hidden:
        m = HINT.match(last)
        assert m and int(m.group(1)) == hidden, last
    else:
        assert not HINT.match(last)


@pytest.mark.parametrize("name", ["indicators", "claims", "outline", "changes", "align"])
def test_fewer_columns_at_80_than_at_120(name: str) -> None:
    narrow, wide = _headers(_run(COMMANDS[name], 80)), _headers(_run(COMMANDS[name], 120))
    assert len(narrow) < len(wide), (narrow, wide)


def test_long_cjk_text_is_cut_with_an_ellipsis_by_display_width() -> None:
    rows = [{"subject": "行政机关负责人出庭应诉率" * 3, "value": 64.29}]
    out = terminal_table(["subject", "value"], rows, width=40)
    body = [line for line in out.splitlines() if "64.29" in line]
    assert body and "…" in body[0] and cell_len(body[0]) <= 40


def test_numbers_are_never_cut_and_the_narrow_view_is_used_below_100_columns() -> None:
    cells = {"subject": ["很长的统计对象名称" * 4], "value": ["123456789.25"], "unit": ["件"], "text": ["x" * 50]}
    wide = layout([["subject", "value", "unit", "text"], ["subject", "value"]], cells, 120, frozenset({"value"}))
    narrow = layout([["subject", "value", "unit", "text"], ["subject", "value"]], cells, 80, frozenset({"value"}))
    assert wide.columns == ("subject", "value", "unit", "text")
    assert narrow.columns == ("subject", "value")
    assert dict(zip(narrow.columns, narrow.widths, strict=True))["value"] == len("123456789.25")


def test_a_terminal_too_narrow_for_every_header_drops_the_rightmost_columns() -> None:
    cells = {"section": ["一"], "subject": ["对象"], "qualifier": ["exact"], "is_target": ["False"]}
    fit = layout([list(cells)], cells, 30)
    assert fit.columns == ("section", "subject")
    assert sum(fit.widths) + 3 * len(fit.widths) + 1 <= 30


def test_report_text_in_a_cell_stays_on_one_line() -> None:
    out = terminal_table(["title"], [{"title": "一、第一行\n第二行\t\x1b[31m"}], width=80)
    body = [line for line in out.splitlines() if "第一行" in line]
    assert len(body) == 1 and "第二行" in body[0] and "\x1b" not in out


# ------------------------------------------------------------------------------- csv integers
def test_changes_csv_writes_counts_as_integers_and_rates_with_decimals() -> None:
    rows = list(csv.DictReader(io.StringIO(_run(COMMANDS["changes"], 200, "--format", "csv"))))
    assert rows
    for row in rows:
        for column in ("year_old", "year_new", "value_old", "value_new", "change", "claimed_change", "gap"):
            assert not row[column].endswith(".0"), (column, row[column])
    counts = [r for r in rows if r["unit"] == "件" and r["pair"] != "claim"]
    assert any(re.fullmatch(r"-?\d+", r["value_old"]) and re.fullmatch(r"-?\d+", r["change"]) for r in counts)
    rates = [r for r in rows if r["unit"] == "%"]
    assert any("." in r["value_new"] for r in rates), "a rate such as 64.29 keeps its decimals"
    assert any(r["pct_change"].endswith(".0") for r in rows), "a relative change keeps its decimal point"


def test_a_year_column_with_a_gap_is_still_integers() -> None:
    # pandas turns an int column with a missing value into floats (2020.0): the kind decides.
    rows = list(csv.DictReader(io.StringIO(_run(["claims", str(MIXED)], 200, "--format", "csv"))))
    years = [r["base_year"] for r in rows]
    assert "" in years and "2020" in years and "2020.0" not in years


def test_whole_numbers_by_column_kind() -> None:
    rows = [{"value": 1182.0, "year": 2019.0, "pct_change": 20.0, "pp_change": 5.0, "score": 1.0, "subject": 3.0}]
    cols = list(rows[0])
    assert csv_text(cols, rows).splitlines()[1] == "1182,2019,20.0,5.0,1.0,3.0"
    assert json.loads(json_text(cols, rows))[0] == {"value": 1182, "year": 2019, "pct_change": 20.0, "pp_change": 5.0,
                                                   "score": 1.0, "subject": 3.0}
    assert '"value": 1182,' in json_text(cols, rows)


def test_a_megabyte_cell_is_one_cut_line() -> None:
    out = terminal_table(["title", "level"], [{"title": "长" * 1_000_000, "level": 1}], width=80)
    body = [line for line in out.splitlines() if "长" in line]
    assert len(body) == 1 and cell_len(body[0]) <= 80 and "… │" in body[0]


def test_readme_lists_the_terminal_columns_the_schema_declares() -> None:
    from compare import schema

    views = {"indicators": (schema.INDICATORS_TERMINAL, schema.INDICATORS_TERMINAL_80),
             "claims": (schema.REPORT_CLAIMS_TERMINAL, schema.REPORT_CLAIMS_TERMINAL_80),
             "outline": (schema.OUTLINE_TERMINAL, schema.OUTLINE_TERMINAL_80),
             "align": (schema.ALIGN_TERMINAL, schema.ALIGN_TERMINAL_80),
             "changes": (schema.CHANGES_TERMINAL, schema.CHANGES_TERMINAL_80)}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, (wide, narrow) in views.items():
        row = re.search(rf"^\| `{name}` \| ([^|]+) \| ([^|]+) \|$", readme, flags=re.M)
        assert row, name
        assert [c.strip() for c in row.group(1).split(",")] == list(wide.ids), name
        assert [c.strip() for c in row.group(2).split(",")] == list(narrow.ids), name
