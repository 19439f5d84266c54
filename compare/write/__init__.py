"""Outputs: workbook, charts, HTML and terminal diffs, atomic files and the output folder."""
