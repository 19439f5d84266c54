"""Outputs: workbook, charts, HTML and terminal diffs, atomic files and the output folder."""

#: Trend charts `compare` draws by default (`--charts N`; compare.write.chartdata ranks them). Here,
#: not in chartdata, so that the CLI can show the default without importing pandas.
DEFAULT_CHARTS = 20
#: Unchanged sentences `diff` shows before and after each change: one is enough to find the place
#: in the report; more makes long sections scroll past their changes. And the narrowest side-by-side
#: output (each side needs room for a marker and a few full-width characters). Here, not in
#: compare.write.diffrender, so that the CLI can show them without importing its rendering stack.
DEFAULT_CONTEXT = 1
MIN_WIDTH = 20
