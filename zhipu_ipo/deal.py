"""The deal: one typed record of what is known about an IPO, loaded from a preset or a TOML deal file.

A deal file is TOML (floats kept as their exact text); every value goes through the
same parser as the option it fills, so ``"37,419,500"``, ``37419500`` and
``"3741.95萬"`` all work. Unknown sections or keys and bad values are refused with
the file and the key named, never an option. Only a regular file of at most
``MAX_DEAL_BYTES`` is read. ``DEAL_KEYS`` is the one list of keys: the loader, the
option-to-key table of ``docs/deal-file.md`` and the checks all read it.
"""

from __future__ import annotations

import os
from dataclasses import field, replace
from decimal import Decimal

from .tuples import named_tuple
from . import numbers
from .errors import InputError, legible, shown
from .fees import parse_fee_rounding, parse_fee_schedule
from .formatting import parse_currency
from .records import record
from .parsers import parse_basis, parse_deposit, parse_leverage, parse_venue
from .rules import (parse_clawback_base, parse_ladder_text, parse_preferential_from, parse_reallocation, parse_regime,
                    parse_upsize_to)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable, Mapping

#: The largest deal file read (a real one is about 2 KB).
MAX_DEAL_BYTES = 1 << 20
#: A whole number in TOML is refused from this many digits on, as the number parser refuses a longer value.
LONGEST_INTEGER = 10 ** numbers.MAX_TEXT_LENGTH
PRESETS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "presets")


def _text(text: str) -> str:
    return text


def _code(text: str) -> str:
    """A stock code, digits only: 2513 and 02513 are the same code (kept as written)."""
    code = text.strip()
    if not code.isdigit() or not code.isascii() or len(code) > 6:
        raise InputError(f"{shown(text)} is not a stock code (digits, e.g. 2513 or 02513)")
    return code


class Key(named_tuple("Key", "parse help")):
    __slots__ = ()
    parse: Callable[[str], Any]
    help: str


SOURCES_KEY = Key(_text, "Where the figures come from: a list of URLs or citations (strings).")
SIZES_KEY = Key(numbers.parse_shares, "The application sizes an applicant may choose, in shares (a list).")

