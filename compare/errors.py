"""Named errors. Each carries the file, what went wrong and what to do; the CLI turns them into
`Error: <file>: <what> — <what to do>` on stderr (compare.cli.run), exit code 2."""

from __future__ import annotations

from dataclasses import dataclass


class CompareError(Exception):
    """Base of every error caused by the user's input (exit code 2)."""

    exit_code = 2

    def __init__(self, file: str, what: str, fix: str) -> None:
        self.file = str(file)
        self.what = what
        self.fix = fix
        super().__init__(self.message)

    def __reduce__(self) -> tuple[type[CompareError], tuple[str, str, str]]:
        # Errors cross process boundaries when reports are loaded in parallel; the default pickling
        # would call cls(message) and fail.
        return (type(self), (self.file, self.what, self.fix))

    @property
    def message(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.what} — {self.fix}"


class InputNotFound(CompareError):
    """The path does not exist, or is a directory where a file is needed."""


class EmptyInput(CompareError):
    """The file has no bytes, or no text once extracted."""


class UnsupportedFormat(CompareError):
    """Binary junk, or a format we cannot read."""


class CorruptDocument(CompareError):
    """A .pdf / .docx that is damaged, encrypted or lies about its type."""


class NoTextLayer(CompareError):
    """A PDF whose pages carry no text (a scan)."""


class DecodeFailure(CompareError):
    """Text bytes that decode in no supported encoding."""


class InputTooLarge(CompareError):
    """A file over the size limit (hostile or mistaken input)."""


class LexiconError(CompareError):
    """A user lexicon file that cannot be read; `what` names the line."""


class CorpusError(CompareError):
    """Inconsistent corpus: two reports of one issuer for one year, a bad manifest row."""


class UsageError(CompareError):
    """A bad option value; the message lists the valid values."""


class NothingLoaded(CompareError):
    """Every file of a batch failed: nothing to compare and nothing written. `failures` holds one
    record per file, each printed on its own `Error:` line before this one."""

    def __init__(self, file: str, what: str, fix: str, failures: tuple[Failure, ...] = ()) -> None:
        self.failures = tuple(failures)
        super().__init__(file, what, fix)

    def __reduce__(self) -> tuple[type[CompareError], tuple[str, str, str]]:
        # failures travel as the fourth argument: pickle rebuilds the exception with all four
        return (type(self), (self.file, self.what, self.fix, self.failures))  # type: ignore[return-value]


@dataclass(frozen=True)
class Failure:
    """A file a batch skipped, and why: one `Error:` line on stderr and one row of the workbook's
    Failures sheet. Built from the named error that stopped the file (`Failure.of`)."""

    file: str  # the path as given, or as found in a given folder
    what: str  # what is wrong ("PDF has no text layer (a scanned image)")
    fix: str  # what to do about it
    kind: str  # class name of the named error (NoTextLayer), for scripts that filter

    @classmethod
    def of(cls, exc: CompareError) -> Failure:
        """The record of a named error."""
        return cls(file=exc.file, what=exc.what, fix=exc.fix, kind=type(exc).__name__)

    @property
    def message(self) -> str:
        """`<file>: <what> — <fix>`, as CompareError.message."""
        return CompareError(self.file, self.what, self.fix).message


class OutputLocked(CompareError):
    """Another run is writing the same output folder."""


class MissingExtra(CompareError):
    """An optional part of the toolkit whose library is not installed (Parquet: pyarrow; a Dask
    cluster: distributed); `fix` names the `pip install` to run."""
