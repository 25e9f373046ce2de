"""The house rules of the code, checked: arrows run one way, no import circle, no private or string imports."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "zhipu_ipo"
#: What a calculation module may import from the package: the bottom layer and other calculations.
CALCULATION_MAY_IMPORT = {"zhipu_ipo.numbers", "zhipu_ipo.number_words", "zhipu_ipo.records", "zhipu_ipo.tuples",
                          "zhipu_ipo.errors", "zhipu_ipo.rules", "zhipu_ipo.fees"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every project module that a file imports, at the top or inside a function."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.startswith("zhipu_ipo"):
                for alias in node.names:  # "from . import numbers" names a module
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if candidate in MODULES else target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("zhipu_ipo")}
    return {name for name in found if name != here}


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(path) for path in FILES}
GRAPH = {module_name(path): imports(path) for path in FILES}


def test_no_module_imports_one_that_imports_it_back():
    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for nxt in GRAPH.get(node, ()):
                if nxt == start:
                    return trail + [start]
                if nxt not in trail and len(trail) < len(GRAPH):
                    stack.append((nxt, trail + [nxt]))
        return None

    cycles = [cycle for name in GRAPH if (cycle := cycle_from(name))]
    assert cycles == [], cycles[0]


def test_calculations_import_only_the_bottom_layer_and_each_other():
    for name, targets in GRAPH.items():
        if name.startswith("zhipu_ipo.calc."):
            wrong = {target for target in targets
                     if target not in CALCULATION_MAY_IMPORT and not target.startswith("zhipu_ipo.calc")}
            assert not wrong, (name, wrong)


def test_the_fees_module_does_not_import_the_offer_calculations():
    assert "zhipu_ipo.calc.offer" not in GRAPH["zhipu_ipo.calc.fees"] | GRAPH["zhipu_ipo.fees"]


def test_no_private_or_string_dispatched_imports():
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for needle in ("import_module", "typer._", "click.", "json.encoder", "json.scanner", "__import__"):
            assert needle not in text, (path.name, needle)


def test_each_command_names_its_calculation_directly():
    from zhipu_ipo.registry import COMMANDS

    for spec in COMMANDS.values():
        assert callable(spec.calculate) and not isinstance(spec.calculate, str), spec.name


def test_every_option_is_a_keyword_of_its_calculation():
    """An option a command offers reaches its calculation under the same name, or is the edge's own."""
    import inspect

    from zhipu_ipo.registry import COMMANDS
    from zhipu_ipo.spec import EDGE_OPTIONS

    for spec in COMMANDS.values():
        parameters = inspect.signature(spec.calculate).parameters
        keywords = {name for name, parameter in parameters.items() if parameter.kind is parameter.KEYWORD_ONLY}
        offered = {opt.dest for opt in spec.all_options} - EDGE_OPTIONS
        assert offered <= keywords, (spec.name, sorted(offered - keywords))
        if spec.reads_table:
            assert {"table_text", "table_name"} <= keywords, spec.name
        assert ("deal" in keywords) == spec.takes_deal, spec.name
        assert ("deals" in keywords) == (spec.takes_presets or spec.takes_deals), spec.name


def test_only_the_front_ends_touch_stdin():
    front_ends = {"launcher.py", "cli.py"}
    for path in FILES:
        if "sys.stdin" in path.read_text(encoding="utf-8"):
            assert path.name in front_ends or path.parent.name == "batch", path


def test_no_module_passes_450_lines():
    for path in FILES:
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 450, path


def test_the_registry_only_maps_commands_to_their_families():
    assert len((PACKAGE / "registry.py").read_text(encoding="utf-8").splitlines()) <= 300


def test_a_deal_key_is_read_by_the_parser_of_the_option_it_fills():
    """One set of parsers: a value means the same in a deal file, on the command line and in a batch line."""
    from zhipu_ipo import numbers
    from zhipu_ipo.deal import DEAL_KEYS
    from zhipu_ipo.registry import COMMANDS

    narrower = {(numbers.parse_price, numbers.parse_price_or_range)}  # a single price fills a price-or-range option
    for spec in COMMANDS.values():
        for opt in spec.all_options:
            for source in opt.deal:
                if isinstance(source, str) and source != "ballot.table":
                    section, _, key = source.partition(".")
                    read = DEAL_KEYS[section][key].parse
                    assert read is opt.parse or (read, opt.parse) in narrower, (spec.name, opt.dest, source)


def test_output_options_are_off_unless_given_so_compute_checks_them_only_then():
    """``registry.compute`` checks the output options against each other only when one is given: that holds
    because none has a default that turns it on and no deal or broker profile fills one."""
    from zhipu_ipo.registry import COMMANDS
    from zhipu_ipo.spec import OUTPUT_CHECKED

    for spec in COMMANDS.values():
        for opt in spec.all_options:
            if opt.dest in OUTPUT_CHECKED:
                assert not opt.default and not opt.deal, (spec.name, opt.dest)
