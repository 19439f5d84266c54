"""A `compare` rerun (issue 10): tables from the job cache (compare.jobcache), outputs kept from the
previous set when written for the same job and options (compare.write.reuse). Counted, never timed."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from compare import cache, jobcache, pipeline
from compare.cli import app
from compare.pipeline import CompareResult, run_compare
from compare.read.limits import Limits
from compare.write import charts, excel, htmldiff, indexpage, reuse

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
OUTPUTS = ("comparison.xlsx", "charts", "diff.html", "index.html")


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often the tables are computed and each output is written, in the runs that follow."""
    seen: Counter[str] = Counter()

    def counted(name: str, real: object) -> object:
        def run(*args: object, **kwargs: object) -> object:
            seen[name] += 1
            return real(*args, **kwargs)  # type: ignore[operator]
        return run

    for module, attr, name in ((pipeline, "job_tables", "tables"), (excel, "build_book", "comparison.xlsx"),
                               (charts, "write_chart_set", "charts"), (htmldiff, "write_html", "diff.html"),
                               (indexpage, "write_index", "index.html")):
        monkeypatch.setattr(module, attr, counted(name, getattr(module, attr)))
    return seen


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(CORPUS / "jialing", folder / "jialing")
    shutil.copytree(CORPUS / "linjiang", folder / "linjiang")
    return folder


def _run(corpus: Path, out: Path, cache_dir: Path | None, **options: object) -> CompareResult:
    return run_compare([corpus], out, jobs=1, cache_dir=cache_dir, **{"chart_limit": 2, **options})  # type: ignore[arg-type]


def _files(out: Path) -> dict[str, tuple[int, bytes]]:
    """Every output file: (inode, bytes); an unchanged inode means the file was not written again."""
    return {p.relative_to(out).as_posix(): (p.stat().st_ino, p.read_bytes()) for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".report-compare.lock"}


def _same_result(a: CompareResult, b: CompareResult) -> None:
    assert a.tables.keys() == b.tables.keys()
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name], check_exact=True)
    assert a.summary == b.summary
    assert [p.relative_to(p.parents[1] if p.parent.name == "charts" else p.parent) for p in a.paths] == [
        p.relative_to(p.parents[1] if p.parent.name == "charts" else p.parent) for p in b.paths]


def test_a_rerun_reuses_every_output_and_computes_no_table(tmp_path: Path, counts: Counter[str]) -> None:
    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    first = _run(corpus, out, store)
    assert counts == Counter({"tables": 1, **dict.fromkeys(OUTPUTS, 1)})
    before = _files(out)
    counts.clear()
    again = _run(corpus, out, store)
    assert not counts  # no table computed, no output written
    assert _files(out) == before  # the same files, not rewritten (same inodes)
    _same_result(first, again)  # the library result is complete and identical
    assert len(again.charts) == 3 and all(p.is_file() for p in again.paths)


