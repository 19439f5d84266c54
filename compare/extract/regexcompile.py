"""Compiling a pattern that repeats the same character classes many times, fast.

The numeral pattern of compare.extract.numbers is ~17,000 characters: its pieces (spaces, digits,
Chinese numerals) are spelled out wherever they may occur, ~1,400 character classes in all. The
standard compiler optimises each class anew, and a class holding a character above U+00FF (the
ideographic space, 〇一二…) gets a 64K bitmap each time: ~250 ms of every `report-compare` start,
more than the rest of the toolkit's imports. The optimisation is a pure function of the class, so
remembering it while this one pattern compiles gives the same compiled program (tests compare the
two) in a fraction of the time. Where the standard library does not have the step this relies on
(another Python), the pattern is compiled the ordinary way.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any


def _stdlib_compiler() -> ModuleType | None:
    """The standard library's compiler module, which has the step remembered here; None on a Python
    that names or shapes it otherwise (then patterns compile the ordinary way)."""
    for name in ("re._compiler", "sre_compile"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if callable(getattr(module, "_optimize_charset", None)):
            return module
    return None


_COMPILER = _stdlib_compiler()
_LOCK = threading.Lock()  # the step is swapped module-wide for the duration of one compile


@contextmanager
def remembered_charsets() -> Iterator[None]:
    """Within the block, the standard compiler optimises each distinct character class once."""
    if _COMPILER is None:
        yield
        return
    original: Callable[..., Any] = getattr(_COMPILER, "_optimize_charset")  # noqa: B009
    seen: dict[tuple[Any, ...], tuple[list[Any], bool]] = {}

    def remembered(charset: Any, iscased: Any = None, fixup: Any = None, fixes: Any = None) -> Any:
        if fixup is not None or fixes is not None:  # case-insensitive: left to the original
            return original(charset, iscased, fixup, fixes)
        try:
            key = (tuple(charset), iscased)
            hash(key)
        except TypeError:
            return original(charset, iscased, fixup, fixes)
        if key not in seen:
            seen[key] = original(charset, iscased, fixup, fixes)
        out, hascased = seen[key]
        return list(out), hascased  # a caller may extend the list: each gets its own

    with _LOCK:
        setattr(_COMPILER, "_optimize_charset", remembered)  # noqa: B010 - a private name typeshed lacks
        try:
            yield
        finally:
            setattr(_COMPILER, "_optimize_charset", original)  # noqa: B010


def compile_repetitive(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, each distinct character class optimised once."""
    with remembered_charsets():
        return re.compile(pattern, flags)


__all__ = ["compile_repetitive", "remembered_charsets"]
