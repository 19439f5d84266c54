"""Decoding of text bytes (UTF-8 with/without BOM, GB18030/GBK/GB2312, UTF-16)."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from compare.errors import DecodeFailure

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name). Newlines normalised to "\\n"."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _newlines(data.decode(enc)), enc.replace("-sig", "")
    try:
        return _newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312: government sites' legacy encodings.
        return _newlines(data.decode("gb18030")), "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeFailure(name, "bytes decode in no supported encoding", "save the file as UTF-8 or GB18030")
    return _newlines(str(best)), best.encoding


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
