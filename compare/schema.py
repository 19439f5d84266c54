"""The one table schema, and the one boundary where records become tables.

Every table the toolkit produces (command output, workbook sheet, chart input) is declared here
once, as a `Table` of `Column`s: the column id (English, what csv/json/pandas use), the Chinese
label and English note (the workbook header and its comment), the kind of value (text, year,
count, rate, points, ...) and the number format a spreadsheet shows it with. Writers look columns
up here; they never keep column lists of their own. Stages build their frames with `Table.frame`
or `Table.empty`, so the columns of a table are its declaration, in order.

Every command's csv/json output and every pandas table is built from frozen records, so the CLI
and the library give the same rows (parity tests rely on it).
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from compare.models import Report

if TYPE_CHECKING:  # pandas is imported where frames are built: `import compare.cli` stays light
    import pandas as pd

#: What a column holds, which decides how a writer shows it:
#: text (plain or long), year (a report year, no separators), int (offsets, levels), count
#: (sentences, reports: whole numbers), value (an indicator's value, unit in another column),
#: change (a change in the unit named by the row's change kind), percent (relative change, in
#: percent units: 18.5 = 18.5%), points (percentage points), score (similarity 0..1), flag
#: (true/false), date (ISO date text), rich (rich text: a diff side), link (a link to another sheet).
Kind = Literal["text", "year", "int", "count", "value", "change", "percent", "points", "score", "flag", "date",
               "rich", "link"]

#: Number formats. Three sections (positive;negative;zero) so that a negative value shows one
#: minus sign, not "-+1.00 pp" as a one-section format with a literal "+" would.
FMT_POINTS = '+0.00" pp";-0.00" pp";0.00" pp"'  # 百分点: percentage points
FMT_PERCENT = "+0.00%;-0.00%;0.00%"  # relative change, written as a fraction (0.185 = 18.50%)
FMT_RATE = '0.00"%"'  # a rate stored in percent units, as the reports write it (64.29)
# Counts, amounts and absolute changes: thousands separators and as many decimals as the value has
# (fitted per cell by compare.write.excel.fit_format: "#,##0.##" would show an integer as "5.").
FMT_NUMBER = "#,##0"
FMT_CHANGE = "+#,##0;-#,##0;0"
FMT_SCORE = "0.000"  # similarity scores 0..1
FMT_YEAR = "0"  # a year: no thousands separator
FMT_COUNT = "#,##0"  # a whole number: never 1182.0
FMT_APPROX = '"≈"#,##0'  # a value stated with 余/近/约: the cell stays a number, the ≈ is display only


@dataclass(frozen=True)
class Column:
    """One column: its id, how a reader sees it, what it holds."""

    id: str  # English id: the csv/json header and the pandas column name
    label: str  # Chinese header text (workbook)
    note: str  # English description (workbook header comment)
    kind: Kind = "text"
    fmt: str = ""  # spreadsheet number format; "" = General
    scale: float = 1.0  # multiply the stored value by this before writing (percent -> fraction)
    wrap: bool = False  # long text: wrap and widen
    updown: bool = False  # a change a reader scans for its sign: shaded light blue up, light orange down
    # The readers' word for each value id (consistent -> 一致): the workbook shows the label, csv and
    # json keep the id (they are for programs). Empty: values are shown as they are.
    values: Mapping[str, str] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def comment(self) -> str:
        """The workbook header's comment: the id once, what the column holds, and the value ids."""
        text = f"{self.id}: {self.note}"
        if self.values:
            text += "\n" + ", ".join(f"{label} = {id_}" for id_, label in self.values.items())
        return text


#: Values shown in the readers' language (compare.write.excel): one mapping per kind of value.
FLAG_VALUES = {"True": "是", "False": "否"}  # a flag column (kind "flag"): bool as text
SECTION_STATUS = {"unchanged": "未变", "matched": "修改", "changed": "改写", "added": "新增", "removed": "删除",
                  "split": "拆分", "merged": "合并"}  # compare.across.align / compare.across.diff statuses
