"""The report audit (issue 12): completeness, timeliness, figures and honesty of each report, and
across the years of one issuer. No overall score: evaluators weight the measures themselves.

One module per measure, each a pure function of reports and the tables the earlier stages build:

    parts          required parts present / only a sub-item / missing; length of shortcomings vs measures
    timeliness     report and page dates against 1 April of the following year
    density        indicators per 1,000 characters; sections with a figure; slogan-only sections
    claims         stated changes: consistent / inconsistent / not checkable (compare.across.changes' check)
    carryover      sections near-identical to the previous report's (rapidfuzz ratio >= 0.9)
    followthrough  plan items of year N that reappear as measures in year N+1 (alignment similarity)
    record         one report's ReportAudit;  table: the tables (compare.schema Table / Column)
    run            audit_corpus (what `compare` has already computed), audit_paths (files and folders)

The measures sit after compare.across and before compare.write: they import the read, extract and
across stages, never the writers. `run` is the audit's orchestration (as compare.pipeline is the main
job's): it runs the engine and, for an output folder, the writers (compare.write.auditout).
"""

from __future__ import annotations

from compare.audit.record import ReportAudit, audit_report
from compare.audit.run import Audit, AuditRun, audit_corpus, audit_paths, run_audit
from compare.audit.table import AuditTables

__all__ = ["Audit", "AuditRun", "AuditTables", "ReportAudit", "audit_corpus", "audit_paths", "audit_report",
           "run_audit"]
