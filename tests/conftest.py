"""Shared test set-up: floats trapped, real cases loaded, CLI helpers."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from decimal import FloatOperation, getcontext
from pathlib import Path
from typing import Any

import pytest

from zhipu_ipo.launcher import main

CASES_FILE = Path(__file__).parent / "cases" / "hk_ipo_public_cases.json"


@pytest.fixture(autouse=True)
def trap_floats():
    """Any float that leaks into Decimal arithmetic raises instead of rounding silently."""
    context = getcontext()
    before = context.traps[FloatOperation]
    context.traps[FloatOperation] = True
    yield
    context.traps[FloatOperation] = before


def load_cases() -> dict[str, dict[str, Any]]:
    return {case["id"]: case for case in json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]}


CASES = load_cases()


def command_names() -> list[str]:
    """Every subcommand of the app, as Typer registered it."""
    import typer.main

    from zhipu_ipo.cli import app

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


class Run:
    """What one CLI invocation produced."""

    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)


def invoke(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Run:
    """Run the console entry point (the launcher, as the installed script does) in-process.

    stdin, stdout and stderr are byte-backed text streams (batch reads and writes
    bytes), kept apart; ``env`` sets (or, with None, removes) variables for the run.
    """
    streams = [io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")]
    streams += [io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True) for _ in range(2)]
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_env = {name: os.environ.get(name) for name in (env or {})}
    for name, setting in (env or {}).items():
        _set_env(name, setting)
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        main(list(args))
        code = 0
    except SystemExit as exited:
        code = exited.code if isinstance(exited.code, int) else (0 if exited.code is None else 1)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        for name, setting in saved_env.items():
            _set_env(name, setting)
    out, err = (stream.buffer.getvalue().decode("utf-8") for stream in streams[1:])  # type: ignore[attr-defined]
    return Run(code, out, err)


def invoke_typer(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> Run:
    """Run the Typer app itself (CliRunner): only where Typer's own behaviour is the subject."""
    from typer.testing import CliRunner

    from zhipu_ipo.cli import app

    result = CliRunner().invoke(app, list(args), env=env, input=input)
    return Run(result.exit_code, result.stdout, result.stderr)


def _set_env(name: str, setting: str | None) -> None:
    if setting is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = setting


def entry_point() -> list[str]:
    """The installed console script, next to the running interpreter (or on PATH)."""
    beside = Path(sys.executable).parent / "zhipu-ipo"
    found = str(beside) if beside.exists() else shutil.which("zhipu-ipo")
    if not found:
        pytest.fail("the zhipu-ipo console script is not installed: pip install '.[test]'")
    return [found]


def run_installed(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Run:
    """Run the installed zhipu-ipo script in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(entry_point() + list(args), capture_output=True, text=True, env=full_env,
                          input=stdin, timeout=60, encoding="utf-8")
    return Run(done.returncode, done.stdout, done.stderr)
