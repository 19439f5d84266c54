"""`report-compare audit --out DIR`: the audit's files, added to DIR as one set.

DIR may already hold the outputs of `compare` (comparison.xlsx, charts/, diff.html): the audit adds
its own entries beside them and replaces only those (compare.write.outfolder: the folder is locked
while written, the entries are written into a staging folder and swapped in together, and other
files are left alone). A rerun replaces the whole audit set, so no chart of an issuer that is no
longer in the input lingers.

    audit.csv                  one row per report (compare.audit.table.AUDIT)
    audit_carryover.csv        one row per carried-over section
    audit_followthrough.csv    one row per plan item
    audit.xlsx                 the three as sheets (compare.write.auditsheet)
    audit_charts/              one PNG per issuer (compare.write.auditchart)

The csv files are what `report-compare audit --format csv` prints (one writer, compare.write.csvtext):
UTF-8, text that a spreadsheet would run as a formula gets a leading apostrophe, missing values are
empty cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from compare.write import outfolder
from compare.write.atomic import write_text_atomic
from compare.write.auditchart import AUDIT_CHARTS_DIR, write_audit_charts
from compare.write.auditsheet import write_audit_workbook
from compare.write.csvtext import frame_csv

if TYPE_CHECKING:
    from compare.audit.table import AuditTables

AUDIT_CSV, CARRYOVER_CSV, FOLLOWTHROUGH_CSV = "audit.csv", "audit_carryover.csv", "audit_followthrough.csv"
AUDIT_XLSX = "audit.xlsx"
#: Every entry the audit writes into DIR (and replaces on a rerun).
AUDIT_ENTRIES = (AUDIT_CSV, CARRYOVER_CSV, FOLLOWTHROUGH_CSV, AUDIT_XLSX, AUDIT_CHARTS_DIR)


@dataclass(frozen=True)
class AuditFiles:
    """What `write_audit` wrote."""

    csv: tuple[Path, ...]  # audit.csv, audit_carryover.csv, audit_followthrough.csv
    workbook: Path
    charts: tuple[Path, ...]

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every file written."""
        return (*self.csv, self.workbook, *self.charts)


def write_audit(out: str | Path, tables: AuditTables, *, held: bool = False) -> AuditFiles:
    """Write the audit set into `out` (created when missing; locked while written, or already held
    by the caller: `held`, inside compare.write.outfolder.reserve; see the module)."""
    folder = Path(out)

    def write(staging: Path) -> AuditFiles:
        written = tuple(write_text_atomic(staging / name, frame_csv(frame)) for name, frame in (
            (AUDIT_CSV, tables.reports), (CARRYOVER_CSV, tables.carryover),
            (FOLLOWTHROUGH_CSV, tables.followthrough)))
        workbook = write_audit_workbook(staging / AUDIT_XLSX, tables)
        charts = write_audit_charts(tables.reports, staging / AUDIT_CHARTS_DIR)
        return AuditFiles(written, workbook, tuple(charts))

    staged = outfolder.write_set(folder, AUDIT_ENTRIES, write, held=held)
    return AuditFiles(tuple(folder / p.name for p in staged.csv), folder / staged.workbook.name,
                      tuple(folder / AUDIT_CHARTS_DIR / p.name for p in staged.charts))
