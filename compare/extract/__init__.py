"""Extraction within one report: numbers, indicators, stated changes (claims), the lexicon."""
