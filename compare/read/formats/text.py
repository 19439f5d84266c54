"""Decoding of text bytes: UTF-8 (with or without BOM), GB18030/GBK/GB2312, UTF-16/32.

Order of tests, most reliable first:
1. a byte-order mark names the encoding outright;
2. strict UTF-8: multi-byte UTF-8 sequences almost never occur by accident, so bytes that decode
   are UTF-8;
3. NUL bytes mean UTF-16/32 without a BOM (Chinese text in UTF-16 has no other reason to carry
   NULs); charset-normalizer decides which one, and junk that it cannot place is binary;
4. strict GB18030, the superset of GBK and GB2312 that government sites publish in;
5. anything else is refused with a named error rather than decoded into mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from compare.errors import DecodeFailure, UnsupportedFormat

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Encodings charset-normalizer may choose for BOM-less bytes with NULs.
_WIDE = ["utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"]

#: Share of control characters (other than tab, newlines, form feed, escape) above which decoded
#: "text" is binary. Real reports have none; 1% tolerates a stray control code in a copied page,
#: while random bytes that happen to decode give 5-15%.
MAX_CONTROL_SHARE = 0.01

#: Labels sites declare (<meta charset>) mapped to the codec we decode with. GB2312/GBK pages
#: routinely contain characters outside their label's repertoire; GB18030 is a superset of both.
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "gb_2312-80": "gb18030",
    "euc-cn": "gb18030",
    "utf8": "utf-8",
    "unicode": "utf-16",
}

#: Share of bytes that may be invalid in the file's encoding and be replaced by U+FFFD with a
#: warning, rather than refusing the file: one in a thousand (a 20 KB report may carry ~20 damaged
#: characters). Mis-detected encodings give far more: every multi-byte character fails.
MAX_BAD_SHARE = 0.001

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")

SUPPORTED = "UTF-8, GB18030/GBK/GB2312 or UTF-16"


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name) of text bytes; newlines normalised to "\\n".

    Raises DecodeFailure for bytes in no supported encoding and UnsupportedFormat for binary data.
    """
    text, encoding, _ = decode_text(data, name)
    return text, encoding


def decode_text(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Like `decode`, with warnings (a few undecodable bytes replaced by U+FFFD)."""
    text, encoding, warnings = _decode(data, name)
    if _is_binary(text):
        raise UnsupportedFormat(name, "binary data, not text or a known document format",
                                "give a .txt, .html, .docx or .pdf report")
    return _newlines(text), encoding, warnings


def decode_lenient(data: bytes, codec: str) -> tuple[str, int] | None:
    """(text, number of bad bytes replaced by U+FFFD) when the bad bytes are rare enough to be
    damage in an otherwise `codec`-encoded file (MAX_BAD_SHARE); None otherwise."""
    text = data.decode(codec, errors="replace")
    bad = text.count("\ufffd")
    return (_newlines(text), bad) if bad <= MAX_BAD_SHARE * len(data) else None


def decode_declared(data: bytes, declared: str) -> str | None:
    """`data` decoded with an encoding a document declares (HTML <meta charset>), or None when
    the label is unknown or the bytes do not decode with it (the declaration lies)."""
    codec = _ALIASES.get(declared.strip().lower(), declared.strip().lower())
    try:
        codecs.lookup(codec)
        return _newlines(data.decode(codec))
    except (LookupError, UnicodeDecodeError):
        return None


def codec_name(label: str) -> str:
    """Canonical codec name for an encoding label ("GB2312" -> "gb18030", "UTF8" -> "utf-8")."""
    label = _ALIASES.get(label.strip().lower(), label.strip().lower())
    try:
        return codecs.lookup(label).name
    except LookupError:
        return label


def _decode(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("-sig", ""), ()
            except UnicodeDecodeError:
                raise DecodeFailure(name, f"starts with a {enc.replace('-sig', '').upper()} byte-order mark but "
                                    "does not decode as such", f"save the file as {SUPPORTED}") from None
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    if data.count(b"\x00") > MAX_BAD_SHARE * len(data):  # a lone NUL is damage, not UTF-16
        return (*_decode_wide(data, name), ())
    try:
        return data.decode("gb18030"), "gb18030", ()
    except UnicodeDecodeError as exc:
        gb_error = exc.start
    # A few broken characters (a CMS that cut a multi-byte character, a stray byte) do not make a
    # report unreadable: the encoding with the fewest bad bytes is used when they are rare.
    candidates = [(c, decode_lenient(data, c)) for c in ("utf-8", "gb18030")]
    usable = [(c, r) for c, r in candidates if r is not None]
    if usable:
        codec, (text, bad) = min(usable, key=lambda cr: cr[1][1])
        where = _where(data, utf8_error if codec == "utf-8" else gb_error)
        return text, codec, (f"{bad} undecodable byte(s) replaced by \ufffd (first at {where})",)
    raise DecodeFailure(name, f"bytes decode in no supported encoding: not UTF-8 ({_where(data, utf8_error)}), "
                        f"not GB18030/GBK/GB2312 ({_where(data, gb_error)}), not UTF-16",
                        "re-save the file as UTF-8 (e.g. `iconv -f <encoding> -t UTF-8`)")


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}, byte {offset}"


def _decode_wide(data: bytes, name: str) -> tuple[str, str]:
    """UTF-16/32 without a BOM, detected by charset-normalizer; anything else with NULs is binary."""
    best = from_bytes(data, cp_isolation=_WIDE).best()
    if best is not None:
        try:
            return data.decode(best.encoding), codec_name(best.encoding)
        except UnicodeDecodeError:
            pass
    raise UnsupportedFormat(name, "binary data, not text or a known document format",
                            "give a .txt, .html, .docx or .pdf report")


def _is_binary(text: str) -> bool:
    sample = text[:65536]
    return bool(sample) and len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
