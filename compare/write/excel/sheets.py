"""The sheets of the comparison workbook, each from its typed table (compare.schema), and the links
between them: indicators and changes to their section's row on Sections, a section pair to its
row on Section diffs, a summarised diff cell to the diff page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from compare.schema import (
    CHANGES_SHEET,
    CLAIMS_SHEET,
    SECTION_DIFF_TEXT,
    SECTION_DIFFS,
    SECTIONS_SHEET,
    IndicatorsWide,
)
from compare.write.excel.cells import MAX_TEXT_WIDTH, plain, value_format
from compare.write.excel.richtext import fit_runs, side_runs
from compare.write.excel.tables import Book, column_cells, frame_lists, table_sheet, write_table
from compare.write.excel.xlsx import column_letter, quote_sheet

#: Key of a Sections row for links: (issuer, report year or None, section path). Paths repeat
#: across years (一/(一) exists in every report), so a link names the year of the report the path
#: belongs to; the None-year key is the fallback for tables without years.
LinkKey = tuple[str, int | None, str]

#: The sheet guide below the Summary figures.
GUIDE = (
    ("工作表说明", "sheet guide"),
    ("Indicators: 指标 × 年度", "indicator by year; ≈ = approximate (余/近/约), grey italic = implied"),
    ("Changes: 逐年及首末年变化", "change (percentage points for rates), relative change (%), claim check"),
    ("Claims: 报告所述变化核对", "stated change vs the earlier report"),
    ("Sections: 章节对齐", "aligned section pairs, similarity, status"),
    ("Section diffs: 章节文本差异", "red strike = deleted, green underline = inserted, blue italic = moved"),
    ("Sources: 来源文件", "file, issuer, year, date, SHA-256"),
    ("Failures: 未能读取的文件", "files skipped: what is wrong, what to do"),
    ("浅蓝 = 上升, 浅橙 = 下降", "light blue = up, light orange = down (not a judgement)"),
)

_IMPLIED_NOTE = "推算值: implied by the next report's stated change, not stated in a report"


def flat(frame: pd.DataFrame | None) -> pd.DataFrame:
    """A copy with a plain RangeIndex (index levels become columns); empty frame for None."""
    if frame is None:
        return pd.DataFrame()
    if any(n is not None for n in frame.index.names):  # a named index (issuer, indicator) is data
        frame = frame.reset_index()
    else:  # a filtered frame's row labels are not
        frame = frame.reset_index(drop=True)
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = ["_".join(str(x) for x in c if str(x)) for c in frame.columns]
    return frame


def _sections_link(row: int | None) -> str | None:
    return f"{quote_sheet('Sections')}!A{row}" if row else None


# --------------------------------------------------------------------------------------------


def summary_sheet(book: Book, summary: pd.DataFrame) -> None:
    frame = flat(summary)
    if list(frame.columns) != ["item", "value"] and len(frame.columns) == 2:
        frame.columns = ["item", "value"]
    ws = table_sheet(book, "Summary", frame)
    ws.filter_rows = ws.n_rows
    bold = book.styles.xf(font="bold")
    ws.add_row([None, None], [0, 0])
    for k, (a, b) in enumerate(GUIDE):
        ws.add_row([a, b], [bold if k == 0 else 0, 0])


def section_rows(sections: pd.DataFrame) -> dict[LinkKey, int]:
    """Link keys -> row on the Sections sheet. A path with its report's year finds the pair where
    that report is the newer one (its path is `new_path`), else the pair where it is the older one;
    without a year, a path of the newest report wins over the same path of an older one."""
    rows: dict[LinkKey, int] = {}
    if sections.empty:
        return rows
    n = len(sections)

    def column(name: str, default: Any) -> list[Any]:
        return sections[name].tolist() if name in sections else [default] * n

    issuers, years = column("issuer", ""), column("year_new", 0)
    order = sorted(range(n), key=lambda i: (_num(years[i]), i))
    sides = [(column(col, None), column(year_col, None), col == "new_path")
             for col, year_col in (("old_path", "year_old"), ("new_path", "year_new")) if col in sections]
    as_old: dict[LinkKey, int] = {}
    for i in order:  # later pairs overwrite earlier ones
        issuer = str(plain(issuers[i]) or "")
        for paths, side_years, is_new in sides:
            path = plain(paths[i])
            if path:
                rows[(issuer, None, str(path))] = i + 2
                year = plain(side_years[i])
                if isinstance(year, (int, float)):
                    target = rows if is_new else as_old
                    target.setdefault((issuer, int(year), str(path)), i + 2)
    for key, row in as_old.items():
        rows.setdefault(key, row)
    return rows


def section_link(links: Mapping[LinkKey, int], issuer: Any, year: Any, section: Any) -> str | None:
    """The Sections cell of `section` in `issuer`'s report of `year` (any year when unknown)."""
    section = plain(section)
    if not section:
        return None
    issuer, y = str(plain(issuer) or ""), plain(year)
    if isinstance(y, (int, float)):
        hit = links.get((issuer, int(y), str(section)))
        if hit is not None:
            return _sections_link(hit)
    return _sections_link(links.get((issuer, None, str(section))))


