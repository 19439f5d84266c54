"""The help a new user reads first: `--version`, a command list of one line per command, help that
fits an 80-column terminal without a broken word, flags shown as flags, and every example (in each
command's help and in README.md) runs as written from the project root."""

from __future__ import annotations

import re
import shlex
from importlib.metadata import version
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.main import get_command
from typer.testing import CliRunner

from compare.cli import App, app, unwrap
from compare.cli.common import DEFAULT_ENGINE, Engine, EngineOption, LimitsOption, ReportFile, ReportOption
from compare.read.limits import DEFAULT_LIMITS, Limits
from tests.conftest import ROOT

GROUP = get_command(app)
COMMANDS = sorted(GROUP.commands)  # type: ignore[attr-defined]
#: Every help screen: the root's and each command's.
SCREENS = [[], *([name] for name in COMMANDS)]


def _help(args: list[str], columns: int) -> str:
    result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_version_prints_the_installed_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"report-compare {version('report-compare')}\n"
    assert re.fullmatch(r"report-compare \d+\.\d+\.\d+\S*\n", result.stdout)


def test_version_runs_no_command() -> None:
    result = CliRunner().invoke(app, ["--version", "info", "no-such-file.txt"])
    assert result.exit_code == 0 and "Error" not in result.output


def test_the_command_list_has_one_line_per_command() -> None:
    text = _help([], 80)
    panel = text[text.index("Commands"):]
    for name in COMMANDS:
        rows = [line for line in panel.splitlines() if re.match(rf"│ {name}\s", line)]
        assert len(rows) == 1, name
        k = panel.splitlines().index(rows[0])
        following = panel.splitlines()[k + 1]
        # the next line is another command or the panel's end, never a continuation of this one
        assert re.match(r"│ \S|╰", following), (name, following)


@pytest.mark.parametrize("args", SCREENS, ids=lambda a: a[0] if a else "root")
def test_help_fits_80_columns(args: list[str]) -> None:
    for line in _help(args, 80).splitlines():
        assert cell_len(line) <= 80, line


@pytest.mark.parametrize("args", SCREENS, ids=lambda a: a[0] if a else "root")
def test_help_at_80_columns_splits_no_word(args: list[str]) -> None:
    # Every word shown at 80 columns is a whole word of the same help shown without wrapping: a word
    # cut by wrapping ("issu" / "er") or by an ellipsis ("whe…") is not.
    def words(text: str) -> set[str]:
        return set(re.findall(r"[A-Za-z0-9_\-./…]+", text))

    narrow, wide = words(_help(args, 80)), words(_help(args, 400))
    assert narrow <= wide, sorted(narrow - wide)


@pytest.mark.parametrize("args", SCREENS, ids=lambda a: a[0] if a else "root")
def test_flags_are_shown_as_flags(args: list[str]) -> None:
    text = _help(args, 120)
    assert "<bool>" not in text
    assert not re.search(r"--(\w[\w-]*)/--no-\1", text), "a flag shown as --x/--no-x"


def test_each_flag_takes_no_value() -> None:
    flags = {"compare": ["--svg", "--quiet", "--no-cache"], "indicators": ["--raw"], "outline": ["--parts"],
             "diff": ["--all"]}
    for name, wanted in flags.items():
        options = {o for p in GROUP.commands[name].params for o in p.opts if getattr(p, "is_flag", False)}  # type: ignore[attr-defined]
        assert set(wanted) <= options, name


def test_docstring_paragraphs_become_one_line_each() -> None:
    doc = """Summary line.

    A paragraph wrapped
    over lines, 中文
    续行 and more.
    """
    assert unwrap(doc) == "Summary line.\n\nA paragraph wrapped over lines, 中文续行 and more."


# ------------------------------------------------------------------------------------- examples
EXAMPLES = ROOT / "examples"
#: README lines that cannot run on a machine without the service they name.
NEEDS_SERVICE = {"--scheduler": "needs a running Dask scheduler"}


def _help_examples() -> list[str]:
    lines = [GROUP.help or ""] + [GROUP.commands[n].help or "" for n in COMMANDS]  # type: ignore[attr-defined]
    found = [m.group(1).strip() for text in lines for m in re.finditer(r"Example: (report-compare [^\n]+)", text)]
    assert len(found) >= len(COMMANDS)
    return found


def _readme_examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line.startswith("report-compare "):
                found.append(line)
    return found


def _run_example(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for option, reason in NEEDS_SERVICE.items():
        if option in line:
            pytest.skip(reason)
    words = shlex.split(line)
    if any(w.startswith("examples/") for w in words) and not EXAMPLES.is_dir():
        pytest.skip("examples/ (the example corpus) is not in this checkout yet")
    # The project root's inputs, seen from a scratch folder: outputs (--out reports) land there.
    for name in ("seeds", "examples", "tests"):
        if (ROOT / name).exists():
            (tmp_path / name).symlink_to(ROOT / name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*words[1:], *(["--no-cache"] if _caches(words) else [])])
    assert result.exit_code == 0, (line, result.output[-2000:])
    assert result.stdout.strip() or "--out" in words or "-o" in words, line


def _caches(words: list[str]) -> bool:
    # a test leaves the user's cache alone
    return words[1] in ("compare", "changes", "extract") and "--cache" not in words and "--no-cache" not in words


@pytest.mark.parametrize("line", _help_examples())
def test_help_example_runs(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run_example(line, tmp_path, monkeypatch)


@pytest.mark.parametrize("line", _readme_examples())
def test_readme_example_runs(line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run_example(line, tmp_path, monkeypatch)


# --------------------------------------------------------------------------------- option groups
def test_an_option_group_reaches_the_command_as_one_value() -> None:
    seen: dict[str, object] = {}
    mini = App()

    @mini.command()
    def probe(report: ReportOption, engine: EngineOption = DEFAULT_ENGINE) -> None:
        seen.update(report=report, engine=engine)

    @mini.command()
    def other(limits: LimitsOption = DEFAULT_LIMITS) -> None:
        seen.update(limits=limits)

    runner = CliRunner()
    res = runner.invoke(mini, ["probe", "a.txt", "--year", "2021", "--max-pages", "7", "-j", "3", "--no-cache"])
    assert res.exit_code == 0, res.output
    assert seen["report"] == ReportFile(Path("a.txt"), 2021, None, Limits(max_pages=7))
    assert seen["engine"] == Engine(jobs=3, cache=None, no_cache=True, scheduler=None)
    assert runner.invoke(mini, ["other", "--max-chars", "5"]).exit_code == 0
    assert seen["limits"] == Limits(max_chars=5)


def test_every_file_reading_command_has_the_same_four_limits() -> None:
    limits = {"--max-chars": DEFAULT_LIMITS.max_chars, "--max-file-mb": DEFAULT_LIMITS.max_file_mb,
              "--max-unpacked-mb": DEFAULT_LIMITS.max_unpacked_mb, "--max-pages": DEFAULT_LIMITS.max_pages}
    for name in ("info", "outline", "indicators", "claims", "align", "diff", "changes", "compare", "extract", "audit"):
        options = {o: p for p in GROUP.commands[name].params for o in p.opts}  # type: ignore[attr-defined]
        for option, default in limits.items():
            assert options[option].default == default, (name, option)
