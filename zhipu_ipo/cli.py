"""The Typer app: its commands are built from the registry in ``commands.py``.

Usage errors become one line on stderr and exit 2 here, at the edge; domain
errors are mapped by ``launcher.guard`` (2 bad input, 1 infeasible).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from typing import Annotated, Any, Callable, Optional

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from . import __version__
from .commands import COMMANDS, CommandSpec, Opt, execute
from .errors import EXIT_BAD_INPUT, InputError
from .launcher import PROG, fail, guard
from .numbers import parse_shares


def typer_parser(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    """Adapt a numbers.py parser so that its one-line message reaches the user."""

    def convert(text: Any) -> Any:
        if not isinstance(text, str):
            return text
        try:
            return parse(text)
        except InputError as error:
            raise typer.BadParameter(str(error)) from None

    convert.__name__ = parse.__name__
    return convert


class Cli(TyperGroup):
    """Runs the app, turning every user error into one stderr line and an exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            return super(Cli, self).main(args=args, prog_name=prog_name or PROG, complete_var=complete_var,
                                         standalone_mode=False, windows_expand_args=windows_expand_args, **extra)

        if not standalone_mode:
            return run()
        sys.exit(guard(lambda: _report_usage(run)))


def _report_usage(run: Callable[[], Any]) -> Any:
    try:
        return run()
    except NoArgsIsHelpError as help_error:
        print(help_error.ctx.get_help() if help_error.ctx else help_error.format_message(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except UsageError as error:
        where = error.ctx.command_path if error.ctx else PROG
        return fail(f"{error.format_message()} (see '{where} --help')", EXIT_BAD_INPUT)
    except ClickException as error:
        return fail(error.format_message(), error.exit_code)


app = typer.Typer(
    name=PROG,
    cls=Cli,
    help="""Exact IPO arithmetic: proceeds, market cap, subscription and clawback, greenshoe.

\b
Examples:
  zhipu-ipo raise --shares 37,419,500 --price 116.20
  zhipu-ipo market-cap --shares 440,230,190 --price 120 --offer-price 116.20
  zhipu-ipo oversubscription --offered 1,871,000 --multiple 1159.46 --price 116.20
  zhipu-ipo greenshoe --shares 37,419,500 --price 116.20 --board-lot 100 --json

Numbers may be typed as 1,234 / 4.3bn / 43億 / HK$116.20 / 15% / 1159.46x.
Exit codes: 0 ok, 1 infeasible request, 2 bad input or usage.""",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(flag: bool) -> None:
    if flag:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", is_eager=True, callback=_show_version, help="Print the version and exit.")
    ] = False,
) -> None:
    """Exact IPO arithmetic."""


def _parameter(opt: Opt) -> inspect.Parameter:
    if opt.is_flag:
        option = typer.Option(opt.flag, help=opt.help, rich_help_panel=opt.panel)
        annotation: Any = Annotated[bool, option]
    else:
        assert opt.parse is not None
        option = typer.Option(opt.flag, parser=typer_parser(opt.parse), metavar=opt.metavar, help=opt.help,
                              rich_help_panel=opt.panel, show_default=False)
        annotation = Annotated[Optional[str], option]
    return inspect.Parameter(opt.dest, inspect.Parameter.KEYWORD_ONLY, default=opt.default, annotation=annotation)


def _add_command(spec: CommandSpec) -> None:
    def command(**values: Any) -> None:
        execute(spec, values)

    command.__name__ = spec.name.replace("-", "_")
    command.__doc__ = spec.help
    command.__signature__ = inspect.Signature([_parameter(opt) for opt in spec.all_options])  # type: ignore[attr-defined]
    app.command(name=spec.name, help=spec.help)(command)


for _spec in COMMANDS.values():
    _add_command(_spec)


BATCH_HELP = """Many calculations at once: JSON Lines on stdin, one JSON line out per line.

\b
Examples:
  echo '{"command": "raise", "shares": "37419500", "price": "116.20"}' | zhipu-ipo batch
  zhipu-ipo batch < scenarios.jsonl > results.jsonl

Each line names a command and its options in snake_case (as in --json
"inputs"); values are strings or numbers, read exactly. Each output line is
the --json envelope, or {"error": ..., "line": N} for a bad line, and
processing goes on. Exit 1 if any line failed. Input longer than one block
(256 KiB, about 4,000 lines) is computed by --jobs worker processes (default:
one per core, at most 8), output still in input order."""


@app.command(name="batch", help=BATCH_HELP)
def batch(
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", parser=typer_parser(parse_shares), metavar="N",
                     help="Worker processes for long input (default: one per core, at most 8; 1 = this process)."),
    ] = None,
) -> None:
    from .batch import main_batch

    raise typer.Exit(main_batch(jobs))
