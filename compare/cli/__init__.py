"""The `report-compare` command line. Thin: each command converts its arguments, makes one library
call and renders the result. Errors are turned into messages in one place: `_Group.invoke`."""

from __future__ import annotations

import inspect
import os
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from compare.errors import CompareError, Failure, NothingLoaded
from compare.write.textsafety import one_line

# Typer vendors click in recent releases and re-exports it in older ones; find click's exception
# base through a public typer class so that this works with both.
_ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)
_ClickUsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class _Group(TyperGroup):
    """Maps named errors to `Error: <file>: <what> — <fix>` on stderr, exit 2; anything else is an
    internal failure, exit 1. A traceback only with --debug (or REPORT_COMPARE_DEBUG=1). Usage
    errors (a bad option value, an unknown flag, a missing argument) are one line too."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        # click's standalone mode would print a usage block and a multi-line box; run it
        # non-standalone and print the one line every other error gets.
        kwargs: dict[str, Any] = {"args": args, "prog_name": prog_name, "complete_var": complete_var,
                                  "windows_expand_args": windows_expand_args, **extra}
        if not standalone_mode:
            return super().main(standalone_mode=False, **kwargs)
        try:
            code = super().main(standalone_mode=False, **kwargs)
        except _ClickUsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `report-compare` alone: the help is the answer
                typer.echo(exc.format_message(), err=True)  # type: ignore[attr-defined]
                sys.exit(2)
            typer.echo(error_line(usage_message(exc)), err=True)
            sys.exit(2)
        except _ClickException as exc:
            typer.echo(error_line(exc.format_message()), err=True)  # type: ignore[attr-defined]
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_bare(super().get_params(ctx))

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


def usage_message(exc: Any) -> str:
    """`<what> — <fix>` of a click usage error: the valid values when there is a fixed set, the
    closest option for an unknown one, else where to look."""
    # "Value error, " is how typer's pydantic-based coercion prefixes a bad choice.
    what = exc.format_message().split(" (Possible options:")[0].replace("Value error, ", "").rstrip(".")
    what = what[:1].lower() + what[1:]
    ctx = getattr(exc, "ctx", None)
    see = f"see `{ctx.command_path if ctx is not None else 'report-compare'} --help`"
    # The valid values are in the message itself (click and typer both write them so), which holds
    # across typer versions whose parameter types differ.
    choices = _CHOICES.search(what)
    if choices:
        return f"{what} — choose one of: {', '.join(_QUOTED.findall(choices.group(1)))}"
    if what.startswith("no such command") and ctx is not None and hasattr(ctx.command, "list_commands"):
        return f"{what} — choose one of: {', '.join(ctx.command.list_commands(ctx))}"
    possible = sorted(getattr(exc, "possibilities", None) or ())
    if possible:
        return f"{what} — did you mean {' or '.join(possible)}? ({see})"
    return f"{what} — {see}"


_CHOICES = re.compile(r"is not one of ((?:'[^']*'(?:, )?)+)")
_QUOTED = re.compile(r"'([^']*)'")


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


class _Command(TyperCommand):
    """A command whose help shows a flag as a flag (`--svg`), not `--svg <bool>`."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _flags_bare(super().get_params(ctx))


def _flags_bare(params: list[Any]) -> list[Any]:
    # typer shows every option's type; a flag takes no value, so it gets an empty metavar.
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
    return params


class App(typer.Typer):
    """The application: every command is a `_Command`, and a parameter of an option group
    (`LimitsOption`, `ReportOption`, `EngineOption`) becomes the group's options
    (compare.cli.common.expand_groups)."""

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None,  # type: ignore[override]
                **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def decorator(f: Callable[..., Any]) -> Callable[..., Any]:
            from compare.cli.common import expand_groups

            help_text = kwargs.pop("help", None) or unwrap(f.__doc__ or "")
            register = super(App, self).command(name, cls=cls or _Command, help=help_text, **kwargs)
            return register(expand_groups(f))

        return decorator


def unwrap(doc: str) -> str:
    """A docstring as help text: each paragraph on one line, so that the help is wrapped to the
    terminal (typer keeps a paragraph's line breaks) and the command list shows the first line."""
    paragraphs = inspect.cleandoc(doc).split("\n\n")
    return "\n\n".join(_join(p.splitlines()) for p in paragraphs)


def _join(lines: list[str]) -> str:
    out = ""
    for line in (x.strip() for x in lines):
        # No space where a line break falls between two Chinese characters (中文 is not spaced).
        cjk = out and _CJK.match(out[-1]) and _CJK.match(line[:1])
        out = f"{out}{'' if cjk or not out else ' '}{line}"
    return out


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version  # here: only --version needs it (start-up time)

        typer.echo(f"report-compare {version('report-compare')}")
        raise typer.Exit(0)


app = App(
    cls=_Group,
    name="report-compare",
    help="Compare annual government reports (法治政府建设年度报告) year over year: structure, indicators, "
         "stated changes, workbooks, charts and section diffs.\n\n"
         "Example: report-compare indicators seeds/beibei_2020_rule_of_law_report.txt",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
    _show_version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Options of every command (the help text is the app's `help`)."""
    ctx.find_root().meta["report_compare.debug"] = debug


# Each command lives in its own module and registers itself on `app` when imported.
from compare.cli import align as _align  # noqa: E402,F401
from compare.cli import audit as _audit  # noqa: E402,F401
from compare.cli import changes as _changes  # noqa: E402,F401
from compare.cli import claims as _claims  # noqa: E402,F401
from compare.cli import compare_cmd as _compare_cmd  # noqa: E402,F401
from compare.cli import diff as _diff  # noqa: E402,F401
from compare.cli import extract as _extract  # noqa: E402,F401
from compare.cli import indicators as _indicators  # noqa: E402,F401
from compare.cli import info as _info  # noqa: E402,F401
from compare.cli import outline as _outline  # noqa: E402,F401


def main() -> None:
    """Console-script entry point."""
    app()
