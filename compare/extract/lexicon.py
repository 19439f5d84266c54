"""The canonical indicator lexicon (指标词典): which recurring measure a quantity's subject names,
and which numeral-bearing phrases are slogans (提法/口号), never measures.

The built-in lexicon is `compare/extract/data/lexicon.toml`; a user file in the same layout extends it
(new ids, more slogans) or overrides it (an id already known replaces the built-in entry).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compare.errors import LexiconError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: The lexicon shipped with the package.
BUILTIN_PATH = Path(__file__).resolve().parent / "data" / "lexicon.toml"

#: Valid values of an indicator's `kind` (same as compare.models.IndicatorKind).
KINDS = ("count", "rate", "money", "duration", "ratio")

#: Keys allowed at the top of a lexicon file, and in one [[indicator]] table.
TOP_KEYS = ("slogans", "slogan_heads", "slogan_verbs", "indicator")
REQUIRED_FIELDS = ("id", "name", "aliases", "unit", "kind")
OPTIONAL_FIELDS = ("context",)

#: Words that may follow an alias at the end of a subject without changing what is counted
#: (政务服务事项清单 is still 政务服务事项; 行政诉讼案件数 still 行政诉讼案件). Anything else after the
#: alias is the real head noun (公共法律服务站点 counts 站点), so the alias does not match.
GENERIC_HEADS = frozenset({"", "清单", "事项", "事项清单", "数", "数量", "总数", "总量", "案件", "件数", "人数",
                           "工作", "情况", "共", "共计", "累计"})

#: Subjects whose matching aliases a Lexicon remembers; past it the memory starts again, so a run over
#: a national corpus stays bounded (a subject is short: this is a few MB at most).
PRESENT_CACHE_MAX = 20_000
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_TOML_LINE_RE = re.compile(r"at line (\d+)")
_HEADER_RE = re.compile(r"^\s*\[\[\s*indicator\s*\]\]", re.MULTILINE)


@dataclass(frozen=True)
class LexiconEntry:
    """One canonical indicator."""

    id: str  # snake_case key ("head_appearance_rate")
    name: str  # Chinese name (行政机关负责人出庭应诉率)
    aliases: tuple[str, ...]  # words naming it in reports; "A B" means both A and B must occur
    unit: str  # canonical unit ("件", "%", "元", "个工作日")
    kind: str  # one of KINDS; an alias only matches quantities of this kind
    context: tuple[str, ...] = ()  # if set, one of these words must be in the sentence


@dataclass(frozen=True)
class Lexicon:
    """Canonical indicators and slogans, ready for matching."""

    entries: tuple[LexiconEntry, ...]  # in file order, user entries after (or in place of) built-ins
    slogans: tuple[str, ...]  # set phrases with numerals that never measure anything
    slogan_heads: tuple[str, ...] = ()  # heads of "四个意识"-style slogans: numeral + 个/项 + head
    slogan_verbs: tuple[str, ...] = ()  # verbs that govern slogans: 树牢 / 做到 + 四个… is a 提法
    sources: tuple[str, ...] = ()  # files it was read from, built-in first
    # (alias parts, alias length, entry) sorted longest alias first: the first hit is the best one.
    _aliases: tuple[tuple[tuple[str, ...], int, LexiconEntry], ...] = field(
        init=False, repr=False, compare=False, default=())
    _slogan_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    # alias parts by their first character: the parts present in a subject are found in one pass
    _parts_by_first: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False, default_factory=dict)
    # positions in _aliases of the aliases that use a part (only those can match)
    _aliases_by_part: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False, default_factory=dict)
    # (subject, kind) -> the aliases that can match it, as (alias length, end of the alias in the
    # subject, entry) in the order they are tried: all of a match but the context test, which
    # depends on the sentence. Subjects repeat within and across reports (see PRESENT_CACHE_MAX).
    _viable: dict[tuple[str, str], tuple[tuple[int, int, LexiconEntry], ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (to worker processes) without the memory of matched subjects: it is rebuilt
        there as needed and can hold thousands of entries."""
        state = dict(self.__dict__)
        state["_viable"] = {}
        return state

    def __post_init__(self) -> None:
        aliases: list[tuple[tuple[str, ...], int, LexiconEntry]] = []
        for entry in self.entries:
            for alias in (*entry.aliases, entry.name):
                parts = tuple(alias.split())
                aliases.append((parts, sum(map(len, parts)), entry))
        aliases.sort(key=lambda a: -a[1])  # stable: file order breaks ties
        object.__setattr__(self, "_aliases", tuple(aliases))
        by_first: dict[str, set[str]] = {}
        by_part: dict[str, list[int]] = {}
        for i, (parts, _length, _entry) in enumerate(aliases):
            for p in parts:
                by_first.setdefault(p[0], set()).add(p)
                by_part.setdefault(p, []).append(i)
        object.__setattr__(self, "_parts_by_first", {k: tuple(v) for k, v in by_first.items()})
        object.__setattr__(self, "_aliases_by_part", {k: tuple(v) for k, v in by_part.items()})
        if self.slogans:
            words = sorted(set(self.slogans), key=len, reverse=True)
            object.__setattr__(self, "_slogan_re", re.compile("|".join(map(re.escape, words))))

    def get(self, indicator_id: str) -> LexiconEntry | None:
        """The entry with this id, None when unknown."""
        for entry in self.entries:
            if entry.id == indicator_id:
                return entry
        return None

    def match(self, subject: str, kind: str, sentence: str = "") -> LexiconEntry | None:
        """The canonical indicator a quantity of `kind` with this subject measures: the entry of the
        longest alias found in `subject` (all its parts) whose kind agrees and whose context, if any,
        occurs in `sentence`. None when nothing matches."""
        if not subject:
            return None
        viable = self._viable.get((subject, kind))
        if viable is None:
            viable = self._viable_aliases(subject, kind)
            if len(self._viable) >= PRESENT_CACHE_MAX:
                self._viable.clear()  # bounded: a long run over many reports keeps recent subjects
            self._viable[(subject, kind)] = viable
        best: LexiconEntry | None = None
        best_len, best_end = 0, -1
        for length, end, entry in viable:
            if length < best_len:
                break  # sorted longest first: nothing shorter can win
            if entry.context and not any(c in sentence or c in subject for c in entry.context):
                continue
            # equal length: the alias nearer the end wins, as the head of a Chinese noun phrase
            # is its last word (民间纠纷 调解成功 is a 调解成功 count)
            if end > best_end:
                best, best_len, best_end = entry, length, end
        return best

    def _viable_aliases(self, subject: str, kind: str) -> tuple[tuple[int, int, LexiconEntry], ...]:
        """The aliases of entries of `kind` whose parts are all in `subject` and whose last part is
        the subject's head, longest first: (length, end of the alias in the subject, entry)."""
        present = {p for i, ch in enumerate(subject) for p in self._parts_by_first.get(ch, ())
                   if subject.startswith(p, i)}
        out: list[tuple[int, int, LexiconEntry]] = []
        for i in sorted({i for p in present for i in self._aliases_by_part[p]}):
            parts, length, entry = self._aliases[i]
            if entry.kind != kind or not all(p in present for p in parts):
                continue
            if subject[subject.rfind(parts[-1]) + len(parts[-1]):] not in GENERIC_HEADS:
                continue  # 公共法律服务站点 counts 站点, not 法律服务: the alias must be the head
            out.append((length, max(subject.rfind(p) + len(p) for p in parts), entry))
        return tuple(out)

    def slogan_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the listed slogans in `text` (longest first, no overlaps)."""
        if self._slogan_re is None:
            return []
        return [m.span() for m in self._slogan_re.finditer(text)]


_BUILTIN: Lexicon | None = None


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The built-in lexicon, extended / overridden by the user file at `path` when given.
    A file that cannot be read or is malformed raises LexiconError naming the file and the line."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = _read(BUILTIN_PATH)
    if path is None:
        return _BUILTIN
    user = _read(Path(path))
    return merge(_BUILTIN, user)


def merge(base: Lexicon, user: Lexicon) -> Lexicon:
    """`base` with `user`'s entries added (new id) or substituted in place (known id), and its
    slogans added."""
    by_id = {e.id: e for e in user.entries}
    entries = [by_id.pop(e.id, e) for e in base.entries]
    entries.extend(e for e in user.entries if e.id in by_id)
    slogans = tuple(dict.fromkeys((*base.slogans, *user.slogans)))
    heads = tuple(dict.fromkeys((*base.slogan_heads, *user.slogan_heads)))
    verbs = tuple(dict.fromkeys((*base.slogan_verbs, *user.slogan_verbs)))
    return Lexicon(entries=tuple(entries), slogans=slogans, slogan_heads=heads, slogan_verbs=verbs,
                   sources=base.sources + user.sources)


def _read(path: Path) -> Lexicon:
    """Parse and validate one lexicon file."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LexiconError(name, "no such lexicon file", "check the path given to --lexicon") from None
    except OSError as exc:
        raise LexiconError(name, f"cannot be read ({exc.strerror})", "check the file's permissions") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LexiconError(name, f"line {line}: not UTF-8 text", "save the lexicon file as UTF-8") from None
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = _TOML_LINE_RE.search(msg)
        where = f"line {m.group(1)}: " if m else ""
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise LexiconError(name, f"{where}invalid TOML: {reason}",
                           "fix the syntax on that line (layout: see compare/extract/data/lexicon.toml)") from None
    return _validate(doc, text, name)


