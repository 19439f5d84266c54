"""Resource limits on what one input file may cost: its size, what it unpacks to, its pages and
the characters extracted from it.

Users point the toolkit at folders saved from many websites; a small hostile or broken file must
not take minutes or gigabytes. Every limit is far above any real report and is raised with the
command-line option named in its error message (`Limits.OPTIONS`). `compare.load` takes a `Limits`
as an argument, so loading stays a pure function of the bytes and its arguments.

Why these defaults (judgements, from the reports we have seen):

- `max_file_mb` 64: reports are 10-200 KB of text, a few MB as PDF/DOCX with photos.
- `max_unpacked_mb` 64: the total uncompressed size of the parts of a DOCX (python-docx reads every
  part, and parses each XML part into a tree ~10x its size), and the decoded size of any one PDF
  stream (a page's content is kilobytes; a full-page photo decodes to ~30 MB). A ZIP or Flate bomb
  unpacks to gigabytes from a few MB.
- `max_pages` 2,000: reports run 5-60 pages; pdfminer takes ~20 ms a page.
- `max_chars` 4,000,000: the longest report we know has ~150,000 characters; every later stage is
  linear in the text, so this bounds the time and memory of a run.
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.errors import InputTooLarge

MiB = 2**20


@dataclass(frozen=True)
class Limits:
    """What one input file may cost. Raise a limit for an unusual but genuine report."""

    max_file_mb: int = 64  # size of the file itself, MiB
    max_unpacked_mb: int = 64  # total unpacked DOCX parts / one decoded PDF stream, MiB
    max_pages: int = 2000  # pages of a PDF
    max_chars: int = 4_000_000  # characters of text extracted from any file

    #: The command-line option that raises each limit (named in error messages).
    OPTIONS = {  # noqa: RUF012 - a class constant, not a field (no annotation, so not a dataclass field)
        "max_file_mb": "--max-file-mb",
        "max_unpacked_mb": "--max-unpacked-mb",
        "max_pages": "--max-pages",
        "max_chars": "--max-chars",
    }

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * MiB

    @property
    def max_unpacked_bytes(self) -> int:
        return self.max_unpacked_mb * MiB

    def exceeded(self, name: str, limit: str, what: str) -> InputTooLarge:
        """The error for `name` going over the limit field `limit`: says what and which option raises it."""
        value = getattr(self, limit)
        unit = " MiB" if limit.endswith("_mb") else ""
        return InputTooLarge(name, f"{what}: over the {limit.replace('_', '-')} limit of {value:,}{unit}",
                             f"check that this is a single report; if it is, raise the limit with "
                             f"{self.OPTIONS[limit]} (e.g. {self.OPTIONS[limit]} {value * 4})")


#: The defaults, for callers that pass none.
DEFAULT_LIMITS = Limits()

__all__ = ["DEFAULT_LIMITS", "Limits", "MiB"]