#: section -> key -> (parser, what it is). Every key a deal file may hold.
DEAL_KEYS: dict[str, dict[str, Key]] = {
    "ipo": {
        "name": Key(_text, "Company name."),
        "code": Key(_code, "Stock code (2513 and 02513 are the same)."),
        "listing_date": Key(numbers.parse_date, "First day of dealings (YYYY-MM-DD): the sale date unless [sale] date."),
        "application_close": Key(numbers.parse_date, "The last day to apply (YYYY-MM-DD)."),
        "results_date": Key(numbers.parse_date, "The day the allotment results are published (YYYY-MM-DD)."),
        "currency": Key(parse_currency, "Currency of the offer (default HKD)."),
        "sources": SOURCES_KEY,
    },
    "offer": {
        "shares": Key(numbers.parse_shares, "Offer shares, before the greenshoe and before any upsize."),
        "price": Key(numbers.parse_price_or_range, "The offer price, or the indicative range LOW..HIGH."),
        "final_price": Key(numbers.parse_price, "With a range: the final offer price."),
        "max_price": Key(numbers.parse_price, "The maximum offer price applicants pay (default: the top of the range, "
                                              "else the price)."),
        "board_lot": Key(numbers.parse_shares, "Shares per board lot."),
        "expenses": Key(numbers.parse_amount_or_zero, "Listing expenses."),
        "net_proceeds": Key(numbers.parse_amount, "Announced net proceeds (expenses = gross - net)."),
        "shares_in_issue": Key(numbers.parse_shares, "All shares in issue at listing, for the market cap."),
        "upsize": Key(numbers.parse_shares, "Shares added by the offer size adjustment option."),
        "upsize_to": Key(parse_upsize_to, "Where the upsize shares go: placing, pro-rata or public."),
        "preferential": Key(numbers.parse_shares, "A preferential or employee tranche taken before the split."),
        "preferential_from": Key(parse_preferential_from, "Where the preferential tranche comes from: offer (before "
                                 "the split, default) or international (carved out of the international offering)."),
        "preferential_taken": Key(numbers.parse_count, "Preferential shares taken up; the rest go back to the "
                                  "international offering."),
        "application_sizes": SIZES_KEY,
    },
    "public": {
        "regime": Key(parse_regime, "Reallocation regime: pn18, 18c, mechanism-a or mechanism-b."),
        "initial_shares": Key(numbers.parse_shares, "Public tranche initially offered."),
        "multiple": Key(numbers.parse_multiple, "Public subscription multiple as announced."),
        "applied": Key(numbers.parse_count, "Public shares validly applied for."),
        "applications": Key(numbers.parse_count, "Valid applications."),
        "successful": Key(numbers.parse_count, "Successful applications."),
        "public_pct": Key(numbers.parse_percent, "Mechanism B: the fixed public tranche, % of the offer."),
        "ladder": Key(parse_ladder_text, "The deal's own clawback ladder, M:P,..."),
        "initial_pct": Key(numbers.parse_percent, "Initial public tranche, % of the offer."),
        "clawback_base": Key(parse_clawback_base, "With an upsize: which offer a band's % is of (initial|upsized)."),
        "reallocate": Key(parse_reallocation, "Placing shares moved to the public tranche (N or P%), HKEX-GL91-18."),
    },
    "international": {
        "offered": Key(numbers.parse_shares, "International (placing) shares offered."),
        "multiple": Key(numbers.parse_multiple, "International subscription multiple as announced."),
        "applied": Key(numbers.parse_count, "International shares demanded."),
    },
    "cornerstone": {
        "shares": Key(numbers.parse_count, "Shares placed with cornerstone investors."),
    },
    "float": {
        "shares_in_issue": Key(numbers.parse_shares, "Shares of the listed class in issue (default: [offer] "
                                                     "shares_in_issue)."),
        "public_shares": Key(numbers.parse_count, "Shares held by the public at listing."),
    },
    "greenshoe": {
        "pct": Key(numbers.parse_percent, "Option size, % of the offer (default 15%)."),
        "over_allotted": Key(numbers.parse_count, "Shares over-allotted."),
        "buyback": Key(numbers.parse_count, "Shares bought in stabilisation."),
        "exercised": Key(numbers.parse_count, "Option shares exercised."),
        "resold": Key(numbers.parse_count, "Shares bought in stabilisation and sold again."),
    },
    "market": {
        "price": Key(numbers.parse_price, "A trading price: the report's market cap and the default sale price."),
        "open": Key(numbers.parse_price, "First-day opening price."),
        "close": Key(numbers.parse_price, "First-day closing price."),
        "index_return": Key(numbers.parse_signed_percent, "The benchmark's change on the first day, signed."),
        "grey_price": Key(numbers.parse_price, "Grey-market price the evening before listing."),
    },
    "ballot": {
        "table": Key(_text, "The basis-of-allotment table: a CSV path relative to this file, or the CSV text."),
        "max_price": Key(numbers.parse_price, "The price the HK$5m pool boundary is reckoned at (default: [offer] "
                                              "max_price)."),
        "pool_a": Key(numbers.parse_shares, "Pool A size."),
        "pool_b": Key(numbers.parse_shares, "Pool B size."),
        "public_shares": Key(numbers.parse_shares, "Final public tranche."),
    },
    "fees": {
        "schedule": Key(parse_fee_schedule, "Entry-fee schedule: hkex-2023, hkex-2022 or hkex-2014."),
        "rounding": Key(parse_fee_rounding, "Round each fee to the cent (each) or the total (total)."),
    },
    "sale": {
        "shares": Key(numbers.parse_shares, "Shares sold: the position (default one board lot)."),
        "price": Key(numbers.parse_price, "Sale price (in the report, default [market] price)."),
        "date": Key(numbers.parse_date, "Trade date (default [ipo] listing_date)."),
        "venue": Key(parse_venue, "exchange or grey."),
    },
    "financing": {
        "shares": Key(numbers.parse_shares, "Shares applied for with financing (default: the position sold)."),
        "amount": Key(numbers.parse_amount, "Subscription amount (default: the amount payable for those shares)."),
        "financed": Key(numbers.parse_amount, "The amount financed."),
        "deposit": Key(parse_deposit, "Own money put down: a percentage (10%) or an amount."),
        "leverage": Key(parse_leverage, "Amount over deposit: 10x means a 10% deposit."),
        "rate": Key(numbers.parse_percent, "Annual interest rate."),
        "days": Key(numbers.parse_count, "Days charged."),
        "start": Key(numbers.parse_date, "First day charged."),
        "end": Key(numbers.parse_date, "The day interest stops, not charged."),
        "basis": Key(parse_basis, "Days in the interest year: 365 or 360."),
        "handling_fee": Key(numbers.parse_amount_or_zero, "Broker's handling fee per application."),
    },
}
#: [announced]: figures as printed, re-derived by 'presets --check'; each key is a report field.
ANNOUNCED_KEYS: dict[str, Key] = {
    name: Key(numbers.parse_signed_percent if name.endswith("_pct") else numbers.parse_decimal, what)
    for name, what in (
        ("gross_proceeds", "Gross proceeds, before the greenshoe."),
        ("net_proceeds", "Net proceeds."),
        ("offer_after_upsize", "Offer shares after the upsize."),
        ("public_final_shares", "Public tranche after reallocation."),
        ("placing_final_shares", "Placing tranche after reallocation."),
        ("pool_a_shares", "Pool A."),
        ("pool_b_shares", "Pool B."),
        ("max_application_shares", "The largest valid application."),
        ("market_cap_at_offer", "Market cap at the offer price."),
        ("market_cap", "Market cap at [market] price."),
        ("greenshoe_shares", "Greenshoe (over-allotment option) shares."),
        ("exercised_shares", "Greenshoe shares exercised."),
        ("one_lot_amount_payable", "Amount payable for one lot."),
        ("one_lot_rate", "The one-lot rate in pool A, %."),
        ("first_day_return_pct", "First-day return, offer to close, %."),
    )
}
DEAL_KEYS["announced"] = ANNOUNCED_KEYS
#: Keys whose value is a TOML array.
LIST_KEYS = {("ipo", "sources"), ("offer", "application_sizes")}


