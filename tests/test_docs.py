"""Docs that cannot go stale: README command output and docs/cli.md are regenerated and compared."""

import importlib.util
import re
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "docs" / "generate.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("docs_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["README.md", "cli.md"])
def test_generated_docs_are_fresh(name):
    generator = load_generator()
    for path, expected in generator.expected_files().items():
        if path.name == name:
            assert path.read_text(encoding="utf-8") == expected, f"{name} is stale: run python docs/generate.py"
            return
    pytest.fail(f"{name} is not generated")


def test_readme_shows_every_command():
    from conftest import command_names

    readme = (GENERATOR.parent.parent / "README.md").read_text(encoding="utf-8")
    for command in command_names():
        assert re.search(rf"^\$ zhipu-ipo {command}( |$)", readme, re.MULTILINE), command