@pytest.mark.parametrize("change", ["edit", "add", "remove", "manifest", "lexicon", "limits", "code"])
def test_any_change_of_the_input_computes_the_tables_again(tmp_path: Path, counts: Counter[str], change: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    _run(corpus, out, store)
    options: dict[str, object] = {}
    if change == "edit":  # one figure of one report
        f = corpus / "jialing" / "jialing_2020.txt"
        f.write_text(f.read_text(encoding="utf-8").replace("件", "件。", 1), encoding="utf-8")
    elif change == "add":
        shutil.copy(ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt", corpus / "beibei_2020.txt")
    elif change == "remove":
        (corpus / "linjiang" / "linjiang_2018.txt").unlink()
    elif change == "manifest":
        manifest = tmp_path / "m.csv"
        manifest.write_text(f"path,issuer,year\n{corpus / 'linjiang' / 'linjiang_2018.txt'},,2019\n", encoding="utf-8")
        options["manifest"] = manifest
    elif change == "lexicon":
        lexicon = tmp_path / "lexicon.toml"
        lexicon.write_text('[[indicator]]\nid = "x_cases"\nname = "某某案件数"\naliases = ["某某案件"]\nunit = "件"\n'
                           'kind = "count"\n', encoding="utf-8")
        options["lexicon"] = lexicon
    elif change == "limits":
        options["limits"] = Limits(max_chars=3_000_000)
    else:  # an edited module of the toolkit (the same version number)
        monkeypatch.setattr(jobcache, "code_fingerprint", lambda: "0.0+edited")
    counts.clear()
    changed = _run(corpus, out, store, **options)
    assert counts["tables"] == 1 and counts["comparison.xlsx"] == 1 and counts["diff.html"] == 1
    # the same as a run with no cache and no previous set
    _same_result(changed, _run(corpus, tmp_path / "fresh", None, **options))


def test_another_output_option_rewrites_only_what_depends_on_it(tmp_path: Path, counts: Counter[str]) -> None:
    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    _run(corpus, out, store)
    counts.clear()
    result = _run(corpus, out, store, svg=True)
    assert counts == Counter({"charts": 1, "index.html": 1})  # the tables, workbook and diff page are kept
    assert any(p.suffix == ".svg" for p in result.charts)
    counts.clear()
    _run(corpus, out, store, svg=True)
    assert not counts


def test_a_damaged_job_entry_is_computed_again_never_fatal(tmp_path: Path, counts: Counter[str]) -> None:
    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    first = _run(corpus, out, store)
    with sqlite3.connect(store / cache.DB_NAME) as db:
        damaged = db.execute(f"UPDATE results_v{cache.CACHE_FORMAT} SET blob = x'78da0102' WHERE key LIKE ?",
                             (jobcache.KEY_PREFIX + "%",)).rowcount
    assert damaged == 1
    counts.clear()
    again = _run(corpus, out, store)
    assert counts == Counter({"tables": 1})  # rebuilt; the outputs, written for the same job, are kept
    _same_result(first, again)
    counts.clear()
    _run(corpus, out, store)
    assert not counts  # and stored again


def test_no_cache_never_opens_the_store(tmp_path: Path, counts: Counter[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache was opened")

    monkeypatch.setattr(cache.ResultCache, "open", refuse)
    corpus, out = _corpus(tmp_path), tmp_path / "out"
    _run(corpus, out, None)
    counts.clear()
    _run(corpus, out, None)
    # tables computed again (no store); the outputs, written for the same job, are kept
    assert counts == Counter({"tables": 1})
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    res = CliRunner().invoke(app, ["compare", str(corpus), "--out", str(out), "--no-cache", "--charts", "2", "-q"])
    assert res.exit_code == 0, res.output
    assert not (tmp_path / "xdg").exists()


def test_an_edited_or_deleted_output_is_written_again(tmp_path: Path, counts: Counter[str]) -> None:
    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    first = _run(corpus, out, store)
    before = _files(out)
    chart = first.charts[0]
    with (out / "diff.html").open("a", encoding="utf-8") as f:
        f.write("<!-- my note -->")
    with chart.open("ab") as f:  # its key, at the start of the file, is intact: only the digest tells
        f.write(b"\0")
    (out / "index.html").unlink()
    counts.clear()
    _run(corpus, out, store)
    assert counts == Counter({"charts": 1, "diff.html": 1, "index.html": 1})
    after = _files(out)
    assert {k: v[1] for k, v in after.items()} == {k: v[1] for k, v in before.items()}  # the same bytes again
    kept = [k for k in before if k.startswith("charts/") and k != f"charts/{chart.name}"]
    assert kept and all(after[k][0] == before[k][0] for k in [*kept, "comparison.xlsx"])  # linked, not redrawn


def test_a_damaged_record_means_writing_everything(tmp_path: Path, counts: Counter[str]) -> None:
    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    _run(corpus, out, store)
    (out / reuse.RECORD_NAME).write_text("{not json", encoding="utf-8")
    counts.clear()
    _run(corpus, out, store)
    assert counts == Counter(dict.fromkeys(OUTPUTS, 1))
    assert reuse.read_record(out).keys() == set(OUTPUTS)


def test_the_workbook_key_skips_hashing_the_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    monkeypatch.setattr(excel, "workbook_key", lambda *a, **k: pytest.fail("tables hashed"))
    result = _run(corpus, tmp_path / "out", None, chart_limit=0)
    assert excel.has_key(result.workbook, reuse.read_record(tmp_path / "out")["comparison.xlsx"].key)


def test_a_record_whose_chart_list_does_not_match_its_files_is_not_trusted(tmp_path: Path,
                                                                            counts: Counter[str]) -> None:
    import json

    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    first = _run(corpus, out, store)
    record = json.loads((out / reuse.RECORD_NAME).read_text(encoding="utf-8"))
    record["entries"]["charts"]["meta"]["paths"].append("../comparison.xlsx")
    (out / reuse.RECORD_NAME).write_text(json.dumps(record), encoding="utf-8")
    counts.clear()
    again = _run(corpus, out, store)
    assert counts == Counter({"charts": 1}) and again.charts == first.charts


@pytest.mark.parametrize("files", [[["../comparison.xlsx", 1, "0"]], [["charts/a/b.png", 1, "0"]], [["other", 1, "0"]],
                                   [["", 1, "0"]], [["charts/a\u0000b.png", 1, "0"]], [[1, 1, "0"]]])
def test_a_record_naming_files_outside_its_entry_is_not_read(tmp_path: Path, files: list[list[object]]) -> None:
    import json

    entry = {"key": "k", "files": files, "meta": {}, "folder": True}
    (tmp_path / reuse.RECORD_NAME).write_text(json.dumps({"format": reuse.RECORD_FORMAT,
                                                          "entries": {"charts": entry}}), encoding="utf-8")
    assert reuse.read_record(tmp_path) == {}
    entry["files"] = [["charts/a.png", 1, "0"]]
    (tmp_path / reuse.RECORD_NAME).write_text(json.dumps({"format": reuse.RECORD_FORMAT,
                                                          "entries": {"charts": entry}}), encoding="utf-8")
    assert reuse.read_record(tmp_path)["charts"].files == (("charts/a.png", 1, "0"),)


def test_a_reused_folder_carries_on_only_the_files_its_record_lists(tmp_path: Path, counts: Counter[str]) -> None:
    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    first = _run(corpus, out, store)
    assert first.charts
    (out / "charts" / "planted.png").write_bytes(b"not drawn by us")
    (out / "diff.html").unlink()  # so that a new set is written, with the charts reused
    counts.clear()
    _run(corpus, out, store)
    assert counts == Counter({"diff.html": 1})
    assert not (out / "charts" / "planted.png").exists()
    assert all(not rel.endswith("planted.png") for rel, _, _ in reuse.read_record(out)["charts"].files)


def test_files_reached_through_a_linked_entry_folder_are_not_trusted(tmp_path: Path) -> None:
    corpus, out, store = _corpus(tmp_path), tmp_path / "out", tmp_path / "cache"
    _run(corpus, out, store)
    elsewhere = tmp_path / "elsewhere"
    (out / "charts").rename(elsewhere)
    (out / "charts").symlink_to(elsewhere, target_is_directory=True)
    plan = reuse.OutputPlan(out, {"charts": "k"})
    assert plan.intact_files("charts") == set() and not plan.reusable("charts")


def test_the_charts_key_follows_the_font_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from compare.write import fonts

    font = tmp_path / "font.ttf"
    font.write_bytes(b"glyphs")
    names = ("comparison.xlsx", "charts", "diff.html", "index.html")
    monkeypatch.setattr(fonts, "cjk_font", lambda: fonts.FontChoice(name="Test Sans", path=str(font)))
    before = reuse.output_keys("job", names, svg=False, chart_limit=None)
    os.utime(font, ns=(1, 1))  # the same name and path, another file (an upgraded font)
    after = reuse.output_keys("job", names, svg=False, chart_limit=None)
    assert before["charts"] != after["charts"] and before["index.html"] != after["index.html"]
    assert before["comparison.xlsx"] == after["comparison.xlsx"]


def test_the_code_fingerprint_follows_the_libraries_behind_the_results(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    real = importlib.metadata.version
    before = cache.code_fingerprint()
    cache.code_fingerprint.cache_clear()
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0-test" if name == "rapidfuzz" else real(name))
    try:
        assert cache.code_fingerprint() != before
    finally:
        cache.code_fingerprint.cache_clear()
