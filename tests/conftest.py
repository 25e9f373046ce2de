"""Shared test set-up: floats trapped, real cases loaded, CLI helpers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import FloatOperation, getcontext
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from zhipu_ipo.cli import app

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

    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


class Run:
    """What one CLI invocation produced."""

    def __init__(self, code: int, stdout: str, stderr: str):
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)


def invoke(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Run:
    """Run the Typer app in-process (CliRunner), with stdout and stderr kept apart."""
    result = CliRunner().invoke(app, list(args), env=env, input=input)
    return Run(result.exit_code, result.stdout, result.stderr)


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
