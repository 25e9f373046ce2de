"""Scenario files: the TOML format `report` reads, its limits, and the presets shipped with the package.

A scenario is read with ``tomllib`` (floats kept as their exact text) and every
value goes through the same parser as the command line, so ``"37,419,500"``,
``37419500`` and ``"3741.95萬"`` all work. Unknown sections or keys, missing
required keys and bad values are refused with the file and the key named.
Only a regular file of at most ``MAX_SCENARIO_BYTES`` is read (not a FIFO, a
device or a directory), so a hostile path can neither hang nor exhaust memory.
"""

from __future__ import annotations

from typing import Any, Callable

from . import numbers
from .fees import parse_fee_rounding, parse_fee_schedule
from .errors import InputError, legible, shown
from .formatting import parse_currency
from .rules import parse_clawback_base, parse_ladder_text, parse_reallocation, parse_regime, parse_upsize_to

#: The largest scenario file read (a real one is about 1 KB).
MAX_SCENARIO_BYTES = 1 << 20

# section -> key -> parser; REQUIRED lists the keys a scenario must have.
SCENARIO_KEYS: dict[str, dict[str, Callable[[str], Any]]] = {
    "ipo": {"name": str, "code": str, "listing_date": str, "currency": parse_currency, "sources": str},
    "offer": {"shares": numbers.parse_shares, "price": numbers.parse_price_or_range, "final_price": numbers.parse_price,
              "board_lot": numbers.parse_shares,
              "expenses": numbers.parse_amount_or_zero, "net_proceeds": numbers.parse_amount,
              "shares_in_issue": numbers.parse_shares, "upsize": numbers.parse_shares, "upsize_to": parse_upsize_to,
              "preferential": numbers.parse_shares},
    "market": {"price": numbers.parse_price},
    "public": {"regime": parse_regime, "initial_shares": numbers.parse_shares, "multiple": numbers.parse_multiple,
               "applied": numbers.parse_count, "applications": numbers.parse_count,
               "successful": numbers.parse_count, "public_pct": numbers.parse_percent, "ladder": parse_ladder_text,
               "initial_pct": numbers.parse_percent, "clawback_base": parse_clawback_base,
               "reallocate": parse_reallocation},
    "international": {"offered": numbers.parse_shares, "multiple": numbers.parse_multiple,
                      "applied": numbers.parse_count},
    "greenshoe": {"pct": numbers.parse_percent, "over_allotted": numbers.parse_count,
                  "buyback": numbers.parse_count, "exercised": numbers.parse_count, "resold": numbers.parse_count},
    "fees": {"schedule": parse_fee_schedule, "rounding": parse_fee_rounding},
    "sale": {"price": numbers.parse_price, "date": numbers.parse_date, "shares": numbers.parse_shares, "venue": str},
    "financing": {"amount": numbers.parse_amount, "financed": numbers.parse_amount, "deposit": str,
                  "leverage": numbers.parse_multiple, "rate": numbers.parse_percent, "days": numbers.parse_count,
                  "start": numbers.parse_date, "end": numbers.parse_date, "basis": numbers.parse_count,
                  "handling_fee": numbers.parse_amount_or_zero},
    # `ballot --file`: table is a CSV path (relative to the scenario file) or the CSV text itself
    "ballot": {"table": str, "max_price": numbers.parse_price, "pool_a": numbers.parse_shares,
               "pool_b": numbers.parse_shares, "public_shares": numbers.parse_shares},
}
REQUIRED = (("offer", "shares"), ("offer", "price"))

Scenario = dict[str, dict[str, Any]]


def parse_path(text: str) -> str:
    if not text.strip():
        raise InputError("empty file name")
    return text


def parse_preset_name(text: str) -> str:
    name = text.strip().lower()
    if not name or not name.replace("-", "").replace("_", "").isalnum() or not name.isascii():
        raise InputError(f"{shown(text)} is not a preset name")
    return name


def preset_names() -> list[str]:
    from importlib.resources import files

    return sorted(item.name[:-5] for item in files("zhipu_ipo").joinpath("presets").iterdir()
                  if item.name.endswith(".toml"))


def preset_text(name: str) -> str:
    from importlib.resources import files

    if name not in preset_names():
        raise InputError(f"no preset {shown(name)}: choose one of {', '.join(preset_names())} (see 'zhipu-ipo presets')")
    return files("zhipu_ipo").joinpath("presets", f"{name}.toml").read_text(encoding="utf-8")


def read_scenario_file(file: str) -> str:
    """The text of a scenario file: a regular file of at most MAX_SCENARIO_BYTES, or one clear InputError."""
    from .textfiles import read_text_file

    return read_text_file(file, MAX_SCENARIO_BYTES, "a scenario file (TOML)")


def _convert(where: str, key: str, raw: Any, parse: Callable[[str], Any]) -> Any:
    if key == "sources":
        if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
            raise InputError(f"{where} sources: give a list of strings")
        return list(raw)
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise InputError(f"{where} {key}: give a string or a whole number, not {type(raw).__name__}")
    try:
        return parse(str(raw))
    except InputError as error:
        raise InputError(f"{where} {key}: {error}") from None


def parse_scenario(text: str, origin: str) -> Scenario:
    """Check and convert a TOML scenario; every message names ``origin`` and the key."""
    import tomllib

    try:
        document = tomllib.loads(text, parse_float=str)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{origin}: not valid TOML: {error}") from None
    except RecursionError:
        raise InputError(f"{origin}: not valid TOML: nested too deeply") from None
    except ValueError as error:  # an integer too long to convert, say
        raise InputError(f"{origin}: not valid TOML: {error}") from None
    scenario: Scenario = {}
    for section, body in document.items():
        known = SCENARIO_KEYS.get(section)
        if known is None:
            raise InputError(f"{origin}: unknown section [{legible(section)}] (known: {', '.join(SCENARIO_KEYS)})")
        if not isinstance(body, dict):
            raise InputError(f"{origin}: [{section}] must be a table of keys")
        where = f"{origin}: [{section}]"
        for key, raw in body.items():
            if key not in known:
                raise InputError(f"{where} {legible(key)} is not a known key (known: {', '.join(known)})")
            scenario.setdefault(section, {})[key] = _convert(where, key, raw, known[key])
    for section, key in REQUIRED:
        if key not in scenario.get(section, {}):
            raise InputError(f"{origin}: [{section}] {key} is missing")
    return scenario


def load_scenario(file: str | None, preset: str | None) -> tuple[Scenario, str]:
    """The scenario from --file or --preset (exactly one), and where it came from."""
    if (file is None) == (preset is None):
        raise InputError("give --file scenario.toml or --preset NAME (see 'zhipu-ipo presets')")
    if preset is not None:
        return parse_scenario(preset_text(preset), f"preset {preset}"), f"preset {preset}"
    assert file is not None
    origin = legible(file)
    return parse_scenario(read_scenario_file(file), origin), origin
