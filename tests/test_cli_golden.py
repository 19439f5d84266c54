"""The csv and json output of the one-report commands (indicators, claims, outline, info) against
golden files saved from the release before they stopped building a pandas frame to print: the
rendering moved to plain records, and these files say that no byte of csv/json moved with it.

Regenerate a golden file only when an output is meant to change (and say why in the commit):
    REGEN_GOLDEN=1 python -m pytest tests/test_cli_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden" / "cli"

#: Golden name -> input path (relative to the project root, as the `info` source column shows it).
INPUTS = {
    "seed": "seeds/beibei_2020_rule_of_law_report.txt",
    "page": "tests/fixtures/seed_page.html",
    "docx": "tests/fixtures/seed.docx",
    "noheadings": "tests/fixtures/no_headings.txt",
    "yunxi": "tests/fixtures/align/yunxi_2022.txt",
    "jialing": "tests/fixtures/corpus/jialing/jialing_2021.txt",
    # written for this test: claims with and without a base year, 余/约/近, a target, 由…提升至…
    "mixed": "tests/golden/cli/inputs/mixed_claims.txt",
}

CASES = [(cmd, name, fmt) for name in INPUTS for cmd in ("indicators", "claims", "outline", "info")
         for fmt in ("csv", "json")] + [("outline-parts", name, "csv") for name in INPUTS]


@pytest.mark.parametrize(("command", "name", "fmt"), CASES)
def test_output_is_byte_identical_to_the_golden_file(command: str, name: str, fmt: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ["outline", INPUTS[name], "--parts"] if command == "outline-parts" else [command, INPUTS[name]]
    result = CliRunner().invoke(app, [*args, "--format", fmt])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{command}_{name}.{fmt}"
    if os.environ.get("REGEN_GOLDEN") == "1":
        golden.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == golden.read_bytes(), f"{golden.name} differs"


def test_every_golden_file_is_checked() -> None:
    expected = {f"{c}_{n}.{f}" for c, n, f in CASES}
    assert {p.name for p in GOLDEN.iterdir() if p.is_file()} == expected


def test_golden_inputs_exist() -> None:
    for path in INPUTS.values():
        assert Path(ROOT / path).is_file(), path
