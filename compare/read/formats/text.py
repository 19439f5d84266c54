"""Decoding of text bytes: UTF-8 (with or without BOM), GB18030/GBK/GB2312, Big5, UTF-16/32.

Order of tests, most reliable first:
1. a byte-order mark names the encoding outright;
2. strict UTF-8: multi-byte UTF-8 sequences almost never occur by accident, so bytes that decode
   are UTF-8;
3. more than a few NUL bytes mean UTF-16/32 without a BOM (Chinese text in UTF-16 has no other
   reason to carry NULs); charset-normalizer decides which one, and junk that it cannot place is
   binary;
4. GB18030, the superset of GBK and GB2312 that government sites publish in, when the decoded text
   reads as Chinese (compare.read.formats.charsets: Big5, Shift-JIS and EUC-KR bytes also decode
   as GB18030, into mojibake); then UTF-8 with a few damaged bytes;
5. Big5 when it reads as Chinese (traditional characters, with a warning); Shift-JIS and EUC-KR
   are named and refused, and anything else is refused rather than decoded into mojibake.

A few stray control characters are dropped with a warning; many are binary data (`drop_controls`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from charset_normalizer import from_bytes

from compare.errors import DecodeFailure, UnsupportedFormat
from compare.read.formats import charsets
from compare.read.formats.charsets import Profile

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
#: "text" with more than MAX_STRAY_CONTROLS of them is binary. Real reports have none or one (a
#: stray code in a copied page); random bytes that happen to decode give 5-15%.
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

#: Control characters that are no part of text: all C0 controls but tab, newlines, form feed (a page
#: break in text taken from a PDF) and escape, and DEL.
_STRAY = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "BS", "\x0b": "VT", "\x1a": "SUB", "\x7f": "DEL"}

SUPPORTED = "UTF-8, GB18030/GBK/GB2312, Big5 or UTF-16"

#: Legacy encodings tried when GB18030 gives text that does not read as Chinese, and their names in
#: messages. Big5 as Hong Kong's superset (HKSCS) of it; Shift-JIS as Windows writes it (cp932).
_OTHER_CODECS = (("big5hkscs", "Big5"), ("cp932", "Shift-JIS (Japanese)"), ("euc_kr", "EUC-KR (Korean)"))
_ICONV = {"cp932": "SHIFT_JIS", "euc_kr": "EUC-KR"}
_SCRIPT_TEST: dict[str, Callable[[Profile], bool]] = {"cp932": lambda p: p.japanese, "euc_kr": lambda p: p.korean}
_BIG5_NOTE = ("read as Big5 (traditional Chinese); indicator names and headings are matched on simplified "
              "wording, so fewer of them are recognised — convert it to simplified UTF-8 for a full reading")

#: Stray control characters (BEL, NUL, SUB, VT, ...) a text file may carry and still be text: they
#: are dropped with a warning. More than this, and more than MAX_CONTROL_SHARE, is binary data.
MAX_STRAY_CONTROLS = 3


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name) of text bytes; newlines normalised to "\\n".

    Raises DecodeFailure for bytes in no supported encoding and UnsupportedFormat for binary data.
    """
    text, encoding, _ = decode_text(data, name)
    return text, encoding


