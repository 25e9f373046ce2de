"""The whole IPO on one screen: the other calculations combined from one scenario file or preset.

The report only combines the calculations of ``calc/`` on the values of a
scenario (``scenario.py`` reads and checks the file); it computes nothing of
its own beyond expenses from announced net proceeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import numbers
from .calc.fees import compute_entry_fee
from .fees import DEFAULT_SCHEDULE, ROUND_EACH
from .calc.greenshoe import compute_greenshoe
from .calc.financing import compute_margin
from .calc.market import compute_market_cap
from .calc.offer import compute_raise
from .calc.selling import compute_sell, parse_venue
from .calc.subscription import compute_oversubscription
from .errors import InputError
from .records import DEFAULT_CURRENCY, Computed, Kind, value
from .rules import GREENSHOE_CAP_PCT
from .scenario import Scenario, load_scenario, parse_scenario, preset_names, preset_text


@dataclass(frozen=True)
class ReportResult:
    name: str | None = value("Company", Kind.TEXT)
    code: str | None = value("Stock code", Kind.TEXT)
    listing_date: str | None = value("Listing date", Kind.TEXT)
    offer_shares: int | None = value("Offer shares", Kind.SHARES)
    upsize_shares: int | None = value("Upsize (offer size adjustment) shares", Kind.SHARES)
    offer_after_upsize: int | None = value("Offer shares after the upsize", Kind.SHARES)
    preferential_shares: int | None = value("Preferential tranche, taken before the split", Kind.SHARES)
    offer_price: Decimal | None = value("Offer price", Kind.PRICE)
    board_lot: int | None = value("Board lot", Kind.SHARES)
    gross_proceeds: Decimal | None = value("Gross proceeds", Kind.MONEY)
    expenses: Decimal | None = value("Expenses", Kind.MONEY)
    net_proceeds: Decimal | None = value("Net proceeds", Kind.MONEY)
    shares_in_issue: int | None = value("Shares in issue", Kind.SHARES)
    market_cap_at_offer: Decimal | None = value("Market cap at the offer price", Kind.MONEY)
    trading_price: Decimal | None = value("Trading price", Kind.PRICE)
    market_cap: Decimal | None = value("Market cap at the trading price", Kind.MONEY)
    change_pct: Decimal | None = value("Change on the offer price", Kind.CHANGE)
    public_multiple: Decimal | None = value("Public offer multiple", Kind.MULTIPLE)
    public_applied_shares: int | None = value("Public shares applied for", Kind.SHARES)
    demand_amount: Decimal | None = value("Public demand, applied x price", Kind.MONEY)
    applications: int | None = value("Valid applications", Kind.COUNT)
    successful: int | None = value("Successful applications", Kind.COUNT)
    success_rate: Decimal | None = value("Applications that received shares, % of valid", Kind.PERCENT)
    regime: str | None = value("Regime", Kind.TEXT)
    band: dict | None = value("Band applied", Kind.RECORD)
    public_initial_shares: int | None = value("Public tranche, initial", Kind.SHARES)
    public_final_shares: int | None = value("Public tranche, final", Kind.SHARES)
    public_final_pct: Decimal | None = value("Public tranche, final, % of offer", Kind.PERCENT)
    public_final_pct_after_upsize: Decimal | None = value("Public tranche, final, % of the offer after the upsize",
                                                         Kind.PERCENT)
    placing_final_shares: int | None = value("Placing tranche, final", Kind.SHARES)
    pool_a_shares: int | None = value("Pool A", Kind.SHARES)
    pool_b_shares: int | None = value("Pool B", Kind.SHARES)
    max_application_shares: int | None = value("Largest valid application", Kind.SHARES)
    intl_multiple: Decimal | None = value("International multiple", Kind.MULTIPLE)
    greenshoe_shares: int | None = value("Greenshoe shares", Kind.SHARES)
    greenshoe_proceeds: Decimal | None = value("Greenshoe proceeds (fully exercised)", Kind.MONEY)
    gross_proceeds_with_greenshoe: Decimal | None = value("Gross proceeds with the greenshoe", Kind.MONEY)
    over_allotted_shares: int | None = value("Shares over-allotted", Kind.SHARES)
    buyback_shares: int | None = value("Bought back in stabilisation", Kind.SHARES)
    exercised_shares: int | None = value("Greenshoe exercised", Kind.SHARES)
    resold_shares: int | None = value("Bought back and sold again", Kind.SHARES)
    exercised_proceeds: Decimal | None = value("Proceeds of the exercise", Kind.MONEY)
    one_lot_amount_payable: Decimal | None = value("One lot, amount payable with fees", Kind.MONEY)
    one_lot_fees: Decimal | None = value("One lot, fees", Kind.MONEY)
    sale_shares: int | None = value("Sale [sale]: shares", Kind.SHARES)
    sale_price: Decimal | None = value("Sale: price", Kind.PRICE)
    sale_charges: Decimal | None = value("Sale: selling charges", Kind.MONEY)
    sale_net_proceeds: Decimal | None = value("Sale: net proceeds", Kind.MONEY)
    sale_cost: Decimal | None = value("Sale: cost with application charges", Kind.MONEY)
    sale_pnl: Decimal | None = value("Sale: P&L after all charges", Kind.MONEY)
    sale_return_pct: Decimal | None = value("Sale: return on the money paid", Kind.CHANGE)
    break_even_price: Decimal | None = value("Sale: break-even price, whole cents", Kind.PRICE)
    break_even_tick_price: Decimal | None = value("Sale: break-even price on the spread table", Kind.PRICE)
    financing_financed: Decimal | None = value("Financing [financing]: financed", Kind.MONEY)
    financing_interest: Decimal | None = value("Financing: interest", Kind.MONEY)
    financing_total_cost: Decimal | None = value("Financing: interest and handling fee", Kind.MONEY)
    financing_breakeven_return_pct: Decimal | None = value("Financing: first-day return to cover it", Kind.PERCENT)
    pnl_after_financing: Decimal | None = value("Sale P&L less the financing cost", Kind.MONEY)


def compute_report(
    *,
    file: str | None = None,
    preset: str | None = None,
    price: Decimal | None = None,
    currency: str | None = None,
) -> Computed:
    """Proceeds, market cap, subscription and reallocation, greenshoe and one-lot cost, from one scenario.

    ``price`` is a trading price for the market cap; a scenario's ``[offer] price`` may be a range
    (``"108.00..116.20"``), and the report is then given at its low, mid and high.
    """
    scenario, origin = load_scenario(file, preset)
    offer = scenario["offer"]
    trading_price = price
    stated = scenario.get("ipo", {}).get("currency")
    if stated is not None and currency is not None and currency != stated:
        raise InputError(f"--currency {currency} differs from the scenario's currency {stated} ({origin}): "
                         "--currency labels amounts, it does not convert them; use --fx RATE --to CODE")
    currency = stated or currency or DEFAULT_CURRENCY
    if isinstance(offer["price"], numbers.PriceRange):  # a prospectus's range: the report at its low, mid and high
        from .calc.price_range import compute_over_range

        def at_price(price: Decimal, **_: Any) -> Computed:
            return _report(scenario_at(scenario, price), origin, trading_price, currency)

        over = compute_over_range(at_price, {"price": offer["price"], "final_price": offer.get("final_price")})
        return over._replace(assumptions={"scenario": origin, **over.assumptions}, currency=currency)
    if "final_price" in offer:
        raise InputError(f"{origin}: [offer] final_price goes with a price range (price = \"LOW..HIGH\")")
    return _report(scenario, origin, trading_price, currency)


def scenario_at(scenario: Scenario, price: Decimal) -> Scenario:
    """The scenario with its offer price set to one price of its range."""
    return {**scenario, "offer": {**scenario["offer"], "price": price}}


def _report(scenario: Scenario, origin: str, price: Decimal | None, currency: str) -> Computed:
    """The report of a scenario at one offer price; ``price`` is the trading price given on the command line."""
    ipo, offer = scenario.get("ipo", {}), scenario["offer"]
    market, public = scenario.get("market", {}), scenario.get("public", {})
    intl, greenshoe, fees = scenario.get("international", {}), scenario.get("greenshoe", {}), scenario.get("fees", {})
    shares, offer_price, lot = offer["shares"], offer["price"], offer.get("board_lot")
    parts: dict[str, Computed] = {}
    fields: dict[str, Any] = {"name": ipo.get("name"), "code": ipo.get("code"), "listing_date": ipo.get("listing_date"),
                              "offer_shares": shares, "offer_price": offer_price, "board_lot": lot}

    expenses = offer.get("expenses")
    if "net_proceeds" in offer:
        if expenses is not None:
            raise InputError(f"{origin}: [offer] give expenses or net_proceeds, not both")
        gross = numbers.mul(shares + offer.get("upsize", 0), offer_price)
        if offer["net_proceeds"] > gross:
            raise InputError(f"{origin}: [offer] net_proceeds {offer['net_proceeds']:f} exceed the gross proceeds "
                             f"{gross:f} (shares x price)")
        expenses = numbers.sub(gross, offer["net_proceeds"])
    parts["proceeds"] = compute_raise(shares=shares, price=offer_price, expenses=expenses,
                                      greenshoe=greenshoe.get("pct") if greenshoe else None, board_lot=lot,
                                      upsize=offer.get("upsize"), currency=currency)
    _take(fields, parts["proceeds"], gross_proceeds="gross_proceeds", expenses="expenses", net_proceeds="net_proceeds",
          greenshoe_proceeds="greenshoe_proceeds", gross_proceeds_with_greenshoe="gross_proceeds_with_greenshoe",
          upsize_shares="upsize_shares", offer_after_upsize="offer_after_upsize")

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

    if any(key in public for key in ("multiple", "applied", "regime", "ladder")):
        parts["subscription"] = compute_oversubscription(
            total_offer=shares if ("regime" in public or "ladder" in public) else None,
            offered=public.get("initial_shares"), applied=public.get("applied"), multiple=public.get("multiple"),
            price=offer_price, applications=public.get("applications"), successful=public.get("successful"),
            regime=public.get("regime"), ladder=public.get("ladder"), initial_pct=public.get("initial_pct"),
            public_pct=public.get("public_pct"), board_lot=lot, intl_offered=intl.get("offered"),
            intl_applied=intl.get("applied"), intl_multiple=intl.get("multiple"), upsize=offer.get("upsize"),
            upsize_to=offer.get("upsize_to"), clawback_base=public.get("clawback_base"),
            reallocate=public.get("reallocate"), preferential=offer.get("preferential"), currency=currency)
        _take(fields, parts["subscription"], public_multiple="multiple", public_applied_shares="applied_shares",
              demand_amount="demand_amount", applications="applications", successful="successful",
              success_rate="success_rate", regime="regime", band="band",
              public_initial_shares="public_initial_shares", public_final_shares="public_final_shares",
              public_final_pct="public_final_pct", placing_final_shares="placing_final_shares",
              pool_a_shares="pool_a_shares", pool_b_shares="pool_b_shares",
              max_application_shares="max_application_shares", intl_multiple="intl_multiple",
              preferential_shares="preferential_shares",
              public_final_pct_after_upsize="public_final_pct_after_upsize")
    elif intl:
        raise InputError(f"{origin}: [international] needs [public] multiple or applied")
    for section, key in (("offer", "upsize_to"), ("offer", "preferential"), ("public", "clawback_base"),
                         ("public", "reallocate")):
        if key in scenario.get(section, {}) and "subscription" not in parts:
            raise InputError(f"{origin}: [{section}] {key} needs [public] regime or ladder (the split it changes)")

    if greenshoe:
        parts["greenshoe"] = compute_greenshoe(
            shares=shares, pct=greenshoe.get("pct", GREENSHOE_CAP_PCT), board_lot=lot or 1, price=offer_price,
            over_allotted=greenshoe.get("over_allotted"), buyback=greenshoe.get("buyback"),
            exercised=greenshoe.get("exercised"), resold=greenshoe.get("resold"), upsize=offer.get("upsize"),
            currency=currency)
        _take(fields, parts["greenshoe"], greenshoe_shares="greenshoe_shares",
              over_allotted_shares="over_allotted_shares", buyback_shares="buyback_shares",
              exercised_shares="exercised_shares", exercised_proceeds="exercised_proceeds",
              resold_shares="resold_shares")

    if lot is not None:
        parts["entry_fee"] = compute_entry_fee(price=offer_price, board_lot=lot,
                                               fee_schedule=fees.get("schedule", DEFAULT_SCHEDULE),
                                               fee_rounding=fees.get("rounding", ROUND_EACH), currency=currency)
        _take(fields, parts["entry_fee"], one_lot_amount_payable="amount_payable", one_lot_fees="total_fees")
    _sale_and_financing(scenario, origin, fields, parts, trading, currency)

    assumptions: dict[str, Any] = {"scenario": origin}
    if ipo.get("sources"):
        assumptions["sources"] = "; ".join(ipo["sources"])
    rounded: dict[str, str] = {}
    renames = {"multiple": "public_multiple", "applied_shares": "public_applied_shares"}
    for section, part in parts.items():
        assumptions[section] = dict(part.assumptions)
        rounded.update({renames.get(key, key): how for key, how in part.rounded.items()
                        if renames.get(key, key) in fields})
    notes = tuple(note for part in parts.values() for note in part.notes)
    return Computed(ReportResult(**fields), assumptions, rounded, notes, currency=currency)


def _sale_and_financing(scenario: Any, origin: str, fields: dict[str, Any], parts: dict[str, Computed],
                        trading: Decimal | None, currency: str) -> None:
    """[sale]: `sell` on the offer; [financing]: `margin`; both: the sale's P&L less the financing cost."""
    sale, financing = scenario.get("sale", {}), scenario.get("financing", {})
    offer, ipo = scenario["offer"], scenario.get("ipo", {})
    if sale:
        shares, price = sale.get("shares", offer.get("board_lot")), sale.get("price", trading)
        day = sale.get("date") or (numbers.parse_date(ipo["listing_date"]) if ipo.get("listing_date") else None)
        if shares is None or price is None or day is None:
            raise InputError(f"{origin}: [sale] needs shares (or [offer] board_lot), price (or [market] price) and "
                             "date (or [ipo] listing_date)")
        parts["sale"] = compute_sell(shares=shares, price=price, date=day, offer_price=offer["price"],
                                     venue=parse_venue(sale.get("venue", "exchange")),
                                     fee_schedule=scenario.get("fees", {}).get("schedule"), currency=currency)
        _take(fields, parts["sale"], sale_shares="shares", sale_price="price", sale_charges="total_charges",
              sale_net_proceeds="net_proceeds", sale_cost="cost", sale_pnl="pnl", sale_return_pct="return_pct",
              break_even_price="break_even_price", break_even_tick_price="break_even_tick_price")
    if financing:
        given = dict(financing)
        if "financed" not in given and "amount" not in given and "one_lot_amount_payable" in fields:
            given["amount"] = fields["one_lot_amount_payable"]
        parts["financing"] = compute_margin(**given, currency=currency)
        _take(fields, parts["financing"], financing_financed="financed", financing_interest="interest",
              financing_total_cost="total_cost", financing_breakeven_return_pct="breakeven_return_pct")
    if sale and financing:
        fields["pnl_after_financing"] = numbers.sub(fields["sale_pnl"], fields["financing_total_cost"])


def _take(fields: dict[str, Any], part: Computed, **names: str) -> None:
    """Copy result values from a part into the report, under the report's names."""
    for report_name, part_name in names.items():
        found = getattr(part.result, part_name, None)
        if found is not None:
            fields[report_name] = found


@dataclass(frozen=True)
class PresetsResult:
    presets: list | None = value("Presets", Kind.ROWS)


def compute_presets() -> Computed:
    """The scenarios shipped with the package, with their sources."""
    rows = []
    for name in preset_names():
        scenario = parse_scenario(preset_text(name), f"preset {name}")
        ipo = scenario.get("ipo", {})
        rows.append({"name": name, "company": ipo.get("name"), "code": ipo.get("code"),
                     "listing_date": ipo.get("listing_date"), "sources": ipo.get("sources", [])})
    return Computed(PresetsResult(presets=rows), {"usage": "zhipu-ipo report --preset NAME"})
