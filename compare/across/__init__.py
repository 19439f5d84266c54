"""Across reports: section alignment, indicator series and changes, section diffs."""