@record
class Deal:
    """What is known about one IPO: ``sections`` maps each section to its parsed keys."""

    origin: str  # how messages name it: "preset zhipu", or the file name
    path: str  # the TOML file; a [ballot] table path is relative to it
    sections: Mapping[str, Mapping[str, Any]]
    table_text: str | None = None
    table_name: str | None = None
    #: [announced] figures as written: their printed precision is what 'presets --check' compares at.
    announced_text: Mapping[str, str] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        """A value by ``section.key`` (None when the deal does not hold it)."""
        section, _, name = key.partition(".")
        return self.sections.get(section, {}).get(name)

    def section(self, name: str) -> Mapping[str, Any]:
        return self.sections.get(name, {})

    def where(self, key: str) -> str:
        """How an error names a key: ``[offer] board_lot in zhipu.toml``."""
        section, _, name = key.partition(".")
        return f"[{section}] {name} in {self.origin}"

    @property
    def short_name(self) -> str:
        """The file's own name, for hints that already named it (preset zhipu, deal.toml)."""
        return self.origin if self.origin.startswith("preset ") else os.path.basename(self.origin) or self.origin

    @property
    def name(self) -> str | None:
        return self.get("ipo.name")

    @property
    def code(self) -> str | None:
        return self.get("ipo.code")

    @property
    def price_range(self) -> numbers.PriceRange | None:
        price = self.get("offer.price")
        return price if isinstance(price, numbers.PriceRange) else None

    @property
    def final_price(self) -> Decimal | None:
        """The final offer price: [offer] final_price, or [offer] price when it is one price."""
        if self.get("offer.final_price") is not None:
            return self.get("offer.final_price")
        return None if self.price_range is not None else self.get("offer.price")

    @property
    def max_price(self) -> Decimal | None:
        """The price applicants pay on application: [offer] max_price, the top of the range, or the price."""
        for found in (self.get("offer.max_price"), self.get("ballot.max_price")):
            if found is not None:
                return found
        return self.price_range.high if self.price_range is not None else self.get("offer.price")

    @property
    def offer_after_upsize(self) -> int | None:
        shares = self.get("offer.shares")
        return None if shares is None else shares + (self.get("offer.upsize") or 0)

    @property
    def position_shares(self) -> int | None:
        """The one position sold and financed: [sale] shares, else one board lot."""
        return self.get("sale.shares") or self.get("offer.board_lot")

    @property
    def financed_shares(self) -> int | None:
        """The application financed: [financing] shares, else the position sold."""
        return self.get("financing.shares") or self.position_shares

    def at_price(self, price: Decimal, keep_max_price: bool) -> "Deal":
        """The deal at one offer price of its range: a fixed-price deal. Kept: applicants paying the range's top,
        and the announced net proceeds (true at the final price only)."""
        dropped = ("final_price", "max_price") if keep_max_price else ("final_price", "max_price", "net_proceeds")
        offer = {key: raw for key, raw in self.section("offer").items() if key not in dropped}
        offer["price"] = price
        if keep_max_price and self.max_price is not None:
            offer["max_price"] = self.max_price
        return replace(self, sections={**self.sections, "offer": offer})

    def with_table(self, text: str, name: str) -> "Deal":
        return replace(self, table_text=text, table_name=name)


