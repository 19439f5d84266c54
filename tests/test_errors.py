"""Named errors: message format, exit code, and pickling (errors cross process boundaries when a
corpus is loaded in parallel)."""

from __future__ import annotations

import pickle

import pytest

from compare import errors


@pytest.mark.parametrize("cls", [c for c in vars(errors).values()
                                 if isinstance(c, type) and issubclass(c, errors.CompareError)])
def test_every_named_error_formats_and_pickles(cls: type[errors.CompareError]) -> None:
    exc = cls("报告.pdf", "PDF has no text layer", "run OCR on it first")
    assert exc.message == "报告.pdf: PDF has no text layer — run OCR on it first"
    assert exc.exit_code == 2
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is cls and (back.file, back.what, back.fix) == (exc.file, exc.what, exc.fix)


def test_message_without_a_file() -> None:
    assert errors.UsageError("", "unknown format 'xls'", "choose one of: table, csv, json").message == (
        "unknown format 'xls' — choose one of: table, csv, json")
