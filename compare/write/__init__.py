"""Outputs: workbook, charts, HTML and terminal diffs, atomic files and the output folder."""

#: Trend charts `compare` draws by default (`--charts N`; compare.write.chartdata ranks them). Here,
#: not in chartdata, so that the CLI can show the default without importing pandas.
DEFAULT_CHARTS = 20