def preset_names() -> list[str]:
    return sorted(item[:-5] for item in os.listdir(PRESETS_DIR) if item.endswith(".toml"))


def preset_path(name: str) -> str:
    """The preset's file; a stock code (2513 or 02513) finds the preset of that code."""
    path = os.path.join(PRESETS_DIR, f"{name}.toml")
    if os.path.isfile(path):
        return path
    if name.isdigit():
        for other in preset_names():
            found = load_preset(other)
            if found.code is not None and int(found.code) == int(name):
                return found.path
    import difflib

    names = preset_names()
    near = difflib.get_close_matches(name.lower(), names, 3, 0.6)
    raise InputError(f"no preset {shown(name)}: {len(names)} presets, listed by 'zhipu-ipo presets'"
                     + (f"; did you mean {', '.join(near)}?" if near else f" (e.g. {', '.join(names[-3:])})"))


def load_preset(name: str) -> Deal:
    """The preset deal by name or stock code. A preset file met before, unchanged since (its size, modification
    time and inode as then), is not read again: a batch names a preset on many lines."""
    named = _PRESET_FILES.get((PRESETS_DIR, name))
    if named is None:
        if len(_PRESET_FILES) >= MAX_PARSED:
            _PRESET_FILES.clear()
        named = _PRESET_FILES[PRESETS_DIR, name] = os.path.join(PRESETS_DIR, f"{name}.toml")
    try:
        status = os.stat(named)
    except (OSError, ValueError):
        status = None
    seen = None if status is None else ("stat", named, status.st_mtime_ns, status.st_size, status.st_ino)
    found = _PARSED.get(seen) if seen is not None else None
    if found is not None:
        return found
    path = preset_path(name)
    with open(path, encoding="utf-8") as stream:
        found = parse_deal_once(stream.read(), f"preset {os.path.basename(path)[:-5]}", path, compiled_document)
    if seen is not None and path == named:
        if len(_PARSED) >= MAX_PARSED:
            _PARSED.clear()
        _PARSED[seen] = found
    return found


def compiled_path(path: str) -> str:
    """Where a preset's compiled document is: ``compiled/NAME.json`` beside ``NAME.toml``."""
    return os.path.join(os.path.dirname(path), "compiled", f"{os.path.basename(path)[:-5]}.json")


def compiled_preset(toml_text: str, origin: str) -> str:
    """A preset's TOML document as JSON, with the TOML text it was compiled from. Written by ``python
    docs/generate.py`` (whose check the tests run); read with the json module instead of tomllib, it saves about
    3 ms of a preset's start-up."""
    import json

    from .textfiles import load_toml

    return json.dumps({"toml": toml_text, "document": load_toml(toml_text, origin)}, ensure_ascii=False, indent=1) + "\n"


