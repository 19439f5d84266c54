"""Atomic output: a failed write leaves neither a temporary file nor a half-written target."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.errors import UsageError
from compare.write.atomic import write_atomic, write_text_atomic


def test_write_replaces_target_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    write_text_atomic(target, "新内容\n")
    assert target.read_text(encoding="utf-8") == "新内容\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failed_write_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"previous")

    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(target, broken)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_missing_folder_and_folder_as_file_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        write_text_atomic(tmp_path / "missing" / "x.html", "x")
    with pytest.raises(UsageError, match="is a folder"):
        write_text_atomic(tmp_path, "x")
    out = write_text_atomic(tmp_path / "new" / "deeper" / "x.html", "x", create_folder=True)
    assert out.read_text(encoding="utf-8") == "x"
