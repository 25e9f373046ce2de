"""Regenerate the command output shown in the docs, the CLI reference docs/cli.md, and the compiled presets.

Run:  python docs/generate.py          (rewrite the files)
      python docs/generate.py --check  (exit 1 if any is stale; tests/test_docs.py does the same)

In README.md and every docs/*.md, in each ```console block, each line
``$ zhipu-ipo ARGS`` is run (in process, through the console entry point, as
the tests run it) and the lines after it are replaced by what it prints on
stdout, then stderr, then ``[exit N]`` if it is not 0. ``$ zhipu-ipo ARGS < FILE``
feeds FILE (relative to the repository) on stdin. docs/cli.md is the --help of
the app and of every command. ``$ zhipu-ipo ARGS | jq -r .PATH`` shows the value
at a plain path of the JSON output, as jq would print it; ``| head -N`` its first N lines.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CLI_REFERENCE = ROOT / "docs" / "cli.md"
DEAL_REFERENCE = ROOT / "docs" / "deal-file.md"
PROMPT = "$ zhipu-ipo "
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "FORCE_COLOR": None}


def run(args: list[str], stdin: str | None = None, jq: str = "") -> str:
    """What a terminal shows: stdout (or, with ``jq``, the value at that path of it), then stderr, then the exit code."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import invoke

    result = invoke(*args, env=ENV, input=stdin)
    text = (jq_path(result.stdout, jq) if jq and result.stdout else result.stdout) + result.stderr
    if result.code:
        text += f"[exit {result.code}]\n"
    return text


def jq_path(text: str, path: str) -> str:
    """What ``jq -r PATH`` prints for a plain path such as ``.result.market_cap``."""
    import json

    found = json.loads(text)
    for key in path.strip().lstrip(".").split("."):
        found = found[key]
    return (found if isinstance(found, str) else json.dumps(found)) + "\n"


def run_line(command: str) -> str:
    """The output of a documented command line: ``ARGS``, ``ARGS < FILE``, ``ARGS | jq -r .PATH``, ``ARGS | head -N``."""
    command, _, head = command.partition(" | head -")
    if head:
        return "".join(run_line(command).splitlines(keepends=True)[:int(head)])
    command, _, jq = command.partition(" | jq -r ")
    stdin = None
    if " < " in command:
        command, _, source = command.partition(" < ")
        stdin = (ROOT / source.strip()).read_text(encoding="utf-8")
    return run(shlex.split(command), stdin, jq)


def python_output(code: str, namespace: dict) -> list[str]:
    """What the Python prompt shows for one ``>>>`` line: an expression's repr, or what a statement prints."""
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        try:
            shown = eval(compile(code, "<docs>", "eval"), namespace)
            if shown is not None:
                print(repr(shown))
        except SyntaxError:
            exec(compile(code, "<docs>", "exec"), namespace)
        except Exception as error:  # the docs show an error as the prompt would, last line only
            print(f"{type(error).__module__}.{type(error).__name__}: {error}".removeprefix("builtins."))
    return printed.getvalue().rstrip("\n").splitlines()


def refresh_console_blocks(text: str) -> str:
    out: list[str] = []
    lines = text.splitlines()
    index = 0
    in_console = in_python = False
    namespace: dict = {}
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if line.startswith("```pycon"):
            in_python = True
        elif in_python and line.startswith(">>> "):
            code = [line[4:]]
            while index < len(lines) and lines[index].startswith("... "):
                code.append(lines[index][4:])
                out.append(lines[index])
                index += 1
            out.extend(python_output("\n".join(code) + ("\n" if len(code) > 1 else ""), namespace))
            while index < len(lines) and not lines[index].startswith((">>> ", "```")):
                index += 1
        elif line.startswith("```console"):
            in_console = True
        elif line.startswith("```"):
            in_console = in_python = False
        elif in_console and line.startswith(PROMPT):
            # trailing spaces go (a table's padding); a tab stays: a TSV row's empty last fields are fields
            out.extend(item.rstrip(" ") for item in run_line(line[len(PROMPT):]).rstrip("\n").splitlines())
            while index < len(lines) and not lines[index].startswith(("$ ", "```")):
                index += 1
    return "\n".join(out) + "\n"