def compiled_document(text: str, path: str) -> dict[str, Any] | None:
    """The preset's document from its compiled JSON, when that was compiled from this very text (else None: a
    preset edited since is read from its TOML)."""
    try:
        with open(compiled_path(path), encoding="utf-8") as stream:
            compiled = stream.read()
    except FileNotFoundError:
        return None
    import json

    found = json.loads(compiled)
    return found["document"] if found.get("toml") == text else None


def load_file(path: str) -> Deal:
    from .textfiles import read_text_file

    return parse_deal_once(read_text_file(path, MAX_DEAL_BYTES, "a deal file (TOML)"), legible(path), path)


#: Deals parsed in this process, by their text, name and path: a deal file is read on every line that names it
#: but parsed once. Keyed by the text itself, not a modification time, so a file rewritten in place (in a test,
#: between two in-process calls) is parsed again. A preset file (package data) is also kept by its size,
#: modification time and inode, and then not read again (``load_preset``). A ``Deal`` is frozen and never changed.
_PARSED: dict[tuple[Any, ...], Deal] = {}
MAX_PARSED = 64
#: Each preset's file path, as ``load_preset`` looks for it, by the presets' folder and the name.
_PRESET_FILES: dict[tuple[str, str], str] = {}


def parse_deal_once(text: str, origin: str, path: str,
                    compiled: Callable[[str, str], dict[str, Any] | None] | None = None) -> Deal:
    """``parse_deal``, remembered for this process (an error is not remembered: it is raised again); ``compiled``
    finds the document already read (a preset's), else the text is parsed."""
    key = (text, origin, os.path.abspath(path))
    found = _PARSED.get(key)
    if found is None:
        document = compiled(text, path) if compiled is not None else None
        found = parse_deal(text, origin, path) if document is None else deal_from_document(document, origin, path)
        if len(_PARSED) >= MAX_PARSED:
            _PARSED.clear()
        _PARSED[key] = found
    return found


def _convert(where: str, key: str, raw: Any, parse: Callable[[str], Any], listed: bool) -> Any:
    if listed:
        if not isinstance(raw, list) or not all(isinstance(item, (str, int)) and not isinstance(item, bool)
                                                for item in raw):
            raise InputError(f"{where} {key}: give a list of strings or whole numbers")
        return tuple(_convert(where, key, item, parse, False) for item in raw)
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise InputError(f"{where} {key}: give a string or a whole number, not {type(raw).__name__}")
    if isinstance(raw, int) and not -LONGEST_INTEGER < raw < LONGEST_INTEGER:  # (before str(): a 0x... of any length)
        raise InputError(f"{where} {key}: value is longer than {numbers.MAX_TEXT_LENGTH} characters")
    try:
        return parse(str(raw))
    except InputError as error:
        raise InputError(f"{where} {key}: {error}") from None


def parse_deal(text: str, origin: str, path: str) -> Deal:
    """Check and convert a TOML deal; every message names ``origin`` and the key, never an option."""
    from .textfiles import load_toml

    return deal_from_document(load_toml(text, origin), origin, path)


def deal_from_document(document: dict[str, Any], origin: str, path: str) -> Deal:
    """Check and convert a deal's document (its sections and keys, as TOML reads them)."""
    sections: dict[str, dict[str, Any]] = {}
    for section, body in document.items():
        known = DEAL_KEYS.get(section)
        if known is None:
            raise InputError(f"{origin}: unknown section [{legible(section)}] (known: {', '.join(DEAL_KEYS)})")
        if not isinstance(body, dict):
            raise InputError(f"{origin}: [{section}] must be a table of keys")
        where = f"{origin}: [{section}]"
        for key, raw in body.items():
            if key not in known:
                raise InputError(f"{where} {legible(key)} is not a known key (known: {', '.join(known)})")
            listed = (section, key) in LIST_KEYS
            sections.setdefault(section, {})[key] = _convert(where, key, raw, known[key].parse, listed)
    offer = sections.get("offer", {})
    if "final_price" in offer and not isinstance(offer.get("price"), numbers.PriceRange):
        raise InputError(f"{origin}: [offer] final_price goes with a price range (price = \"LOW..HIGH\")")
    announced = {key: str(raw) for key, raw in document.get("announced", {}).items()}
    return Deal(origin, path, sections, announced_text=announced)
