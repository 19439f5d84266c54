"""The `report-compare` command line. Thin: each command converts its arguments, makes one library
call and renders the result. Errors are turned into messages in one place: `_Group.invoke`."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from compare.errors import CompareError, Failure, NothingLoaded
from compare.textsafety import one_line

# Typer vendors click in recent releases and re-exports it in older ones; find click's exception
# base through a public typer class so that this works with both.
_ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


class _Group(TyperGroup):
    """Maps named errors to `Error: <file>: <what> — <fix>` on stderr, exit 2; anything else is an
    internal failure, exit 1. A traceback only with --debug (or REPORT_COMPARE_DEBUG=1)."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CompareError as exc:
            if isinstance(exc, NothingLoaded):
                report_failures(exc.failures)
            _fail(ctx, error_line(exc.message), exc.exit_code)
        except (typer.Exit, typer.Abort, _ClickException):
            raise
        except BrokenPipeError:
            # `report-compare outline x | head`: the reader left; not an error of ours.
            sys.stderr.close()
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - the one place that turns any failure into a message
            _fail(ctx, error_line(f"internal failure: {type(exc).__name__}: {exc} — rerun with --debug and report it"),
                  1)


def error_line(message: str) -> str:
    """`Error: <message>` with control characters escaped: a file name holding a newline or an
    escape sequence can neither split the line nor recolour the terminal."""
    return f"Error: {one_line(message)}"


def report_failures(failures: Sequence[Failure]) -> None:
    """One `Error:` line on stderr per file a batch skipped."""
    for failure in failures:
        typer.echo(error_line(failure.message), err=True)


def skipped_note(failures: Sequence[Failure], done: int) -> str:
    """"Skipped: 2 of 9 files (see the Error lines above)": the count a batch summary shows."""
    total = done + len(failures)
    return f"Skipped: {len(failures)} of {total} file{'s' if total != 1 else ''} (see the Error lines above)"


def _fail(ctx: Any, line: str, code: int) -> None:
    if _debug(ctx):
        traceback.print_exc()
    typer.echo(line, err=True)
    raise typer.Exit(code)


def _debug(ctx: Any) -> bool:
    root = ctx.find_root()
    return bool(root.meta.get("report_compare.debug")) or os.environ.get("REPORT_COMPARE_DEBUG") == "1"


app = typer.Typer(
    cls=_Group,
    name="report-compare",
    help="Compare annual government reports (法治政府建设年度报告) year over year.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
) -> None:
    """Compare annual government reports (法治政府建设年度报告) year over year: structure,
    indicators, stated changes, workbooks, charts and section diffs."""
    ctx.find_root().meta["report_compare.debug"] = debug


# Each command lives in its own module and registers itself on `app` when imported.
from compare.cli import align as _align  # noqa: E402,F401
from compare.cli import changes as _changes  # noqa: E402,F401
from compare.cli import claims as _claims  # noqa: E402,F401
from compare.cli import compare_cmd as _compare_cmd  # noqa: E402,F401
from compare.cli import diff as _diff  # noqa: E402,F401
from compare.cli import indicators as _indicators  # noqa: E402,F401
from compare.cli import info as _info  # noqa: E402,F401
from compare.cli import outline as _outline  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    app()
