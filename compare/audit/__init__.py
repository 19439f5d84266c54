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

The audit sits after compare.across and before compare.write: it imports the read, extract and
across stages, never the writers.
"""

from __future__ import annotations

from compare.audit.record import ReportAudit, audit_report
from compare.audit.run import Audit, AuditTables, audit_corpus, audit_paths

__all__ = ["Audit", "AuditTables", "ReportAudit", "audit_corpus", "audit_paths", "audit_report"]