CHANGE_KINDS = {"percentage_points": "百分点", "percent": "相对", "absolute": "绝对", "none": "无"}
CLAIM_STATUS = {"consistent": "一致", "inconsistent": "不一致", "unverifiable": "无法核对"}
PAIRS = {"consecutive": "相邻年度", "first_last": "首末年", "claim": "据所述变化"}
DIRECTIONS = {"up": "上升", "down": "下降", "flat": "持平"}
QUALIFIERS = {"exact": "确数", "over": "以上（余/多）", "under": "不足（近）", "approx": "约数", "at_most": "至多"}
INDICATOR_KINDS = {"count": "数量", "rate": "比率", "money": "金额", "duration": "时长", "ratio": "比例"}


def _c(id_: str, label: str, note: str, kind: Kind = "text", fmt: str = "", *, scale: float = 1.0,
       wrap: bool = False, updown: bool = False, values: Mapping[str, str] | None = None) -> Column:
    if kind == "flag" and values is None:
        values = FLAG_VALUES
    if not fmt:
        fmt = {"year": FMT_YEAR, "count": FMT_COUNT}.get(kind, "")
    return Column(id_, label, note, kind, fmt, scale, wrap, updown, dict(values or {}))


#: Every column id, once, with one meaning. A table that needs a different meaning for an id uses
#: another id; `Table.of` checks that every id it names is here.
COLUMNS: dict[str, Column] = {c.id: c for c in (
    # Summary
    _c("item", "项目", "what the figure counts or describes"),
    _c("value", "数值", "the figure as the report states it (its unit in 单位)", "value"),
    # identity
    _c("issuer", "发文机关", "the government that wrote the report"),
    _c("year", "年度", "report year (the year the report is about)", "year"),
    _c("indicator", "指标编号", "canonical indicator id (the lexicon's); empty when the lexicon has none"),
    _c("indicator_name", "指标", "indicator name: the lexicon's Chinese name, else the subject as the report words it"),
    _c("subject", "统计对象", "what is measured, as the report words it"),
    _c("unit", "单位", "what the figure is measured in (件, %, 万元)"),
    _c("kind", "类型", "kind of figure", values=INDICATOR_KINDS),
    _c("qualifier", "限定词", "how exact the figure is as written", values=QUALIFIERS),
    _c("section", "所在章节", "section path in the newest report; links to the Sections sheet"),
    _c("source", "来源文件", "source file"),
    _c("text", "原文", "text as written in the report", wrap=True),
    _c("sentence", "原句", "the sentence in the report", wrap=True),
    _c("note", "说明", "how the row was read or computed"),
    _c("approximate", "约数", "a value stated with 余/近/约 is involved", "flag"),
    _c("implied", "推算", "an earlier value inferred from a stated change, not stated itself", "flag"),
    _c("start", "起始位置", "offset of the first character in the report text", "int"),
    _c("end", "结束位置", "offset after the last character in the report text", "int"),
    _c("original_unit", "原单位", "unit as written when normalised (万元)"),
    _c("is_target", "目标值", "a target or plan, not a result", "flag"),
    # changes
    _c("year_old", "基期年度", "earlier year", "year"),
    _c("value_old", "基期数值", "earlier value", "value", FMT_NUMBER),
    _c("year_new", "报告期年度", "later year", "year"),
    _c("value_new", "报告期数值", "later value", "value", FMT_NUMBER),
    _c("change", "变化", "change in the change_kind's unit", "change"),
    _c("change_kind", "变化类型", "unit of the change", values=CHANGE_KINDS),
    _c("pct_change", "相对变化", "relative change, percent of the earlier value (stored in percent units: 18.5)",
       "percent", FMT_PERCENT, scale=0.01, updown=True),
    _c("claim_status", "核对结果", "check of the change the later report states; empty: none stated",
       values=CLAIM_STATUS),
    _c("claimed_change", "报告所述变化", "change as the later report states it", "change", FMT_NUMBER),
    _c("gap", "差额", "stated change minus computed change", "change", FMT_CHANGE),
    _c("pair", "比较区间", "which two values are compared", values=PAIRS),
    _c("claimed_kind", "所述变化类型", "unit of the stated change", values=CHANGE_KINDS),
    _c("source_old", "基期来源文件", "file of the earlier value"),
    _c("source_new", "报告期来源文件", "file of the later value"),
    _c("series", "指标序列", "id of the chain of matched indicators across years"),
    _c("implied_years", "推算年度", "years whose value is implied by a later report's stated change"),
    _c("target", "目标值", "a target or plan, not a result", "flag"),
    # claims (stated changes of one report) and claim checks
    _c("direction", "变化方向", "direction of the stated change", values=DIRECTIONS),
    _c("change_unit", "所述单位", "unit of the stated change (%, 个百分点, 件)"),
    _c("computed_change", "计算变化", "change computed from the earlier report", "change", FMT_NUMBER),
    _c("base_year", "比较年度", "year the claim compares against", "year"),
    _c("implied_base", "推算基期值", "earlier value the claim implies", "value", FMT_NUMBER),
    _c("stated_base", "所述基期值", "earlier value when the claim writes it (较2020年172件)", "value", FMT_NUMBER),
    _c("interpreted", "解读", "a bare % on a rate read as percentage points (ambiguous)", "flag"),
    _c("alt_change_kind", "另一种解读", "the other reading of an ambiguous claim", values=CHANGE_KINDS),
    _c("alt_implied_base", "另一种解读的基期值", "earlier value under the other reading", "value", FMT_NUMBER),
    # sections
    _c("status", "状态", "how the section changed between the two reports", values=SECTION_STATUS),
    _c("old_path", "原章节", "section path in the older report"),
    _c("new_path", "新章节", "section path in the newer report"),
    _c("old_title", "原标题", "heading in the older report"),
    _c("new_title", "新标题", "heading in the newer report"),
    _c("score", "相似度", "combined similarity used for the alignment, 0..1", "score", FMT_SCORE),
    _c("cosine", "余弦相似度", "cosine similarity of the bodies (Lazy Prices)", "score", FMT_SCORE),
    _c("jaccard", "杰卡德相似度", "Jaccard similarity of the bodies", "score", FMT_SCORE),
    _c("edit_similarity", "编辑相似度", "normalised edit similarity of the bodies", "score", FMT_SCORE),
    _c("diff", "差异", "link to the pair's row on the Section diffs sheet", "link"),
    # section diffs
    _c("old_text", "原文（删除为红色删除线）", "older text; deletions in red strike-through", "rich", wrap=True),
    _c("new_text", "新文（新增为绿色下划线）", "newer text; insertions in green underline", "rich", wrap=True),
    _c("insertions", "新增句数", "sentences inserted", "count"),
    _c("deletions", "删除句数", "sentences deleted", "count"),
    _c("changes", "改写句数", "sentences reworded", "count"),
    _c("moves", "移动句数", "sentences moved", "count"),
    # sources, outline, info
    _c("file", "文件", "file as given"),
    _c("date", "发布日期", "publication date", "date"),
    _c("sha256", "SHA-256", "SHA-256 of the file's bytes"),
    _c("title", "标题", "report title"),
    _c("format", "格式", "file format"),
    _c("encoding", "编码", "text encoding of the file"),
    _c("sections", "章节数", "headings in the report", "count"),
    _c("path", "章节", "section path (1/2: second item of the first part)"),
    _c("level", "层级", "heading level (1 = 一、)", "int"),
    _c("marker", "序号", "the heading's number as written (一、（二）3.)"),
    _c("role", "作用", "role of the part: heading, preamble, closing"),
    # failures
    _c("error", "问题", "what is wrong with the file (it was skipped)", wrap=True),
    _c("fix", "处理办法", "what to do to include it", wrap=True),
    _c("error_kind", "错误类型", "kind of error (the toolkit's error class)"),
)}


