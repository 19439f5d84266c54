"""Acceptance: the CLI's csv for the seed, scored by ../shared/eval/score_indicators.py against the
hand-made gold table, meets the bounds of issue 9 (tighter than issue 3's)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
SCORER = ROOT.parent / "shared" / "eval" / "score_indicators.py"
CLI = Path(sys.executable).with_name("report-compare")

#: Bounds from issue 9's acceptance section (issue 3 asked for 0.97 / 0.97 / 0.90 / 1.00): the seed
#: stays exact while the subject rules change for real reports.
MIN_PRECISION = 1.00
MIN_RECALL = 1.00
MIN_SUBJECT = 0.985
MIN_QUALIFIER = 1.00


def test_seed_indicators_meet_the_gold_bounds(tmp_path: Path) -> None:
    if not SCORER.is_file():
        pytest.skip("../shared/eval is not beside this checkout")
    command = [str(CLI)] if CLI.exists() else [sys.executable, "-m", "compare"]
    out = subprocess.run([*command, "indicators", str(SEED), "--format", "csv"], capture_output=True, check=True)
    predicted = tmp_path / "p.csv"
    predicted.write_bytes(out.stdout)
    scored = subprocess.run([sys.executable, str(SCORER), str(predicted)], capture_output=True, text=True,
                            check=True)
    last = scored.stdout.strip().splitlines()[-1]
    m = re.fullmatch(r"precision ([\d.]+)\s+recall ([\d.]+)\s+subject ([\d.]+)\s+qualifier ([\d.]+)", last)
    assert m, scored.stdout
    precision, recall, subject, qualifier = map(float, m.groups())
    assert precision >= MIN_PRECISION, scored.stdout
    assert recall >= MIN_RECALL, scored.stdout
    assert subject >= MIN_SUBJECT, scored.stdout
    assert qualifier >= MIN_QUALIFIER, scored.stdout
