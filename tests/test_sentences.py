"""compare.sentences is the one definition of what ends a sentence or a clause: no other module
spells out its own set of sentence-ending marks, and the shared sets hold what each user needs."""

from __future__ import annotations

import ast
from pathlib import Path

from compare import sentences
from compare.across import difftext
from compare.read.formats import furniture, pdf

PACKAGE = Path(__file__).resolve().parents[1] / "compare"


def _string_constants(path: Path) -> list[str]:
    return [n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_no_module_defines_its_own_sentence_ends() -> None:
    # a literal holding the full stop and another sentence end is a set of sentence ends (regex
    # fragments like [^，,；;。] name what a phrase may not cross and are left to their patterns)
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "sentences.py":
            continue
        for s in _string_constants(path):
            if "。" in s and ("！" in s or "？" in s) and not s.startswith(("(", "[", "^")) and len(s) < 20:
                offenders.append((path.relative_to(PACKAGE).as_posix(), s))
    assert offenders == []


def test_users_take_the_shared_sets() -> None:
    assert difftext._SENTENCE_END == sentences.PROSE_END
    assert set(furniture._SENTENCE_END) == set(sentences.PROSE_END)
    assert set(pdf._SENTENCE_END) == set(sentences.PARAGRAPH_END)


def test_the_sets_nest() -> None:
    assert set(sentences.FULL_STOPS) < set(sentences.SENTENCE_END) < set(sentences.CLAUSE_END)
    assert set(sentences.PROSE_END) < set(sentences.PARAGRAPH_END)
    assert "\n" in sentences.SENTENCE_END and "，" in sentences.CLAUSE_END and "；" in sentences.PROSE_END


def test_sentence_bounds_with_and_without_stops_agree() -> None:
    text = "一是完成5件。二是办结3件！\n三是受理7件？四是"
    stops = sentences.sentence_stops(text)
    for pos in range(len(text)):
        assert sentences.sentence_bounds(text, pos, stops) == sentences.sentence_bounds(text, pos)


def test_clause_start_and_end() -> None:
    text = "全年受理案件32件，办结25件；结案率78%。"
    pos = text.index("25")
    assert text[sentences.clause_start(text, 0, pos):pos] == "办结"
    assert text[pos:sentences.clause_end(text, pos, len(text))] == "25件"