@dataclass(frozen=True)
class Table:
    """One table: its name and its columns, in order."""

    name: str  # what the table is (the sheet or command it feeds)
    columns: tuple[Column, ...]

    @classmethod
    def of(cls, name: str, ids: Iterable[str], own: Iterable[Column] = ()) -> Table:
        """The table `name` with the registered columns `ids` (KeyError for an unknown id); `own`
        replaces a registered column where this table's id means something else."""
        mine = {c.id: c for c in own}
        return cls(name, tuple(mine.get(i) or COLUMNS[i] for i in ids))

    @property
    def ids(self) -> tuple[str, ...]:
        """Column ids, in order (what csv/json headers and DataFrame columns are)."""
        return tuple(c.id for c in self.columns)

    def pick(self, ids: Iterable[str], name: str = "") -> Table:
        """A table of some of this table's columns (a terminal view), in the order given."""
        mine = {c.id: c for c in self.columns}
        return Table(name or self.name, tuple(mine[i] for i in ids))

    def empty(self) -> pd.DataFrame:
        """The table without rows."""
        import pandas as pd

        return pd.DataFrame(columns=list(self.ids))

    def frame(self, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
        """The table from row mappings holding (at least) its columns; extra keys are dropped."""
        import pandas as pd

        ids = self.ids
        return pd.DataFrame([{c: r[c] for c in ids} for r in rows], columns=list(ids))


# --------------------------------------------------------------------------------- the tables
#: `report-compare outline` (csv/json).
OUTLINE = Table.of("outline", ("path", "level", "marker", "title", "role", "kind", "start", "end"))
#: The terminal table of `outline` (`*_TERMINAL`: from 100 columns; `*_TERMINAL_80`: narrower).
OUTLINE_TERMINAL = OUTLINE.pick(("path", "level", "marker", "title", "role"))
OUTLINE_TERMINAL_80 = OUTLINE.pick(("path", "title", "role"))
#: `report-compare info`.
INFO = Table.of("info", ("source", "format", "encoding", "title", "issuer", "year", "date", "sections", "sha256"))
#: `report-compare indicators`: one row per figure of one report (compare.extract.indicators).
INDICATORS = Table.of("indicators", ("section", "indicator", "subject", "value", "unit", "qualifier", "kind", "text",
                                     "sentence", "start", "end", "original_unit", "is_target"))
INDICATORS_TERMINAL = INDICATORS.pick(("section", "indicator", "subject", "value", "unit", "qualifier", "kind", "text",
                                       "is_target"))
INDICATORS_TERMINAL_80 = INDICATORS.pick(("section", "subject", "value", "unit", "qualifier", "text"))
#: `report-compare claims`: the changes one report states about itself (compare.extract.claims).
#: Its `change` is the stated magnitude (direction apart), not a computed change: the id stays
#: (csv/json users rely on it), the column says what it holds.
REPORT_CLAIMS = Table.of("claims", ("indicator", "subject", "value", "unit", "base_year", "direction", "change",
                                    "change_unit", "change_kind", "implied_base", "text", "section", "interpreted",
                                    "alt_change_kind", "alt_implied_base", "stated_base", "sentence", "start", "end",
                                    "note"),
                         own=[Column("change", "所述变化", "change as the report states it (magnitude; see direction)",
                                     "change")])
REPORT_CLAIMS_TERMINAL = REPORT_CLAIMS.pick(("subject", "value", "unit", "base_year", "direction", "change",
                                             "change_unit", "implied_base", "text"))
REPORT_CLAIMS_TERMINAL_80 = REPORT_CLAIMS.pick(("subject", "value", "unit", "implied_base", "text"))
#: `report-compare align` (compare.across.align).
ALIGN = Table.of("align", ("old_path", "new_path", "old_title", "new_title", "score", "status", "cosine", "jaccard",
                           "edit_similarity"))
ALIGN_TERMINAL = ALIGN.pick(("old_path", "new_path", "old_title", "new_title", "status", "score"))
ALIGN_TERMINAL_80 = ALIGN.pick(("old_path", "new_path", "new_title", "status", "score"))
#: Every indicator of every report, one row each, with implied earlier values (compare.across.changes).
INDICATORS_LONG = Table.of("indicators long", ("issuer", "year", "indicator", "subject", "value", "unit", "qualifier",
                                               "kind", "section", "source", "implied", "approximate", "target",
                                               "series", "text"))
#: Changes between the values of each series (compare.across.changes, `report-compare changes`).
CHANGES = Table.of("changes", ("issuer", "indicator", "subject", "unit", "year_old", "value_old", "year_new",
                               "value_new", "change", "change_kind", "pct_change", "claim_status", "approximate",
                               "implied", "claimed_change", "claimed_kind", "gap", "note", "pair", "section",
                               "source_old", "source_new"))
CHANGES_TERMINAL = CHANGES.pick(("issuer", "subject", "unit", "year_old", "value_old", "year_new", "value_new",
                                 "change", "claim_status"))
CHANGES_TERMINAL_80 = CHANGES.pick(("subject", "year_new", "value_old", "value_new", "change", "claim_status"))
#: The Changes sheet, in the order an analyst reads: who, what, when, the values, the change and its
#: check first; `change` is shown in its kind's format (+18.51 pp, +85); file paths are on Sources only.
CHANGES_SHEET = Table.of("Changes", ("issuer", "indicator_name", "year_old", "year_new", "value_old", "value_new",
                                     "change", "change_kind", "claimed_change", "claim_status", "pct_change", "gap",
                                     "claimed_kind", "unit", "subject", "approximate", "implied", "note", "pair",
                                     "section", "indicator"),
                         own=[Column("change", "变化", "percentage points for a rate, else in the indicator's unit",
                                     "change", FMT_CHANGE, updown=True)])
#: The Claims sheet: every stated change next to the computed one (compare.pipeline.claim_checks_frame).
CLAIM_CHECKS = Table.of("Claims", ("issuer", "indicator", "subject", "unit", "year_old", "value_old", "year_new",
                                   "value_new", "claimed_change", "claimed_kind", "computed_change", "change_kind",
                                   "gap", "claim_status", "note", "section"))
#: The Claims sheet as a reader sees it: the check first, the indicator's readable name.
CLAIMS_SHEET = Table.of("Claims", ("issuer", "indicator_name", "year_old", "year_new", "value_old", "value_new",
                                   "claimed_change", "computed_change", "gap", "claim_status", "claimed_kind",
                                   "change_kind", "unit", "subject", "note", "section", "indicator"))
#: The Indicators sheet: one row per series; the year columns sit between WIDE_LEAD and WIDE_TAIL
#: and are given by `IndicatorsWide.years`, never parsed back from column names.
WIDE_LEAD = Table.of("Indicators", ("issuer", "indicator_name", "subject", "unit", "kind", "section"))
WIDE_TAIL = Table.of("Indicators", ("indicator", "series", "implied_years"))
#: The Failures sheet: one row per file skipped.
FAILURES = Table.of("Failures", ("file", "error", "fix", "error_kind"))
#: The Sources sheet.
SOURCES = Table.of("Sources", ("file", "issuer", "year", "date", "title", "format", "sha256"))
#: The Sections sheet (one row per aligned pair of sections of consecutive reports).
SECTIONS = Table.of("Sections", ("issuer", "year_old", "year_new", "old_path", "new_path", "old_title", "new_title",
                                 "score", "status", "cosine", "jaccard", "edit_similarity"))
#: The Sections sheet adds a link to the pair's Section diffs row, where it has one.
SECTIONS_SHEET = Table.of("Sections", (*SECTIONS.ids, "diff"))
#: The Section diffs sheet (one row per changed pair); the frame also carries `pair_index` (the
#: Sections row it belongs to) and `ops` (compare.across.diff.DiffOp), which the writer turns into
#: the two rich-text columns.
SECTION_DIFFS = Table.of("Section diffs", ("issuer", "year_old", "year_new", "old_path", "new_path", "old_title",
                                           "new_title", "status", "insertions", "deletions", "changes", "moves"))
SECTION_DIFF_TEXT = Table.of("Section diffs", ("old_text", "new_text"))
#: The Summary sheet.
SUMMARY = Table.of("Summary", ("item", "value"))

#: Every table declared here (tests check each column has a label, and each label a table).
TABLES: tuple[Table, ...] = (OUTLINE, INFO, INDICATORS, REPORT_CLAIMS, ALIGN, INDICATORS_LONG, CHANGES,
                             CHANGES_SHEET, CLAIM_CHECKS, CLAIMS_SHEET, WIDE_LEAD, WIDE_TAIL, FAILURES, SOURCES,
                             SECTIONS, SECTIONS_SHEET, SECTION_DIFFS, SECTION_DIFF_TEXT, SUMMARY)


def year_label(year: int) -> Column:
    """The column of one year's values in the Indicators sheet (2019 -> 2019年)."""
    return Column(str(year), f"{year}年", f"value in {year}", "value")


def year_of(key: Any) -> int | None:
    """The year of a year column in a wide frame made outside the toolkit (2019, "2019"), else None.
    The toolkit's own wide table says its years (`IndicatorsWide.years`) and never needs this."""
    if isinstance(key, bool):
        return None
    if isinstance(key, (int, float)) and not (isinstance(key, float) and math.isnan(key)):
        y = int(key)
        return y if 1900 <= y <= 2200 and y == key else None
    if isinstance(key, str) and re.fullmatch(r"(19|20|21)\d\d", key.strip()):
        return int(key)
    return None


def mark_column(year: int) -> str:
    """The id of the column holding the marks of `year`'s values in `IndicatorsWide.frame`."""
    return f"marks_{year}"


@dataclass(frozen=True)
class IndicatorsWide:
    """The Indicators sheet's table: one row per series (matched indicator), one value column per
    year, and the marks of each value. The years are given, never parsed back from column names.

    `frame` columns: WIDE_LEAD ids, then one column per year (named by the int year, a value or
    NaN), then WIDE_TAIL ids, then one `mark_column(year)` per year: "", "implied",
    "approximate" or "implied approximate" (a value inferred from a stated change / stated with
    余/近/约)."""

    frame: pd.DataFrame
    years: tuple[int, ...]  # ascending

    @property
    def shown(self) -> tuple[Column, ...]:
        """The columns a reader sees, in order: lead, one per year, tail (marks are formatting)."""
        return (*WIDE_LEAD.columns, *(year_label(y) for y in self.years), *WIDE_TAIL.columns)

    def values(self, year: int) -> pd.Series:
        """The values of `year`, one per row (NaN where the series has none)."""
        return self.frame[year]

    def marks(self, year: int) -> pd.Series:
        """The marks of `year`'s values, one per row."""
        return self.frame[mark_column(year)]

    @classmethod
    def empty(cls) -> IndicatorsWide:
        """No series."""
        import pandas as pd

        return cls(pd.DataFrame(columns=[*WIDE_LEAD.ids, *WIDE_TAIL.ids]), ())


# --------------------------------------------------------------------------------- records
def record_rows(records: Iterable[Any], columns: Sequence[str] | Table) -> list[dict[str, Any]]:
    """Rows (dicts with `columns`, in order) from dataclass records or mappings; extra fields
    dropped. No pandas: what the one-report commands print (`report-compare indicators`)."""
    ids = columns.ids if isinstance(columns, Table) else tuple(columns)
    return [{c: getattr(r, c) for c in ids} if dataclasses.is_dataclass(r) else {c: r[c] for c in ids}
            for r in records]


def records_frame(records: Iterable[Any], columns: Sequence[str] | Table) -> pd.DataFrame:
    """A DataFrame with `columns` from dataclass records (extra fields dropped, order kept)."""
    import pandas as pd

    ids = columns.ids if isinstance(columns, Table) else tuple(columns)
    return pd.DataFrame(record_rows(records, ids), columns=list(ids))


def outline_rows(report: Report, *, parts: bool = False) -> list[dict[str, Any]]:
    """The section tree as rows of OUTLINE: headings only, or with preamble / closing parts."""
    return record_rows(report.sections if parts else report.headings, OUTLINE)


def outline_frame(report: Report, *, parts: bool = False) -> pd.DataFrame:
    """The section tree as a table: headings only, or with preamble / closing parts (`parts`)."""
    return OUTLINE.frame(outline_rows(report, parts=parts))


def info_rows(report: Report) -> list[dict[str, Any]]:
    """Metadata of one report as the one row of INFO."""
    row = {c: getattr(report, c) for c in INFO.ids if c != "sections"}
    row["sections"] = len(report.headings)
    return [{c: row[c] for c in INFO.ids}]


def info_frame(report: Report) -> pd.DataFrame:
    """Metadata of one report as a one-row table."""
    return INFO.frame(info_rows(report))


#: Column tuples under their earlier names (kept for callers of the stable API).
OUTLINE_COLUMNS = OUTLINE.ids
INFO_COLUMNS = INFO.ids