def cli_reference() -> str:
    from zhipu_ipo.registry import COMMANDS

    parts = [
        "# zhipu-ipo command reference",
        "",
        "Generated from `--help` by `python docs/generate.py`; `tests/test_docs.py` fails when it is stale.",
        "",
        "## zhipu-ipo",
        "",
        "```text",
        run(["--help"]).rstrip(),
        "```",
    ]
    for name in [*COMMANDS, "batch"]:
        parts += ["", f"## zhipu-ipo {name}", "", "```text", run([name, "--help"]).rstrip(), "```"]
    return "\n".join(line.rstrip() for line in "\n".join(parts).splitlines()) + "\n"


DEAL_INTRO = """# The deal file

Generated from the code by `python docs/generate.py`; `tests/test_docs.py` fails when it is stale.

A deal is one IPO: what is known about it, in a TOML file. Every command whose inputs a deal
can hold takes `--preset NAME` (a deal shipped with the package, by name or stock code: see
`zhipu-ipo presets`) or `--file deal.toml`, and fills each option not given from it; an option
given on the command line wins, and a note on stderr names the deal value it overrode. A batch
line takes `"preset"` or `"file"` the same way. Values are strings in any form the command line
accepts (`"37,419,500"`, `"43億"`, `"15%"`, `"1159.46x"`) or whole numbers; an unknown section or
key, or a bad value, is one error line naming the file and the key. `zhipu-ipo report --file
deal.toml` answers the whole deal. A deal file's `[ballot] table` is a CSV path relative to the
file (or the CSV text itself) and is used by every command that reads a table.

The shortest deal file:

```toml
[offer]
shares = "37,419,500"
price = "116.20"
board_lot = 100

[ipo]
listing_date = "2026-01-08"
```
"""


def deal_reference() -> str:
    from zhipu_ipo.deal import DEAL_KEYS
    from zhipu_ipo.dealfill import source_text
    from zhipu_ipo.registry import COMMANDS

    parts = [DEAL_INTRO, "## Keys", ""]
    for section, keys in DEAL_KEYS.items():
        parts += [f"### [{section}]", "", "| key | what it is |", "|---|---|"]
        parts += [f"| `{key}` | {entry.help} |" for key, entry in keys.items()]
        parts.append("")
    parts += ["## Which option each key fills", "",
              "Each option keeps its command's meaning (`--price` is the sale price in `sell` and the offer "
              "price in `entry-fee`); where several keys are listed, the first the deal holds is used.", "",
              "| command | option | deal key |", "|---|---|---|"]
    for name, spec in COMMANDS.items():
        for opt in spec.all_options:
            if opt.deal:
                keys = "; else ".join(source_text(source) for source in opt.deal)
                parts.append(f"| `{name}` | `{opt.flag}` | {keys} |")
    return "\n".join(parts) + "\n"


def pages_with_examples() -> list[Path]:
    generated = (CLI_REFERENCE, DEAL_REFERENCE)
    return [README, *sorted(path for path in (ROOT / "docs").glob("*.md") if path not in generated)]


def expected_files() -> dict[Path, str]:
    files = {path: refresh_console_blocks(path.read_text(encoding="utf-8")) for path in pages_with_examples()}
    files[CLI_REFERENCE] = cli_reference()
    files[DEAL_REFERENCE] = deal_reference()
    files.update(compiled_presets())
    return files


def compiled_presets() -> dict[Path, str]:
    """Each preset's document as JSON, which the package reads instead of the TOML (faster to load)."""
    from zhipu_ipo.deal import PRESETS_DIR, compiled_path, compiled_preset, preset_names

    found = {}
    for name in preset_names():
        toml = Path(PRESETS_DIR) / f"{name}.toml"
        found[Path(compiled_path(str(toml)))] = compiled_preset(toml.read_text(encoding="utf-8"), f"preset {name}")
    return found


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    stale = []
    for path, text in expected_files().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if "--check" in sys.argv:
            stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        sys.exit(f"stale: {', '.join(stale)} (run python docs/generate.py)")


if __name__ == "__main__":
    main()
