"""Corpus loading: issuer keys, grouping by issuer and year, manifest overrides, named errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compare.errors import CorpusError, EmptyInput, InputNotFound, UsageError
from compare.read.corpus import expand_paths, load_corpus, normalise_issuer

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.mark.parametrize(("name", "key"), [
    ("北碚区人民政府", "北碚区"),
    ("重庆市北碚区人民政府", "北碚区"),
    ("北碚区政府", "北碚区"),
    ("中共重庆市北碚区委 重庆市北碚区人民政府", "北碚区"),
    ("重庆市人民政府", "重庆市"),
    ("浙江省杭州市西湖区人民政府", "西湖区"),
    ("江苏省沛县人民政府", "沛县"),
    ("浙江省义乌市人民政府", "义乌市"),
    ("重庆市北碚区司法局", "北碚区司法局"),  # a department stays distinct from its government
    ("重庆市城市管理局", "重庆市城市管理局"),  # 城市 is not a county name
    ("重庆市市场监督管理局", "重庆市市场监督管理局"),
    ("", ""),
])
def test_normalise_issuer(name: str, key: str) -> None:
    assert normalise_issuer(name) == key


def test_department_and_government_are_different_issuers() -> None:
    assert normalise_issuer("北碚区司法局") != normalise_issuer("北碚区人民政府")


def test_folder_groups_by_issuer_orders_by_year_and_lists_gaps() -> None:
    corpus = load_corpus([CORPUS])
    assert corpus.issuers == ("临江县", "嘉陵区")
    jialing = corpus.issuer("重庆市嘉陵区人民政府")
    assert jialing.years == (2019, 2020, 2021)  # 2021 says 嘉陵区人民政府, 2019 重庆市嘉陵区人民政府
    assert jialing.gaps == ()
    assert corpus.issuer("临江县").years == (2018, 2020)
    assert corpus.gaps == (("临江县", 2019),)
    assert len(corpus.reports) == 5


def test_folder_skips_readme_hidden_and_other_files(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", tmp_path / "a.txt")
    (tmp_path / "README.md").write_text("# notes", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "data.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "b.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.txt"]
    # a file given twice (alone and in its folder) is one report
    assert len(expand_paths([tmp_path, tmp_path / "a.txt"])) == 1


def test_duplicate_issuer_year_names_both_files(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", a)
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", b)
    with pytest.raises(CorpusError) as err:
        load_corpus([a, b])
    msg = err.value.message
    assert str(a) in msg and str(b) in msg and "2020" in msg and "嘉陵区" in msg


def test_manifest_overrides_year_and_issuer(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", a)
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", tmp_path / "b.txt")
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,issuer,year\na.txt,,2018\nb.txt,重庆市渝北区人民政府,\n", encoding="utf-8")
    corpus = load_corpus([a], manifest=manifest)  # b.txt comes from the manifest alone
    assert corpus.issuers == ("嘉陵区", "渝北区")
    assert corpus.issuer("嘉陵区").years == (2018,)
    assert corpus.issuer("渝北区").years == (2020,)


@pytest.mark.parametrize(("content", "line", "what"), [
    ("path,issuer,year\na.txt,嘉陵区,20x0\n", 2, "is not a year"),
    ("a.txt,嘉陵区\n", 1, "2 cells"),
    ("path,issuer,year\n\nmissing.txt,嘉陵区,2020\n", 3, "no such file"),
    ("path,issuer,year\n,嘉陵区,2020\n", 2, "empty path"),
])
def test_bad_manifest_row_names_the_line(tmp_path: Path, content: str, line: int, what: str) -> None:
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", tmp_path / "a.txt")
    manifest = tmp_path / "m.csv"
    manifest.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_corpus([tmp_path / "a.txt"], manifest=manifest)
    assert err.value.file == str(manifest)
    assert f"line {line}:" in err.value.what and what in err.value.what


def test_year_override_needs_one_file() -> None:
    with pytest.raises(UsageError):
        load_corpus([CORPUS / "jialing"], year=2020)
    corpus = load_corpus([CORPUS / "jialing" / "jialing_2020.txt"], year=2030)
    assert corpus.series[0].years == (2030,)


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound):
        load_corpus([tmp_path / "nope"])
    with pytest.raises(EmptyInput):
        load_corpus([tmp_path])


# --- An issuer not found in a file must not drop it out of its series (issue 9, item 7). ---

def _untitled(year: int) -> str:
    # A page that lost its title and signature: only the preamble says which year it covers.
    return (f"{year}年，全区坚持依法行政，工作有序推进。\n一、{year}年法治政府建设主要举措和成效\n"
            f"（一）行政复议。全年收到行政复议申请{100 + year % 10}件。\n二、存在的不足和原因\n人员不足。\n")


def test_report_without_issuer_joins_the_series_of_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "jialing"
    folder.mkdir()
    for y in (2019, 2020):
        shutil.copy(CORPUS / "jialing" / f"jialing_{y}.txt", folder / f"{y}.txt")
    (folder / "2021.txt").write_text(_untitled(2021), encoding="utf-8")
    corpus = load_corpus([folder])
    assert corpus.issuers == ("嘉陵区",)
    assert corpus.issuer("嘉陵区").years == (2019, 2020, 2021)
    r2021 = corpus.issuer("嘉陵区").report(2021)
    assert r2021 is not None and r2021.issuer
    assert any("taken from the other reports in its folder" in w for w in r2021.warnings)
    assert not any(w.startswith("issuer not found —") for w in r2021.warnings)


def test_folder_of_mixed_issuers_says_nothing(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", tmp_path / "a.txt")
    shutil.copy(CORPUS / "linjiang" / "linjiang_2020.txt", tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text(_untitled(2021), encoding="utf-8")
    corpus = load_corpus([tmp_path])
    assert "" in corpus.issuers  # the untitled report stays apart: its folder names two issuers


def test_report_without_issuer_joins_its_series_by_manifest_or_option(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", a)
    b = tmp_path / "sub" / "b.txt"
    b.parent.mkdir()
    b.write_text(_untitled(2021), encoding="utf-8")
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,issuer,year\nsub/b.txt,重庆市嘉陵区人民政府,\n", encoding="utf-8")
    assert load_corpus([a, b], manifest=manifest).issuer("嘉陵区").years == (2020, 2021)
    assert load_corpus([b], issuer="嘉陵区人民政府").issuer("嘉陵区").years == (2021,)


# --- A manifest supplies metadata for the files given, it does not add files (issue 9, item 10). ---

def test_manifest_can_be_limited_to_the_files_given(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    shutil.copy(CORPUS / "jialing" / "jialing_2020.txt", a)
    shutil.copy(CORPUS / "linjiang" / "linjiang_2020.txt", tmp_path / "b.txt")
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,issuer,year\na.txt,,2018\nb.txt,,\n", encoding="utf-8")
    corpus = load_corpus([a], manifest=manifest, manifest_adds_files=False)
    assert [r.source for r in corpus.reports] == [str(a)]
    assert corpus.reports[0].year == 2018  # the row for the file given still applies
