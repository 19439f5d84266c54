"""The indicator lexicon: built-in coverage, matching rules, user files, and errors that name the line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from compare.cli import app
from compare.errors import LexiconError
from compare.extract.lexicon import KINDS, load_lexicon

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"
DOMAIN = ROOT.parent / "shared" / "DOMAIN.md"

#: The recurring indicators named in DOMAIN.md ("canonical id: aliases; unit; kind").
DOMAIN_IDS = (
    "reconsideration_received", "reconsideration_closed", "reconsideration_correction_rate", "litigation_cases",
    "litigation_loss_rate", "head_appearance_rate", "normative_docs_reviewed", "normative_docs_filed",
    "enforcement_certificates", "gov_service_items", "online_service_rate", "mediation_cases", "mediation_success",
    "legal_advisor_services", "law_popularization", "suggestions_handled",
)  # fmt: skip


def test_builtin_covers_every_recurring_indicator_of_the_domain_notes() -> None:
    lex = load_lexicon()
    ids = {e.id for e in lex.entries}
    assert set(DOMAIN_IDS) <= ids
    assert all(e.kind in KINDS for e in lex.entries)
    if DOMAIN.is_file():  # the notes list them as "- id: ..." / "- id / _suffix: ..."
        named = re.findall(r"^- ([a-z_]+)(?: / _([a-z]+))?:", DOMAIN.read_text(encoding="utf-8"), re.MULTILINE)
        for first, suffix in named:
            assert first in ids
            if suffix:
                assert f"{first.rsplit('_', 1)[0]}_{suffix}" in ids


def test_builtin_slogans_cover_the_set_phrases_with_numerals() -> None:
    slogans = set(load_lexicon().slogans)
    for s in ("四个意识", "四个自信", "两个维护", "三项制度", "五个一", "七个一", "一窗式", "最多跑一次", "一件事",
              "一件事一次办", "十四五", "七五普法", "八五普法", "双随机、一公开", "三十一证合一", "一把手",
              "第一责任人", "两山", "十九大"):
        assert s in slogans, s


@pytest.mark.parametrize("sentence", [
    "推行“6+1”工作模式，建成“三级四务”集成服务体系。",
    "落实“三长”联动机制，开展“双百”行动，总结“七字诀”工作法。",
    "推行6+1工作模式，深化“五个一”服务。",
])
def test_local_slogans_are_caught_by_rules_not_by_the_list(sentence: str) -> None:
    # Local brand names (one district's 三级四务, 七字诀) are not in the built-in list: the general
    # rules (numerals inside short quotes, N+M models) must keep them out of the indicators.
    from compare import load_bytes
    from compare.extract.indicators import extract_indicators

    for local in ("三级四务", "七字诀", "三长", "双百", "6+1"):
        assert local not in load_lexicon().slogans
    report = load_bytes(f"一、主要举措\n{sentence}\n".encode(), "t.txt", year=2021)
    assert extract_indicators(report) == ()


@pytest.mark.parametrize(("subject", "kind", "sentence", "expected"), [
    ("新收行政复议案件", "count", "", "reconsideration_received"),
    ("行政复议案件 审结", "count", "", "reconsideration_closed"),  # the longer two-part alias wins
    ("县政府作为被告的一审行政诉讼案件", "count", "", "litigation_cases"),
    ("行政机关负责人出庭应诉率", "rate", "", "head_appearance_rate"),
    ("负责人出庭应诉", "count", "", "head_appearance_count"),  # same words, other kind
    ("纠纷 调解成功", "count", "", "mediation_success"),  # equal length: the head (last word) wins
    ("满意率", "rate", "办理人大代表建议和政协提案120件，满意率100%", "suggestions_satisfaction_rate"),
    ("满意率", "rate", "群众对窗口服务的满意率98%", None),  # context word missing
    ("公共法律服务站点", "count", "", None),  # 法律服务 is not the head: it counts 站点
    ("政务服务事项清单", "count", "", "gov_service_items"),  # 清单 is a generic head
    ("出庭应诉率", "count", "", None),  # a rate alias never names a count
    ("", "count", "", None),
])  # fmt: skip
def test_match(subject: str, kind: str, sentence: str, expected: str | None) -> None:
    entry = load_lexicon().match(subject, kind, sentence)
    assert (entry.id if entry else None) == expected


def test_match_remembers_aliases_but_tests_the_context_each_time() -> None:
    # One subject, one kind, two sentences: what a Lexicon remembers per subject must not carry a
    # context found in one sentence over to another.
    lexicon = load_lexicon()
    with_context = "办理人大代表建议和政协提案120件，满意率100%"
    for _ in range(2):
        for sentence, expected in ((with_context, "suggestions_satisfaction_rate"), ("窗口服务满意率98%", None),
                                   ("", None), (with_context, "suggestions_satisfaction_rate")):
            entry = lexicon.match("满意率", "rate", sentence)
            assert (entry.id if entry else None) == expected
    # the context word may also stand in the subject itself
    entry = lexicon.match("提案办理满意率", "rate", "")
    assert entry is not None and entry.id == "suggestions_satisfaction_rate"
    assert lexicon.match("满意率", "count", with_context) is None  # the kind is part of what is remembered


def test_slogan_spans_find_listed_phrases_longest_first() -> None:
    text = "坚持一件事一次办，全面落实行政执法三项制度"
    spans = load_lexicon().slogan_spans(text)
    assert [text[a:b] for a, b in spans] == ["一件事一次办", "三项制度"]


def _write(tmp_path: Path, body: str, name: str = "lex.toml") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def test_user_file_extends_and_overrides(tmp_path: Path) -> None:
    path = _write(tmp_path, '''slogans = ["三联三帮"]

[[indicator]]
id = "grid_officers"
name = "网格员人数"
aliases = ["专职网格员", "网格员"]
unit = "名"
kind = "count"

[[indicator]]
id = "head_appearance_rate"
name = "出庭率（本区口径）"
aliases = ["出庭率"]
unit = "%"
kind = "rate"
''')
    base = load_lexicon()
    lex = load_lexicon(path)
    assert len(lex.entries) == len(base.entries) + 1
    assert lex.match("配备专职网格员", "count").id == "grid_officers"
    override = lex.get("head_appearance_rate")
    assert override is not None and override.name == "出庭率（本区口径）"
    assert lex.match("行政机关负责人出庭应诉率", "rate") is None  # the built-in aliases were replaced
    assert [e.id for e in lex.entries].index("head_appearance_rate") == [e.id for e in base.entries].index(
        "head_appearance_rate")  # replaced in place, not appended
    assert "三联三帮" in lex.slogans and "四个意识" in lex.slogans
    assert lex.sources[-1] == str(path)
    assert base.match("行政机关负责人出庭应诉率", "rate").id == "head_appearance_rate"  # built-in untouched


GOOD = '''[[indicator]]
id = "x_cases"
name = "某类案件"
aliases = ["某类案件"]
unit = "件"
kind = "count"
'''


@pytest.mark.parametrize(("body", "what"), [
    ('slogans = ["a"\n[[indicator]]\n', r"line \d+: invalid TOML"),
    (GOOD.replace('kind = "count"', 'kind = "pct"'),
     r"line 6: unknown kind 'pct' — choose one of: count, rate, money, duration, ratio"),
    (GOOD.replace('unit = "件"\n', ""), r"line 1: indicator without 'unit'"),
    (GOOD.replace('unit = "件"', 'unit = "件"\nweight = 2'), r"line 6: unknown field 'weight' — use only: id, name"),
    (GOOD.replace('aliases = ["某类案件"]', 'aliases = "某类案件"'), r"line 4: 'aliases' must be a list"),
    (GOOD.replace('aliases = ["某类案件"]', "aliases = []"), r"line 4: indicator 'x_cases' has no aliases"),
    (GOOD.replace('id = "x_cases"', 'id = "X Cases"'), r"line 2: id 'X Cases' is not snake_case"),
    (GOOD + "\n" + GOOD, r"line 9: id 'x_cases' already defined on line 2"),
    ("synonyms = []\n" + GOOD, r"line 1: unknown key 'synonyms' — use only: slogans, slogan_heads, slogan_verbs, indicator"),
    ('slogan_verbs = "树牢"\n', r"line 1: 'slogan_verbs' must be a list of non-empty strings"),
    ('slogans = [1, 2]\n', r"line 1: 'slogans' must be a list of non-empty strings"),
])  # fmt: skip
def test_bad_files_name_the_line(tmp_path: Path, body: str, what: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(LexiconError) as exc:
        load_lexicon(path)
    assert exc.value.file == str(path)
    assert re.search(what, exc.value.message), exc.value.message


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="no such lexicon file"):
        load_lexicon(tmp_path / "absent.toml")
    p = tmp_path / "gbk.toml"
    p.write_bytes('slogans = ["四个意识"]\n'.encode("gbk"))
    with pytest.raises(LexiconError, match="line 1: not UTF-8"):
        load_lexicon(p)


@pytest.mark.parametrize("command", ["indicators", "claims"])
def test_cli_bad_lexicon_exits_2_naming_file_and_line(tmp_path: Path, command: str) -> None:
    path = _write(tmp_path, GOOD.replace('kind = "count"', 'kind = "pct"'))
    result = CliRunner().invoke(app, [command, str(SEED), "--lexicon", str(path)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"Error: {path}: line 6: unknown kind 'pct' — choose one of: count, rate, "
                                     "money, duration, ratio")


def test_cli_user_lexicon_names_new_indicator(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD.replace("某类案件", "工业企业").replace("x_cases", "industrial_firms")
                  .replace('"件"', '"家"'))
    result = CliRunner().invoke(app, ["indicators", str(SEED), "--lexicon", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "industrial_firms,规上工业企业,251,家" in result.stdout


def test_user_slogans_remove_numerals_from_indicators(tmp_path: Path) -> None:
    from compare import load_bytes
    from compare.extract.indicators import extract_indicators

    report = load_bytes("全面建立三项机制，新建调解室5个。".encode(), "t.txt", year=2021)
    assert [i.text for i in extract_indicators(report)] == ["三项", "5个"]
    lex = load_lexicon(_write(tmp_path, 'slogans = ["三项机制"]\n'))
    assert [i.text for i in extract_indicators(report, lex)] == ["5个"]
