"""Start-up work: what `report-compare` imports before a command runs (issue 10: ≤ 0.4 s for
`report-compare indicators FILE`). Checked by the modules loaded, never by time; the timing is in
benchmarks/bench_startup.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from compare.cli import app

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"

#: Libraries only the commands that write workbooks or charts need.
HEAVY = ("matplotlib", "openpyxl")
#: ... and the ones that compare years or build frames: a one-report command prints records.
FRAMES = ("pandas",)


def _loaded_after(code: str) -> set[str]:
    """Top-level names of the modules a fresh interpreter holds after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_chart_or_workbook_library() -> None:
    loaded = _loaded_after("import compare.cli")
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_importing_the_cli_loads_no_pipeline() -> None:
    probe = "import compare.cli, sys; print(sorted(m for m in sys.modules if m.startswith('compare.')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = out.stdout
    for module in ("compare.pipeline", "compare.across.changes", "compare.write.charts", "compare.write.excel"):
        assert module not in loaded


def test_importing_the_cli_loads_no_pandas() -> None:
    loaded = _loaded_after("import compare.cli")
    assert not loaded & set(FRAMES), sorted(loaded & set(FRAMES))


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
@pytest.mark.parametrize("command", ["indicators", "claims", "outline", "info"])
def test_single_report_commands_need_no_pandas_chart_or_workbook_library(command: str, fmt: str) -> None:
    code = ("import sys\nfrom compare.cli import app\n"
            f"sys.argv = ['report-compare', {command!r}, {str(SEED)!r}, '--format', {fmt!r}]\n"
            "try:\n    app()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n")
    loaded = _loaded_after(code)
    assert not loaded & {*HEAVY, *FRAMES}, (command, sorted(loaded & {*HEAVY, *FRAMES}))


def test_the_probe_would_see_pandas() -> None:
    # The checks above can fail: a command that builds a frame does load pandas.
    code = ("import sys\nfrom compare.cli import app\n"
            f"sys.argv = ['report-compare', 'changes', {str(SEED)!r}, '--format', 'csv', '--no-cache', '-j', '1']\n"
            "try:\n    app()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n")
    assert "pandas" in _loaded_after(code)


def test_every_command_is_still_registered() -> None:
    names = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None}
    assert {"align", "changes", "claims", "compare", "diff", "indicators", "info", "outline"} <= names


@pytest.mark.parametrize("command", ["indicators", "info"])
def test_csv_output_needs_no_rich(command: str) -> None:
    # rich draws the terminal table and the progress bar; a script asking for csv does without it.
    code = ("import sys\nfrom compare.cli import app\n"
            f"sys.argv = ['report-compare', {command!r}, {str(SEED)!r}, '--format', 'csv']\n"
            "try:\n    app()\nexcept SystemExit as e:\n    assert e.code in (0, None), e.code\n")
    assert "rich" not in _loaded_after(code)
