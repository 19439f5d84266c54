"""examples/: the invented multi-year corpus the README's second command runs. It must give report
pairs, indicators matched across years, and claim checks both 一致 and 不一致; the README's images
(docs/) must exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compare.overview import EXAMPLE_COMMAND
from compare.pipeline import CompareResult, run_compare

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> CompareResult:
    return run_compare([EXAMPLES / "reports"], tmp_path_factory.mktemp("examples") / "out", chart_limit=0)


def test_marked_as_invented() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert "invented" in readme and "not published reports" in readme
    assert EXAMPLE_COMMAND in readme


def test_reports_are_of_a_real_size() -> None:
    files = sorted((EXAMPLES / "reports").glob("*.txt"))
    assert len(files) == 6
    assert all(2_000 <= f.stat().st_size <= 6_000 for f in files)


def test_pairs_and_matched_indicators(result: CompareResult) -> None:
    s = result.summary
    assert s.reports == 6 and s.issuers == ("南溪区", "石桥县") and s.years == (2021, 2022, 2023)
    assert s.pairs == 4 and not s.failures and not s.hint
    assert s.indicators_matched >= 20


def test_claim_checks_agree_and_disagree(result: CompareResult) -> None:
    claims = result.tables["claims"]
    status = claims["claim_status"].value_counts()
    assert status["consistent"] >= 10 and status["inconsistent"] >= 1
    bad = claims[claims["claim_status"] == "inconsistent"]
    found = set(zip(bad["subject"], bad["year_new"], strict=True))
    assert {("行政机关负责人出庭应诉率", 2023), ("行政应诉案件", 2023)} <= found


def test_sections_are_reworded_moved_and_copied(result: CompareResult) -> None:
    sections = result.tables["sections"]
    nanxi = sections[sections["issuer"] == "江屿市南溪区人民政府"]
    reworded = nanxi[nanxi["new_title"].astype(str).str.contains("政府职能依法全面履行")]
    assert (reworded["old_title"].astype(str).str.contains("依法全面履行政府职能")).any()
    moved = nanxi[(nanxi["year_new"] == 2023) & nanxi["new_title"].astype(str).str.contains("第一责任人")]
    assert moved.iloc[0]["old_path"] == "二" and moved.iloc[0]["new_path"] == "一"
    # The county's first-responsible part is nearly copied from 2022 to 2023.
    shiqiao = sections[(sections["issuer"] == "江屿市石桥县人民政府") & (sections["year_new"] == 2023)]
    copied = shiqiao[shiqiao["new_title"].astype(str).str.contains("第一责任人")]
    assert copied.iloc[0]["score"] > 0.95


def test_readme_commands_and_image_links() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert EXAMPLE_COMMAND in readme
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert any(i.startswith("docs/") and "chart" in i for i in images)
    assert any(i.startswith("docs/") and "index" in i for i in images)
    for image in images:
        path = ROOT / image
        assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", image
