"""Every command has help text with an example, and a section in README.md."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from compare.cli import app
from tests.conftest import ROOT

COMMANDS = sorted(get_command(app).commands)  # type: ignore[attr-defined]


def test_expected_commands_exist():
    assert {"info", "outline", "indicators", "claims", "align", "changes", "diff", "compare"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_with_example(name):
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Example" in result.stdout and f"report-compare {name}" in result.stdout


@pytest.mark.parametrize("name", COMMANDS)
def test_command_in_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^### {name}\b", readme, re.M), f"README.md has no '### {name}' section"
    assert f"report-compare {name}" in readme


def test_python_dash_m_runs_the_same_cli():
    out = subprocess.run([sys.executable, "-m", "compare", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0
    for name in COMMANDS:
        assert name in out.stdout
