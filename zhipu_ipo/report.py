"""The whole IPO at once, from a scenario file (TOML) or a preset shipped with the package.

A scenario is read with ``tomllib`` (floats kept as their exact text) and every
value goes through the same parser as the command line, so ``"37,419,500"``,
``37419500`` and ``"3741.95萬"`` all work. Unknown sections or keys, missing
required keys and bad values are refused with the file and the key named.
The report itself only combines the other calculations.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

from . import numbers
from .commands import parse_currency, parse_fee_rounding, parse_fee_schedule, parse_ladder_text, parse_regime
from .errors import InputError
from .models import CHANGE, COUNT, MONEY, MULTIPLE, PERCENT, PRICE, RECORD, SHARES, TEXT, Outcome, Record, value


# section -> key -> parser; REQUIRED lists the keys a scenario must have.
SCENARIO_KEYS: dict[str, dict[str, Callable[[str], Any]]] = {
    "ipo": {"name": str, "code": str, "listing_date": str, "currency": parse_currency, "sources": str},
    "offer": {"shares": numbers.parse_shares, "price": numbers.parse_price, "board_lot": numbers.parse_shares,
              "expenses": numbers.parse_amount_or_zero, "net_proceeds": numbers.parse_amount,
              "shares_in_issue": numbers.parse_shares},
    "market": {"price": numbers.parse_price},
    "public": {"regime": parse_regime, "initial_shares": numbers.parse_shares, "multiple": numbers.parse_multiple,
               "applied": numbers.parse_count, "applications": numbers.parse_count,
               "successful": numbers.parse_count, "public_pct": numbers.parse_percent, "ladder": parse_ladder_text,
               "initial_pct": numbers.parse_percent},
    "international": {"offered": numbers.parse_shares, "multiple": numbers.parse_multiple,
                      "applied": numbers.parse_count},
    "greenshoe": {"pct": numbers.parse_percent, "over_allotted": numbers.parse_count,
                  "buyback": numbers.parse_count, "exercised": numbers.parse_count},
    "fees": {"schedule": parse_fee_schedule, "rounding": parse_fee_rounding},
}
REQUIRED = (("offer", "shares"), ("offer", "price"))


def preset_names() -> list[str]:
    from importlib.resources import files

    return sorted(item.name[:-5] for item in files("zhipu_ipo").joinpath("presets").iterdir()
                  if item.name.endswith(".toml"))


def preset_text(name: str) -> str:
    from importlib.resources import files

    if name not in preset_names():
        raise InputError(f"no preset {name!r}: choose one of {', '.join(preset_names())} (see 'zhipu-ipo presets')")
    return files("zhipu_ipo").joinpath("presets", f"{name}.toml").read_text(encoding="utf-8")


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


def parse_scenario(text: str, origin: str) -> dict[str, dict[str, Any]]:
    """Check and convert a TOML scenario; every message names ``origin`` and the key."""
    import tomllib

    try:
        document = tomllib.loads(text, parse_float=str)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{origin}: not valid TOML: {error}") from None
    scenario: dict[str, dict[str, Any]] = {}
    for section, body in document.items():
        known = SCENARIO_KEYS.get(section)
        if known is None:
            raise InputError(f"{origin}: unknown section [{section}] (known: {', '.join(SCENARIO_KEYS)})")
        if not isinstance(body, dict):
            raise InputError(f"{origin}: [{section}] must be a table of keys")
        where = f"{origin}: [{section}]"
        for key, raw in body.items():
            if key not in known:
                raise InputError(f"{where} {key} is not a known key (known: {', '.join(known)})")
            scenario.setdefault(section, {})[key] = _convert(where, key, raw, known[key])
    for section, key in REQUIRED:
        if key not in scenario.get(section, {}):
            raise InputError(f"{origin}: [{section}] {key} is missing")
    return scenario


def load_scenario(file: str | None, preset: str | None) -> tuple[dict[str, dict[str, Any]], str]:
    if (file is None) == (preset is None):
        raise InputError("give --file scenario.toml or --preset NAME (see 'zhipu-ipo presets')")
    if preset is not None:
        return parse_scenario(preset_text(preset), f"preset {preset}"), f"preset {preset}"
    assert file is not None
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{file}: cannot read: {getattr(error, 'strerror', None) or error}") from None
    return parse_scenario(text, file), file


class ReportResult(Record):
    name: str = value("Company", TEXT)
    code: str = value("Stock code", TEXT)
    listing_date: str = value("Listing date", TEXT)
    offer_shares: int = value("Offer shares", SHARES)
    offer_price: Decimal = value("Offer price", PRICE)
    board_lot: int = value("Board lot", SHARES)
    gross_proceeds: Decimal = value("Gross proceeds", MONEY)
    expenses: Decimal = value("Expenses", MONEY)
    net_proceeds: Decimal = value("Net proceeds", MONEY)
    shares_in_issue: int = value("Shares in issue", SHARES)
    market_cap_at_offer: Decimal = value("Market cap at the offer price", MONEY)
    trading_price: Decimal = value("Trading price", PRICE)
    market_cap: Decimal = value("Market cap at the trading price", MONEY)
    change_pct: Decimal = value("Change on the offer price", CHANGE)
    public_multiple: Decimal = value("Public offer multiple", MULTIPLE)
    public_applied_shares: int = value("Public shares applied for", SHARES)
    demand_amount: Decimal = value("Public demand, applied x price", MONEY)
    applications: int = value("Valid applications", COUNT)
    successful: int = value("Successful applications", COUNT)
    success_rate: Decimal = value("Success rate", PERCENT)
    regime: str = value("Regime", TEXT)
    band: dict = value("Band applied", RECORD)
    public_initial_shares: int = value("Public tranche, initial", SHARES)
    public_final_shares: int = value("Public tranche, final", SHARES)
    public_final_pct: Decimal = value("Public tranche, final, % of offer", PERCENT)
    placing_final_shares: int = value("Placing tranche, final", SHARES)
    pool_a_shares: int = value("Pool A", SHARES)
    pool_b_shares: int = value("Pool B", SHARES)
    max_application_shares: int = value("Largest valid application", SHARES)
    intl_multiple: Decimal = value("International multiple", MULTIPLE)
    greenshoe_shares: int = value("Greenshoe shares", SHARES)
    greenshoe_proceeds: Decimal = value("Greenshoe proceeds (fully exercised)", MONEY)
    gross_proceeds_with_greenshoe: Decimal = value("Gross proceeds with the greenshoe", MONEY)
    over_allotted_shares: int = value("Shares over-allotted", SHARES)
    buyback_shares: int = value("Bought back in stabilisation", SHARES)
    exercised_shares: int = value("Greenshoe exercised", SHARES)
    exercised_proceeds: Decimal = value("Proceeds of the exercise", MONEY)
    one_lot_amount_payable: Decimal = value("One lot, amount payable with fees", MONEY)
    one_lot_fees: Decimal = value("One lot, fees", MONEY)


def compute_report(
    *,
    file: str | None = None,
    preset: str | None = None,
    price: Decimal | None = None,
    currency: str = "HKD",
) -> Outcome:
    """Proceeds, market cap, subscription and reallocation, greenshoe and one-lot cost, from one scenario."""
    from .calc import compute_greenshoe, compute_market_cap, compute_oversubscription, compute_raise
    from .fees import compute_entry_fee

    scenario, origin = load_scenario(file, preset)
    ipo, offer = scenario.get("ipo", {}), scenario["offer"]
    market, public = scenario.get("market", {}), scenario.get("public", {})
    intl, greenshoe, fees = scenario.get("international", {}), scenario.get("greenshoe", {}), scenario.get("fees", {})
    currency = ipo.get("currency", currency)
    shares, offer_price, lot = offer["shares"], offer["price"], offer.get("board_lot")
    parts: dict[str, Outcome] = {}
    fields: dict[str, Any] = {"name": ipo.get("name"), "code": ipo.get("code"), "listing_date": ipo.get("listing_date"),
                              "offer_shares": shares, "offer_price": offer_price, "board_lot": lot}

    expenses = offer.get("expenses")
    if "net_proceeds" in offer:
        if expenses is not None:
            raise InputError(f"{origin}: [offer] give expenses or net_proceeds, not both")
        expenses = numbers.sub(numbers.mul(shares, offer_price), offer["net_proceeds"])
    parts["proceeds"] = compute_raise(shares=shares, price=offer_price, expenses=expenses,
                                      greenshoe=greenshoe.get("pct") if greenshoe else None, board_lot=lot,
                                      currency=currency)
    _take(fields, parts["proceeds"], gross_proceeds="gross_proceeds", expenses="expenses", net_proceeds="net_proceeds",
          greenshoe_proceeds="greenshoe_proceeds", gross_proceeds_with_greenshoe="gross_proceeds_with_greenshoe")

    trading = price if price is not None else market.get("price")
    if "shares_in_issue" in offer:
        parts["market_cap"] = compute_market_cap(
            shares=offer["shares_in_issue"], price=trading if trading is not None else offer_price,
            offer_price=offer_price if trading is not None else None, currency=currency)
        fields["shares_in_issue"] = offer["shares_in_issue"]
        if trading is not None:
            _take(fields, parts["market_cap"], market_cap="market_cap", market_cap_at_offer="market_cap_at_offer",
                  change_pct="change_pct")
            fields["trading_price"] = trading
        else:
            _take(fields, parts["market_cap"], market_cap_at_offer="market_cap")

    if "multiple" in public or "applied" in public:
        parts["subscription"] = compute_oversubscription(
            total_offer=shares if ("regime" in public or "ladder" in public) else None,
            offered=public.get("initial_shares"), applied=public.get("applied"), multiple=public.get("multiple"),
            price=offer_price, applications=public.get("applications"), successful=public.get("successful"),
            regime=public.get("regime"), ladder=public.get("ladder"), initial_pct=public.get("initial_pct"),
            public_pct=public.get("public_pct"), board_lot=lot, intl_offered=intl.get("offered"),
            intl_applied=intl.get("applied"), intl_multiple=intl.get("multiple"), currency=currency)
        _take(fields, parts["subscription"], public_multiple="multiple", public_applied_shares="applied_shares",
              demand_amount="demand_amount", applications="applications", successful="successful",
              success_rate="success_rate", regime="regime", band="band",
              public_initial_shares="public_initial_shares", public_final_shares="public_final_shares",
              public_final_pct="public_final_pct", placing_final_shares="placing_final_shares",
              pool_a_shares="pool_a_shares", pool_b_shares="pool_b_shares",
              max_application_shares="max_application_shares", intl_multiple="intl_multiple")
    elif intl:
        raise InputError(f"{origin}: [international] needs [public] multiple or applied")

    if greenshoe:
        parts["greenshoe"] = compute_greenshoe(
            shares=shares, pct=greenshoe.get("pct", Decimal(15)), board_lot=lot or 1, price=offer_price,
            over_allotted=greenshoe.get("over_allotted"), buyback=greenshoe.get("buyback"),
            exercised=greenshoe.get("exercised"), currency=currency)
        _take(fields, parts["greenshoe"], greenshoe_shares="greenshoe_shares",
              over_allotted_shares="over_allotted_shares", buyback_shares="buyback_shares",
              exercised_shares="exercised_shares", exercised_proceeds="exercised_proceeds")

    if lot is not None:
        parts["entry_fee"] = compute_entry_fee(price=offer_price, board_lot=lot,
                                               fee_schedule=fees.get("schedule", "hkex-2023"),
                                               fee_rounding=fees.get("rounding", "each"), currency=currency)
        _take(fields, parts["entry_fee"], one_lot_amount_payable="amount_payable", one_lot_fees="total_fees")

    assumptions: dict[str, Any] = {"scenario": origin}
    if ipo.get("sources"):
        assumptions["sources"] = "; ".join(ipo["sources"])
    rounded: dict[str, str] = {}
    renames = {"multiple": "public_multiple", "applied_shares": "public_applied_shares"}
    for section, part in parts.items():
        assumptions[section] = {key: text for key, text in part.assumptions.items() if key not in ("display", "rounded")}
        rounded.update({renames.get(key, key): how for key, how in part.rounded.items()
                        if renames.get(key, key) in fields})
    from .calc import DISPLAY_ROUNDING

    assumptions["display"] = DISPLAY_ROUNDING
    if rounded:
        assumptions["rounded"] = rounded
    notes = tuple(note for part in parts.values() for note in part.notes)
    inputs = {key: text for key, text in (("file", file), ("preset", preset), ("price", price)) if text is not None}
    return Outcome("report", {**{k: (format(v, "f") if isinstance(v, Decimal) else v) for k, v in inputs.items()},
                              "currency": currency},
                   ReportResult(**fields), assumptions, currency, rounded, notes)


def _take(fields: dict[str, Any], part: Outcome, **names: str) -> None:
    """Copy result values from a part into the report, under the report's names."""
    for report_name, part_name in names.items():
        found = getattr(part.result, part_name, None)
        if found is not None:
            fields[report_name] = found


class PresetsResult(Record):
    presets: list = value("Presets", "rows")


def compute_presets(*, currency: str = "HKD") -> Outcome:
    """The scenarios shipped with the package, with their sources."""
    rows = []
    for name in preset_names():
        scenario = parse_scenario(preset_text(name), f"preset {name}")
        ipo = scenario.get("ipo", {})
        rows.append({"name": name, "company": ipo.get("name"), "code": ipo.get("code"),
                     "listing_date": ipo.get("listing_date"), "sources": ipo.get("sources", [])})
    return Outcome("presets", {}, PresetsResult(presets=rows),
                   {"usage": "zhipu-ipo report --preset NAME"}, currency)