def decode_text(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Like `decode`, with warnings (a few undecodable bytes replaced by U+FFFD, stray control
    characters dropped)."""
    text, encoding, warnings = _decode(data, name)
    text, dropped = drop_controls(_newlines(text), name)
    return text, encoding, warnings + dropped


def drop_controls(text: str, name: str) -> tuple[str, tuple[str, ...]]:
    """`text` without stray control characters (a BEL, NUL or SUB left by a copy from another
    program, a VT that Word writes for a manual line break), with a warning saying what was dropped.
    Raises UnsupportedFormat when there are so many that the "text" is binary data."""
    sample = text[:65536]
    in_sample = len(_STRAY.findall(sample))
    if in_sample > MAX_STRAY_CONTROLS and in_sample > MAX_CONTROL_SHARE * len(sample):
        raise UnsupportedFormat(name, "binary data, not text or a known document format",
                                "give a .txt, .html, .docx or .pdf report")
    first = _STRAY.search(text)
    if first is None:
        return text, ()
    found = _STRAY.findall(text)
    kinds = ", ".join(sorted({_CONTROL_NAMES.get(c, f"U+{ord(c):04X}") for c in found}))
    line = text.count("\n", 0, first.start()) + 1
    return _STRAY.sub("", text), (f"{len(found)} stray control character(s) dropped ({kinds}; first on line {line})",)


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
    nuls = data.count(b"\x00")
    if nuls > MAX_STRAY_CONTROLS and nuls > MAX_BAD_SHARE * len(data):  # a few NULs are damage, not UTF-16
        return (*_decode_wide(data, name), ())
    gb, gb_error = _attempt(data, "gb18030")
    if gb is not None and charsets.looks_chinese(gb[0]):
        return gb
    # UTF-8 with a few damaged bytes: GB18030 fails on it or reads it as mojibake. Its strict
    # decode already failed above, so only the lenient one is left to do.
    utf8, _ = _attempt(data, "utf-8", failed_at=utf8_error)
    if utf8 is not None and charsets.looks_chinese(utf8[0]):
        return utf8
    return _not_gb(data, name, gb, utf8_error, gb_error)


def _attempt(data: bytes, codec: str,
             failed_at: int | None = None) -> tuple[tuple[str, str, tuple[str, ...]] | None, int]:
    """`data` decoded with `codec`: strictly, else with a few bad bytes replaced (MAX_BAD_SHARE),
    None when too many are bad; and the offset of the first bad byte (len(data) when none).

    The bytes are decoded once: with replacement, which gives the strict reading when no U+FFFD
    comes out. Only text holding a U+FFFD (bad bytes, or one the file really contains) is decoded
    strictly too, to tell which and where; `failed_at` is where a strict decode already stopped."""
    text = data.decode(codec, errors="replace")
    if "\ufffd" not in text:
        return (text, codec_name(codec), ()), len(data)
    if failed_at is None:
        try:
            return (data.decode(codec), codec_name(codec), ()), len(data)
        except UnicodeDecodeError as exc:
            failed_at = exc.start
    # A few broken characters (a CMS that cut a multi-byte character, a stray byte) do not make a
    # report unreadable: they are replaced when they are rare.
    bad = text.count("\ufffd")
    if bad > MAX_BAD_SHARE * len(data):
        return None, failed_at
    return (_newlines(text), codec_name(codec),
            (f"{bad} undecodable byte(s) replaced by \ufffd (first at {_where(data, failed_at)})",)), failed_at


def _not_gb(data: bytes, name: str, gb: tuple[str, str, tuple[str, ...]] | None,
            utf8_error: int, gb_error: int) -> tuple[str, str, tuple[str, ...]]:
    """Bytes that read as Chinese neither in UTF-8 nor in GB18030: Big5 is read (traditional Chinese
    is a report's legitimate script); Japanese and Korean are named and refused; GB18030 text that
    is unusual but plausible (a list of names) is kept with a warning; anything else is refused,
    never passed on as mojibake (compare.read.formats.charsets)."""
    tried = {codec: _attempt(data, codec)[0] for codec, _ in _OTHER_CODECS}
    big5 = tried["big5hkscs"]
    if big5 is not None and charsets.profile(big5[0]).chinese:
        return big5[0], "big5hkscs", (*big5[2], _BIG5_NOTE)
    for codec, label in _OTHER_CODECS[1:]:
        found = tried[codec]
        if found is not None and _SCRIPT_TEST[codec](charsets.profile(found[0])):
            raise DecodeFailure(name, f"text looks like {label}, which is not supported (it is not a Chinese "
                                "report in UTF-8, GB18030 or Big5)",
                                f"if it is a Chinese report, convert it to UTF-8 (e.g. iconv -f {_ICONV[codec]} "
                                "-t UTF-8)")
    if gb is not None:
        p = charsets.profile(gb[0])
        if p.common_share >= charsets.MIN_PLAUSIBLE_SHARE:
            return (*gb[:2], (*gb[2], f"few common Chinese characters ({p.common_share:.0%}) for a report: read as "
                              "GB18030, but check that the text is not in an encoding we do not read"))
        raise DecodeFailure(name, f"text decodes as GB18030 but does not read as Chinese (only "
                            f"{p.common_share:.0%} common characters): it is in an encoding we do not read",
                            "re-save the file as UTF-8 (e.g. `iconv -f <encoding> -t UTF-8`)")
    raise DecodeFailure(name, f"bytes decode in no supported encoding: not UTF-8 ({_where(data, utf8_error)}), "
                        f"not GB18030/GBK/GB2312 ({_where(data, gb_error)}), not Big5, not UTF-16",
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


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
