"""The per-report stage on a Dask cluster (`--scheduler ADDRESS`; `pip install 'report-compare[dask]'`).

Workers get the file's bytes, not its path: the stage is a pure function of the bytes
(compare.engine.process_bytes), so a worker needs no view of the user's disk (no shared file
system, no mount paths to agree on), and what it computes is exactly what this machine read and
hashed for the cache. Reports are ~15 KB, so shipping them costs far less than reading them
(~5 ms each at the goal rate). The lexicon is sent to every worker once.

Files are read here in input order and sent in chunks, with at most WINDOW chunks in flight, so
memory stays bounded for a national year of reports; results come back in input order. A file
that cannot be read here, or that the stage rejects there, becomes a ReportFailure in its place,
as with local processes; anything else a worker raises is a bug and propagates.

Workers need report-compare installed, the same version as here (the cache key names it).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from typing import Any

from compare.engine import Outcome, ReportFailure, ReportTask, process_bytes
from compare.errors import CompareError, MissingExtra, UsageError
from compare.extract.lexicon import Lexicon
from compare.read.limits import DEFAULT_LIMITS, Limits
from compare.read.loading import read_bytes

#: Reports per task: at ~1 ms of scheduler overhead per task, eight 5 ms reports keep it under 3%.
CHUNK = 8

#: Chunks in flight at once: enough to keep a few hundred worker threads busy, while the bytes held
#: here stay a few MB (WINDOW x CHUNK x ~15 KB).
WINDOW = 256

#: Seconds to wait for the scheduler before telling the user it cannot be reached.
CONNECT_TIMEOUT = 20

_Args = tuple[str, int | None, str | None]  # path, year, issuer (as compare.engine's)
_Item = tuple[bytes, str, int | None, str | None]  # what a worker gets: bytes, name, year, issuer


def client_class() -> Any:
    """distributed.Client; MissingExtra naming the pip install when the extra is absent."""
    try:
        from distributed import Client
    except ImportError:
        raise MissingExtra("", "--scheduler needs the Dask extra (distributed), which is not installed",
                           "pip install 'report-compare[dask]'") from None
    return Client


def connect(address: str) -> Any:
    """A client of the scheduler at `address`; UsageError when it cannot be reached."""
    client = client_class()
    try:
        return client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(address, f"cannot reach the Dask scheduler ({type(exc).__name__}: {exc})",
                         "check --scheduler (e.g. tcp://HOST:8786) and that the scheduler is running") from None


def run_on_cluster(args: Sequence[_Args], lexicon: Lexicon, address: str,
                   limits: Limits = DEFAULT_LIMITS) -> Iterator[Outcome]:
    """Outcomes of `args` (path, year, issuer), in order, computed on the Dask cluster at `address`
    under `limits` (compare.read.limits: the size limit is checked here, the others on the worker)."""
    client = connect(address)
    try:
        lex = client.scatter(lexicon, broadcast=True)
        pending: deque[tuple[list[Outcome | None], Any]] = deque()
        for start in range(0, len(args), CHUNK):
            pending.append(_submit(client, args[start:start + CHUNK], lex, limits))
            if len(pending) >= WINDOW:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        client.close()


def _submit(client: Any, chunk: Sequence[_Args], lexicon: Any, limits: Limits) -> tuple[list[Outcome | None], Any]:
    """Read the chunk's files here and send them; a file that cannot be read fails here, in place."""
    local: list[Outcome | None] = []
    items: list[_Item] = []
    for path, year, issuer in chunk:
        try:
            items.append((read_bytes(path, limits), path, year, issuer))
            local.append(None)
        except CompareError as exc:
            local.append(ReportFailure(ReportTask(path, year, issuer), exc))
    return local, (client.submit(work, items, lexicon, limits, pure=False) if items else None)


def _collect(local: list[Outcome | None], future: Any) -> Iterator[Outcome]:
    remote = iter(future.result() if future is not None else ())
    for outcome in local:
        yield outcome if outcome is not None else next(remote)


def work(items: Sequence[_Item], lexicon: Lexicon, limits: Limits = DEFAULT_LIMITS) -> list[Outcome]:
    """Runs on a worker: the per-report stage of each (bytes, name, year, issuer)."""
    out: list[Outcome] = []
    for data, name, year, issuer in items:
        try:
            out.append(process_bytes(data, name, year=year, issuer=issuer, lexicon=lexicon, limits=limits))
        except CompareError as exc:
            out.append(ReportFailure(ReportTask(name, year, issuer), exc))
    return out


__all__ = ["CHUNK", "WINDOW", "client_class", "connect", "run_on_cluster", "work"]
