"""Library/CLI parity for info and outline, purity of the per-report stage, and robustness of the
parser on arbitrary text."""

from __future__ import annotations

import csv
import io
import itertools
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from compare import load, load_bytes
from compare.cli import app
from compare.schema import info_frame, outline_frame
from compare.textnorm import fold, key


def test_outline_cli_json_equals_library(seed_path):
    result = CliRunner().invoke(app, ["outline", str(seed_path), "--format", "json", "--parts"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == outline_frame(load(seed_path), parts=True).to_dict(orient="records")


def test_info_cli_csv_equals_library(seed_path):
    result = CliRunner().invoke(app, ["info", str(seed_path), "--format", "csv"])
    assert result.exit_code == 0
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    lib = info_frame(load(seed_path)).iloc[0].to_dict()
    assert row == {k: str(v) for k, v in lib.items()}


def test_load_is_a_pure_function_of_the_bytes(seed_path):
    data = seed_path.read_bytes()
    a = load_bytes(data, "a.txt")
    b = load_bytes(data, "a.txt")
    assert a == b
    assert hash(a.sections) == hash(b.sections)  # frozen records: usable as cache keys


def test_sections_partition_the_text(seed_path):
    r = load(seed_path)
    parts = r.sections
    assert parts[0].start == 0 and parts[-1].end == len(r.text)
    for a, b in itertools.pairwise(parts):
        assert a.end == b.start
    for s in r.headings:
        assert r.text[s.start:s.end].startswith(s.marker)
        assert s.title in r.text[s.start:s.end]


def test_normalisation_keeps_display_text():
    r = load_bytes("一、甲\n（一）强化领导，统筹谋划。文。\n".encode(), "t.txt")
    s = r.section("一/(一)")
    assert s.marker == "（一）" and s.title == "强化领导，统筹谋划"  # as written
    assert fold(s.marker) == "(一)" and key(s.title) == "强化领导统筹谋划"


_ALPHABET = st.sampled_from(list("一二三四五六七八九十（）()、.．12345是。；：\n 　甲乙丙丁年月日人民政府报告关于2020"))


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, max_size=300))
def test_parser_never_crashes_and_offsets_hold(text):
    r = load_bytes(text.encode("utf-8"), "fuzz.txt") if text.strip() else None
    if r is None:
        return
    paths = [s.path for s in r.sections]
    assert len(paths) == len(set(paths))
    for s in r.sections:
        assert 0 <= s.start <= s.end <= len(r.text)
        assert s.level >= 0