def _validate(doc: dict[str, Any], text: str, name: str) -> Lexicon:
    """Check every key and field; errors name the line of the offending [[indicator]] field."""
    unknown = [k for k in doc if k not in TOP_KEYS]
    if unknown:
        raise LexiconError(name, f"line {_key_line(text, unknown[0])}: unknown key '{unknown[0]}'",
                           f"use only: {', '.join(TOP_KEYS)}")
    for key in ("slogans", "slogan_heads", "slogan_verbs"):
        words = doc.get(key, [])
        if not isinstance(words, list) or not all(isinstance(s, str) and s.strip() for s in words):
            raise LexiconError(name, f"line {_key_line(text, key)}: '{key}' must be a list of non-empty strings",
                               f'write {key} = ["...", "..."]')
    slogans = doc.get("slogans", [])
    heads = doc.get("slogan_heads", [])
    verbs = doc.get("slogan_verbs", [])
    tables = doc.get("indicator", [])
    if not isinstance(tables, list):
        raise LexiconError(name, f"line {_key_line(text, 'indicator')}: 'indicator' must be [[indicator]] tables",
                           "start each indicator with a [[indicator]] line")
    headers = [text.count("\n", 0, m.start()) + 1 for m in _HEADER_RE.finditer(text)]
    lines = text.split("\n")
    entries: list[LexiconEntry] = []
    seen: dict[str, int] = {}
    for i, table in enumerate(tables):
        start = headers[i] if i < len(headers) else 1
        end = headers[i + 1] if i + 1 < len(headers) else len(lines) + 1

        def line_of(key: str, start: int = start, end: int = end) -> int:
            for n in range(start, min(end, len(lines) + 1)):
                if re.match(rf"\s*{re.escape(key)}\s*=", lines[n - 1]):
                    return n
            return start

        def fail(key: str, what: str, fix: str) -> LexiconError:
            return LexiconError(name, f"line {line_of(key)}: {what}", fix)

        extra = [k for k in table if k not in REQUIRED_FIELDS + OPTIONAL_FIELDS]
        if extra:
            raise fail(extra[0], f"unknown field '{extra[0]}'",
                       f"use only: {', '.join(REQUIRED_FIELDS + OPTIONAL_FIELDS)}")
        missing = [k for k in REQUIRED_FIELDS if k not in table]
        if missing:
            raise LexiconError(name, f"line {start}: indicator without '{missing[0]}'",
                               f"give every [[indicator]] the fields {', '.join(REQUIRED_FIELDS)}")
        for key in ("id", "name", "unit", "kind"):
            if not isinstance(table[key], str) or not table[key].strip():
                raise fail(key, f"'{key}' must be a non-empty string", f'write {key} = "..."')
        ident = table["id"]
        if not _ID_RE.match(ident):
            raise fail("id", f"id '{ident}' is not snake_case", 'use lower-case letters, digits and "_" ("case_count")')
        if ident in seen:
            raise fail("id", f"id '{ident}' already defined on line {seen[ident]}", "give each indicator its own id")
        seen[ident] = line_of("id")
        if table["kind"] not in KINDS:
            raise fail("kind", f"unknown kind '{table['kind']}'", f"choose one of: {', '.join(KINDS)}")
        for key in ("aliases", "context"):
            value = table.get(key, [])
            if not isinstance(value, list) or not all(isinstance(a, str) and a.strip() for a in value):
                raise fail(key, f"'{key}' must be a list of non-empty strings", f'write {key} = ["...", "..."]')
        if not table["aliases"]:
            raise fail("aliases", f"indicator '{ident}' has no aliases", "list at least one word that names it")
        entries.append(LexiconEntry(
            id=ident, name=table["name"].strip(), aliases=tuple(a.strip() for a in table["aliases"]),
            unit=table["unit"].strip(), kind=table["kind"],
            context=tuple(c.strip() for c in table.get("context", []))))
    return Lexicon(entries=tuple(entries), slogans=tuple(s.strip() for s in slogans),
                   slogan_heads=tuple(h.strip() for h in heads), slogan_verbs=tuple(v.strip() for v in verbs),
                   sources=(name,))


def _key_line(text: str, key: str) -> int:
    """Line of the first `key = ...` or `[[key]]` in `text` (1 when not found)."""
    m = re.search(rf"^\s*(\[\[\s*)?{re.escape(key)}\b", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else 1
