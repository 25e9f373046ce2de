"""Docs that cannot go stale: every console example and docs/cli.md are regenerated and compared; links resolve."""

import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "docs" / "generate.py"
README_LIMIT = 12 * 1024


def load_generator():
    spec = importlib.util.spec_from_file_location("docs_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATED = load_generator().expected_files()


@pytest.mark.parametrize("path", sorted(GENERATED), ids=lambda path: str(path.relative_to(ROOT)))
def test_generated_docs_are_fresh(path):
    assert path.read_text(encoding="utf-8") == GENERATED[path], f"{path.name} is stale: run python docs/generate.py"


def test_the_reference_shows_every_command():
    from conftest import command_names

    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in command_names():
        assert f"## zhipu-ipo {command}\n" in reference, command


def test_readme_is_a_landing_page():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= README_LIMIT
    assert "pip install" in readme and "python -m pytest" in readme


@pytest.mark.parametrize("path", [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))], ids=lambda p: p.name)
def test_every_relative_link_resolves(path):
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (path.parent / target).exists(), (path.name, target)
