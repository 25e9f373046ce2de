"""The Typer app: help, --version, usage errors and batch; its commands are built from the registry.

Usage errors become one line on stderr and exit 2 here, at the edge; domain
errors are mapped by ``exits.guard`` (2 bad input, 1 infeasible).
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, Callable, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .batch import BATCH_HELP, parse_jobs
from .errors import EXIT_BAD_INPUT, InputError
from .exits import PROG, fail, guard, say
from .registry import COMMANDS, execute
from .spec import CommandSpec, Opt

# Click's exception classes, reached through the public typer.BadParameter rather than a private module.
_CLICK_ERRORS = {cls.__name__: cls for cls in typer.BadParameter.__mro__}
UsageError: type[Exception] = _CLICK_ERRORS["UsageError"]
ClickException: type[Exception] = _CLICK_ERRORS["ClickException"]


def typer_parser(parse: Callable[[str], Any]) -> Callable[[Any], Any]:
    """Adapt an option parser so that its one-line message reaches the user."""

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
        arguments = list(sys.argv[1:] if args is None else args)

        def run() -> Any:
            return super(Cli, self).main(args=arguments, prog_name=prog_name or PROG, complete_var=complete_var,
                                         standalone_mode=False, windows_expand_args=windows_expand_args, **extra)

        if not standalone_mode:
            return run()
        if not arguments and "_ZHIPU_IPO_COMPLETE" not in os.environ:  # the bare command: its help, on stderr
            with self.make_context(PROG, [], resilient_parsing=True) as context:
                say(context.get_help())
            sys.exit(EXIT_BAD_INPUT)
        sys.exit(guard(lambda: _report_usage(run)))


def _report_usage(run: Callable[[], Any]) -> Any:
    try:
        return run()
    except UsageError as error:
        context = getattr(error, "ctx", None)
        where = context.command_path if context else PROG
        return fail(f"{error.format_message()} (see '{where} --help')", EXIT_BAD_INPUT)  # type: ignore[attr-defined]
    except ClickException as error:
        return fail(error.format_message(), error.exit_code)  # type: ignore[attr-defined]


class OnceCommand(TyperCommand):
    """A command that refuses an option given twice unless it is one meant to repeat (``Opt.repeat``: a list).

    Click keeps the last value of a repeated option; batch refuses a key given twice, and so does the command
    line (the lean launcher hands such a call here). Help given anywhere still wins, as it does over a bad value.
    """

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # (shell completion parses resiliently: it refuses nothing)
            _, _, order = self.make_parser(ctx).parse_args(args=list(args))  # (the parser consumes its list)
            if self.get_help_option(ctx) not in order:
                seen: set[str | None] = set()
                for param in order:
                    if param.name in seen and not param.multiple:
                        flag = max(param.opts, key=len)
                        raise UsageError(f"{flag} is given twice: give it once", ctx)
                    seen.add(param.name)
        return super().parse_args(ctx, args)


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
    add_completion=True,
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
    if opt.parse is None:
        option = typer.Option(opt.flag, help=opt.help)
        annotation: Any = Annotated[bool, option]
        default: Any = False
    else:
        option = typer.Option(opt.flag, parser=typer_parser(opt.parse), metavar=opt.metavar, help=opt.help,
                              show_default=False)
        annotation = Annotated[Optional[list[str]] if opt.repeat else Optional[str], option]
        default = None
    return inspect.Parameter(opt.dest, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def _add_command(spec: CommandSpec) -> None:
    def command(**values: Any) -> None:
        execute(spec, values, read_stdin=lambda limit: sys.stdin.buffer.read(limit))

    command.__name__ = spec.name.replace("-", "_")
    command.__doc__ = spec.help
    command.__signature__ = inspect.Signature([_parameter(opt) for opt in spec.all_options])  # type: ignore[attr-defined]
    app.command(name=spec.name, help=spec.help, cls=OnceCommand)(command)


for _spec in COMMANDS.values():
    _add_command(_spec)


@app.command(name="batch", help=BATCH_HELP, cls=OnceCommand)
def batch(
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", parser=typer_parser(parse_jobs), metavar="N",
                     help="Worker processes for long input (default: one per core, at most 8; at most 64, and "
                          "no more than the cores; 1 = this process)."),
    ] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Answer in long CSV rows line,command,field,value (an error as "
                                                    "field error), under one header, whatever the mix of commands.")] = False,
) -> None:
    from .batch import main_batch

    raise typer.Exit(main_batch(jobs, csv))
