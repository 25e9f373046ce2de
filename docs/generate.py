"""Regenerate the command output shown in README.md and the CLI reference docs/cli.md.

Run:  python docs/generate.py          (rewrite the files)
      python docs/generate.py --check  (exit 1 if either is stale; tests/test_docs.py does the same)

README: in every ```console block, each line ``$ zhipu-ipo ARGS`` is run (in
process, through the Typer app) and the lines after it are replaced by what it
prints on stdout, stderr after it, then ``[exit N]`` if it is not 0.
docs/cli.md: the --help of the app and of every command.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CLI_REFERENCE = ROOT / "docs" / "cli.md"
PROMPT = "$ zhipu-ipo "


def run(args: list[str], stdin: str | None = None) -> str:
    from typer.testing import CliRunner

    from zhipu_ipo.cli import app

    result = CliRunner().invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "100"}, input=stdin)
    text = result.stdout + result.stderr
    if result.exit_code:
        text += f"[exit {result.exit_code}]\n"
    return text


def refresh_readme(text: str) -> str:
    out: list[str] = []
    lines = text.splitlines()
    index = 0
    in_console = False
    while index < len(lines):
        line = lines[index]
        out.append(line)
        index += 1
        if line.startswith("```console"):
            in_console = True
        elif line.startswith("```"):
            in_console = False
        elif in_console and line.startswith(PROMPT):
            command = line[len(PROMPT):]
            stdin = None
            if " < " in command:
                command, _, source = command.partition(" < ")
                stdin = (ROOT / source.strip()).read_text(encoding="utf-8")
            out.extend(item.rstrip() for item in run(shlex.split(command), stdin).rstrip("\n").splitlines())
            while index < len(lines) and not lines[index].startswith(("$ ", "```")):
                index += 1
    return "\n".join(out) + "\n"


def cli_reference() -> str:
    from zhipu_ipo.commands import COMMANDS

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
    for name in COMMANDS:
        parts += ["", f"## zhipu-ipo {name}", "", "```text", run([name, "--help"]).rstrip(), "```"]
    return "\n".join(line.rstrip() for line in "\n".join(parts).splitlines()) + "\n"


def expected_files() -> dict[Path, str]:
    return {README: refresh_readme(README.read_text(encoding="utf-8")), CLI_REFERENCE: cli_reference()}


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    stale = []
    for path, text in expected_files().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if "--check" in sys.argv:
            stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        sys.exit(f"stale: {', '.join(stale)} (run python docs/generate.py)")


if __name__ == "__main__":
    main()