def _num(value: Any) -> float:
    v = plain(value)
    return float(v) if isinstance(v, (int, float)) else 0.0


def indicator_names(wide: IndicatorsWide) -> dict[str, str]:
    """Lexicon id -> the readable name the Indicators sheet shows for it."""
    frame = wide.frame
    if "indicator" not in frame or "indicator_name" not in frame:
        return {}
    return {str(i): str(n) for i, n in zip(frame["indicator"].tolist(), frame["indicator_name"].tolist(), strict=True)
            if plain(i) and plain(n)}


def with_names(frame: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """`frame` with `indicator_name`: the lexicon's name for its indicator, else its subject (an
    indicator the lexicon does not know still gets a readable name, never a blank)."""
    if "indicator_name" in frame or not ({"indicator", "subject"} & set(frame.columns)):
        return frame
    ids = frame["indicator"].tolist() if "indicator" in frame else [None] * len(frame)
    subjects = frame["subject"].tolist() if "subject" in frame else [None] * len(frame)
    named = [names.get(str(plain(i))) if plain(i) else None for i in ids]
    return frame.assign(indicator_name=[n or plain(s) or plain(i) for n, s, i in zip(named, subjects, ids,
                                                                                      strict=True)])


def indicators_sheet(book: Book, wide: IndicatorsWide, links: Mapping[LinkKey, int]) -> None:
    frame, shown = wide.frame, wide.shown
    lists = frame_lists(frame)
    lists.update({str(y): frame[y].tolist() for y in wide.years})  # year columns are named by the int year
    marks = {y: wide.marks(y).tolist() for y in wide.years}
    n_rows = len(frame)
    units = lists.get("unit", [None] * n_rows)
    styles = book.styles
    cells = []
    comments: list[tuple[int, int]] = []
    for j, col in enumerate(shown):
        if col.id in lists and not (col.id.isdigit() and int(col.id) in marks):
            cells.append(column_cells(col, lists[col.id], lists, styles))
            continue
        year = int(col.id)
        values: list[Any] = []
        xfs: list[int] = []
        for n, (v, mark) in enumerate(zip(lists[col.id], marks[year], strict=True)):
            v = plain(v)
            if not isinstance(v, (int, float)):
                values.append(None)
                xfs.append(0)
                continue
            implied = "implied" in str(mark)
            fmt = value_format(v, rate=units[n] == "%", approximate="approximate" in str(mark))
            values.append(int(v) if isinstance(v, float) and v.is_integer() else v)
            xfs.append(styles.xf(fmt=fmt, font="implied" if implied else ""))
            if implied:
                comments.append((n, j))
        cells.append((values, xfs))
    targets = _indicator_targets(lists, wide.years, marks, links)
    ids = [c.id for c in shown]
    ws = book.sheet("Indicators")
    write_table(ws, shown, cells, links={ids.index(k): targets for k in ("indicator_name", "subject", "section")
                                         if k in ids})
    ws.comments += [(f"{column_letter(j + 1)}{n + 2}", _IMPLIED_NOTE) for n, j in comments]


def _indicator_targets(lists: Mapping[str, list[Any]], years: Sequence[int], marks: Mapping[int, list[Any]],
                       links: Mapping[LinkKey, int]) -> list[str | None]:
    """Per row, the Sections cell of the section the newest stated value (not implied) is in."""
    n_rows = len(next(iter(lists.values()), []))
    issuers = lists.get("issuer", [""] * n_rows)
    sections = lists.get("section", [None] * n_rows)
    out: list[str | None] = []
    for n in range(n_rows):
        last = next((y for y in reversed(years) if isinstance(plain(lists[str(y)][n]), (int, float))
                     and "implied" not in str(marks[y][n])), None)
        out.append(section_link(links, issuers[n], last, sections[n]) if plain(sections[n]) else None)
    return out


def changes_sheet(book: Book, changes: pd.DataFrame, names: Mapping[str, str], links: Mapping[LinkKey, int]) -> None:
    _linked_table(book, "Changes", with_names(flat(changes), names), CHANGES_SHEET.columns, links)


def claims_sheet(book: Book, claims: pd.DataFrame, names: Mapping[str, str], links: Mapping[LinkKey, int]) -> None:
    _linked_table(book, "Claims", with_names(flat(claims), names), CLAIMS_SHEET.columns, links)


def _linked_table(book: Book, name: str, frame: pd.DataFrame, columns: Sequence[Any],
                  links: Mapping[LinkKey, int]) -> None:
    """A table whose section cells link to the Sections row of the newer report's section."""
    if "section" in frame and "issuer" in frame:
        years = frame["year_new"].tolist() if "year_new" in frame else [None] * len(frame)
        targets = [section_link(links, i, y, s) for i, y, s in zip(frame["issuer"].tolist(), years,
                                                                    frame["section"].tolist(), strict=True)]
        table_sheet(book, name, frame, columns, links={"section": targets})
    else:
        table_sheet(book, name, frame, columns)


def diff_rows(diffs: pd.DataFrame) -> dict[int, int]:
    """Sections-row index -> row on the Section diffs sheet (from the diffs' `pair_index`)."""
    if "pair_index" not in diffs:
        return {}
    return {int(p): n + 2 for n, p in enumerate(diffs["pair_index"].tolist()) if plain(p) is not None}


def sections_sheet(book: Book, sections: pd.DataFrame, rows: Mapping[int, int]) -> None:
    frame = flat(sections)
    if rows:
        frame = frame.assign(diff=["查看" if i in rows else None for i in range(len(frame))])
        targets = [f"{quote_sheet('Section diffs')}!A{rows[i]}" if i in rows else None for i in range(len(frame))]
        table_sheet(book, "Sections", frame, SECTIONS_SHEET.columns, links={"diff": targets})
    else:
        table_sheet(book, "Sections", frame, SECTIONS_SHEET.columns)


def section_diffs_sheet(book: Book, diffs: pd.DataFrame, diff_page: str | None) -> None:
    """One row per section pair with changes: the pair, then the old and new text as rich text.
    A side too long to show whole (MAX_LINES) is summarised and links to `diff_page`."""
    frame = flat(diffs)
    ops = frame.pop("ops").tolist() if "ops" in frame else [[] for _ in range(len(frame))]
    frame = frame.drop(columns=[c for c in ("pair_index", "old_text", "new_text") if c in frame])
    lists = frame_lists(frame)
    base = [c for c in SECTION_DIFFS.columns if c.id in lists]
    cells = [column_cells(c, lists[c.id], lists, book.styles) for c in base]
    note = f"（内容较长，已略去部分未改动文字，全文见 {diff_page}）" if diff_page else None
    wrap = book.styles.xf(wrap=True)
    old_cells: tuple[list[Any], list[int]] = ([], [])
    new_cells: tuple[list[Any], list[int]] = ([], [])
    summarised: list[tuple[int, int]] = []  # (row index, side 0/1)
    for n, row_ops in enumerate(ops):
        sides = side_runs(row_ops if isinstance(row_ops, Iterable) else [])
        for side, (parts, target) in enumerate(zip(sides, (old_cells, new_cells), strict=True)):
            runs, cut = fit_runs(parts, MAX_TEXT_WIDTH, note)
            target[0].append(runs or None)
            target[1].append(wrap)
            if cut:
                summarised.append((n, side))
    columns = [*base, *SECTION_DIFF_TEXT.columns]
    ws = book.sheet("Section diffs")
    k = len(base)
    write_table(ws, columns, [*cells, old_cells, new_cells], fixed_widths={k: MAX_TEXT_WIDTH, k + 1: MAX_TEXT_WIDTH})
    if diff_page:  # relative: the page sits beside the workbook
        ws.links += [(f"{column_letter(k + 1 + side)}{n + 2}", diff_page, True) for n, side in summarised]
