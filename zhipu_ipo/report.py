"""The whole deal on one screen: each part is the command that answers it, filled from the deal.

A part runs its command's own calculation on the options its command would take
from the same deal (``dealfill.fill``), so ``report`` and ``sell --preset X`` can
never disagree. The sale and its financing are of one position: [sale] shares
(one lot by default), financed as [financing] shares (default: the position
sold). A part whose data the deal does not hold is left out and named under
``assumptions.left_out``.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from . import numbers
from .deal import Deal
from .dealfill import fill
from .errors import InputError, IpoMathError, reword
from .records import DEFAULT_CURRENCY, Computed
from .report_result import ReportResult
from .spec import EDGE_OPTIONS, CommandSpec

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

#: Report field <- result field of each part, in the order the report shows them.
TAKEN: dict[str, dict[str, str]] = {
    "proceeds": {"gross_proceeds": "gross_proceeds", "expenses": "expenses", "net_proceeds": "net_proceeds",
                 "greenshoe_proceeds": "greenshoe_proceeds", "upsize_shares": "upsize_shares",
                 "gross_proceeds_with_greenshoe": "gross_proceeds_with_greenshoe",
                 "offer_after_upsize": "offer_after_upsize"},
    "subscription": {"public_multiple": "multiple", "public_applied_shares": "applied_shares",
                     "demand_amount": "demand_amount", "applications": "applications", "successful": "successful",
                     "success_rate": "success_rate", "regime": "regime", "band": "band",
                     "public_initial_shares": "public_initial_shares", "public_final_shares": "public_final_shares",
                     "public_final_pct": "public_final_pct", "placing_final_shares": "placing_final_shares",
                     "pool_a_shares": "pool_a_shares", "pool_b_shares": "pool_b_shares",
                     "max_application_shares": "max_application_shares", "intl_multiple": "intl_multiple",
                     "preferential_shares": "preferential_shares",
                     "public_final_pct_after_upsize": "public_final_pct_after_upsize"},
    "greenshoe": {"greenshoe_shares": "greenshoe_shares", "over_allotted_shares": "over_allotted_shares",
                  "buyback_shares": "buyback_shares", "exercised_shares": "exercised_shares",
                  "exercised_proceeds": "exercised_proceeds", "resold_shares": "resold_shares"},
    "entry_fee": {"one_lot_amount_payable": "amount_payable", "one_lot_fees": "total_fees"},
    "ballot": {"one_lot_rate": "one_lot_rate", "pool_b_bottom_shares": "pool_b_bottom_shares",
               "pool_b_bottom_p": "pool_b_bottom_p", "pool_b_bottom_expected_lots": "pool_b_bottom_expected_lots",
               "sure_lot_shares": "sure_lot_shares", "sure_lot_amount_payable": "sure_lot_amount_payable"},
    "first_day": {"first_day_open": "open_price", "first_day_close": "close_price",
                  "offer_to_open_pct": "offer_to_open_pct", "open_to_close_pct": "open_to_close_pct",
                  "first_day_return_pct": "first_day_return_pct", "money_left_on_table": "money_left_on_table",
                  "index_return_pct": "index_return_pct", "market_adjusted_return_pct": "market_adjusted_return_pct"},
    "float": {"float_tier": "tier", "required_public_shares": "required_public_shares",
              "public_float_pct": "public_float_pct", "meets_float_requirement": "meets_requirement",
              "cornerstone_shares": "cornerstone_shares", "cornerstone_pct_of_offer": "cornerstone_pct_of_offer"},
    "sale": {"sale_shares": "shares", "sale_price": "price", "sale_charges": "total_charges",
             "sale_net_proceeds": "net_proceeds", "sale_cost": "cost", "sale_pnl": "pnl",
             "sale_return_pct": "return_pct", "break_even_price": "break_even_price",
             "break_even_tick_price": "break_even_tick_price"},
    "financing": {"financing_amount": "amount", "financing_deposit": "deposit", "financing_financed": "financed",
                  "financing_interest": "interest", "financing_total_cost": "total_cost",
                  "financing_breakeven_return_pct": "breakeven_return_pct"},
}


def run_part(spec: CommandSpec, deal: Deal, given: dict[str, Any] | None = None) -> Computed:
    """``spec``'s calculation on the options it would take from ``deal`` (``given`` wins); errors name deal keys."""
    filled = fill(spec.all_options, given or {}, deal)
    arguments = {name: raw for name, raw in filled.values.items() if name not in EDGE_OPTIONS}
    if spec.reads_table:
        arguments.update(table_text=deal.table_text, table_name=deal.table_name or "table")
    try:
        return spec.calculate(**arguments)
    except IpoMathError as error:
        raise type(error)(reword(str(error), lambda name: filled.from_deal.get(name) or f"{name} ({spec.name})"),
                          error.parameter) from None


def compute_report(*, deal: Deal | None = None, price: Decimal | None = None, currency: str | None = None) -> Computed:
    """Every figure of one deal: offer, allocation, ballot, greenshoe, first day, float, sale and financing.

    ``price`` is a trading price for the market cap; an ``[offer] price`` range gives the report at its low,
    mid and high (and the final price's revision), and the report at the final price when the deal has one.
    """
    if deal is None:
        raise InputError("give `file` (a deal file) or `preset` (see 'zhipu-ipo presets')")
    for section, key in (("offer", "shares"), ("offer", "price")):
        if deal.get(f"{section}.{key}") is None:
            raise InputError(f"{deal.origin}: [{section}] {key} is missing")
    stated = deal.get("ipo.currency")
    if stated is not None and currency is not None and currency != stated:
        raise InputError(f"`currency` {currency} differs from the deal's currency {stated} ({deal.origin}): "
                         "`currency` labels amounts, it does not convert them; convert them with `fx` RATE and `to` CODE")
    currency = stated or currency or DEFAULT_CURRENCY
    price_range = deal.price_range
    if price_range is None:
        return _report(deal, price, currency)
    from .calc.price_range import compute_over_range

    def at_price(price: Decimal, **_: Any) -> Computed:
        return _report(deal.at_price(price, keep_max_price=False), trading_price, currency)

    trading_price = price
    over = compute_over_range(at_price, {"price": price_range, "final_price": deal.get("offer.final_price")})
    assumptions = {"scenario": deal.origin, **over.assumptions}
    final = deal.final_price
    if final is None:
        return over._replace(assumptions=assumptions, currency=currency)
    at_final = _report(deal.at_price(final, keep_max_price=True), trading_price, currency)
    rows = tuple(over.result.scenarios) + (type(over.result.scenarios[0])(
        scenario="final", **{name: getattr(at_final.result, name) for name in ReportResult.__dataclass_fields__}),)
    rounded = {**over.rounded, **{f"scenarios.{key}": how for key, how in at_final.rounded.items()}}
    assumptions["final"] = "the last scenario row is the whole report at the final offer price"
    return Computed(replace(over.result, scenarios=rows), assumptions, rounded,
                    over.notes + tuple(note for note in at_final.notes if note not in over.notes), currency=currency)


def _report(deal: Deal, price: Decimal | None, currency: str) -> Computed:
    """The report at the deal's one offer price; ``price`` is the trading price given on the command line."""
    from .commands import allocation, market, offer  # every report has these parts; the others are imported when present

    money = {"currency": currency}
    parts: dict[str, Computed] = {}
    left_out: dict[str, str] = {}
    fields: dict[str, Any] = {"name": deal.name, "code": deal.code, "listing_date": deal.get("ipo.listing_date"),
                              "offer_shares": deal.get("offer.shares"), "offer_price": deal.final_price,
                              "board_lot": deal.get("offer.board_lot")}
    parts["proceeds"] = run_part(offer.RAISE, deal, money)
    trading_price = price if price is not None else deal.get("market.price")
    if deal.get("offer.shares_in_issue") is not None:
        at = {"price": trading_price} if trading_price is not None else {"price": deal.final_price}
        parts["market_cap"] = run_part(market.MARKET_CAP, deal, {**money, **at})
        fields["shares_in_issue"] = deal.get("offer.shares_in_issue")
        result = parts["market_cap"].result
        fields["market_cap_at_offer"] = result.market_cap_at_offer or result.market_cap
        if trading_price is not None:
            fields.update(trading_price=trading_price, market_cap=result.market_cap, change_pct=result.change_pct)
    else:
        left_out["market_cap"] = "no [offer] shares_in_issue"
    public = deal.section("public")
    if any(key in public for key in ("multiple", "applied", "regime", "ladder")):
        parts["subscription"] = run_part(allocation.OVERSUBSCRIPTION, deal, money)
    else:
        left_out["subscription"] = "no [public] multiple, applied, regime or ladder"
        if deal.section("international"):
            raise InputError(f"{deal.origin}: [international] needs [public] multiple or applied")
        for section, key in (("offer", "upsize_to"), ("offer", "preferential"), ("offer", "preferential_from"),
                             ("offer", "preferential_taken"), ("public", "clawback_base"), ("public", "reallocate")):
            if deal.get(f"{section}.{key}") is not None:
                raise InputError(f"{deal.origin}: [{section}] {key} needs [public] regime or ladder (the split it "
                                 "changes)")
    _optional(parts, left_out, "greenshoe", bool(deal.section("greenshoe")), "no [greenshoe] section",
              lambda: run_part(allocation.GREENSHOE, deal, money))
    _optional(parts, left_out, "entry_fee", deal.get("offer.board_lot") is not None, "no [offer] board_lot",
              lambda: run_part(_application().ENTRY_FEE, deal, {**money, "lots": 1}))
    _optional(parts, left_out, "ballot", deal.table_text is not None, "no [ballot] table",
              lambda: run_part(_ballot().BALLOT, deal, money))
    _optional(parts, left_out, "first_day", deal.get("market.close") is not None or deal.get("market.open") is not None,
              "no [market] close or open",
              lambda: run_part(_listing().AFTERMARKET, deal, money))
    has_float = bool(deal.section("float") or deal.section("cornerstone"))
    _optional(parts, left_out, "float", has_float and deal.get("offer.shares_in_issue") is not None,
              "no [float] or [cornerstone] section (with [offer] shares_in_issue)",
              lambda: run_part(_listing().FLOAT, deal, money))
    if deal.section("sale"):
        sale_price = deal.get("sale.price") or trading_price
        if deal.position_shares is None or sale_price is None or (
                deal.get("sale.date") is None and deal.get("ipo.listing_date") is None):
            raise InputError(f"{deal.origin}: [sale] needs shares (or [offer] board_lot), price (or [market] price) "
                             "and date (or [ipo] listing_date)")
        parts["sale"] = run_part(_trading().SELL, deal, {**money, "price": sale_price})
    else:
        left_out["sale"] = "no [sale] section"
    _optional(parts, left_out, "financing", bool(deal.section("financing")), "no [financing] section",
              lambda: run_part(_trading().MARGIN, deal, money))
    for part, names in TAKEN.items():
        if part in parts:
            for report_name, part_name in names.items():
                found = getattr(parts[part].result, part_name, None)
                if found is not None:
                    fields[report_name] = found
    if "financing" in parts:
        fields["financing_shares"] = deal.financed_shares if deal.get("financing.amount") is None else None
    if "sale" in parts and "financing" in parts:
        fields["pnl_after_financing"] = numbers.sub(fields["sale_pnl"], fields["financing_total_cost"])
    return Computed(ReportResult(**fields), _assumptions(deal, parts, left_out), _rounded(parts, fields),
                    tuple(note for part in parts.values() for note in part.notes), currency=currency)


def _application() -> Any:
    from .commands import application

    return application


def _ballot() -> Any:
    from .commands import ballot

    return ballot


def _listing() -> Any:
    from .commands import listing

    return listing


def _trading() -> Any:
    from .commands import trading

    return trading


def _optional(parts: dict[str, Computed], left_out: dict[str, str], name: str, present: bool, missing: str,
              run: Any) -> None:
    if present:
        parts[name] = run()
    else:
        left_out[name] = missing


def _assumptions(deal: Deal, parts: dict[str, Computed], left_out: dict[str, str]) -> dict[str, Any]:
    assumptions: dict[str, Any] = {"scenario": deal.origin}
    if deal.get("ipo.sources"):
        assumptions["sources"] = "; ".join(deal.get("ipo.sources"))
    for section, part in parts.items():
        assumptions[section] = dict(part.assumptions)
    if "sale" in parts or "financing" in parts:
        assumptions["position"] = ("one position: the shares sold are [sale] shares (default one board lot); the "
                                   "application financed is [financing] shares (default: the position sold), its "
                                   "amount payable at the maximum price with the application charges")
    if left_out:
        assumptions["left_out"] = left_out
    return assumptions


def _rounded(parts: dict[str, Computed], fields: dict[str, Any]) -> dict[str, str]:
    """What each part rounded, under the report's names for those fields."""
    rounded: dict[str, str] = {}
    for part, computed in parts.items():
        names = {part_name: report_name for report_name, part_name in TAKEN.get(part, {}).items()}
        if part == "market_cap":
            names = {"change_pct": "change_pct"}
        for key, how in computed.rounded.items():
            name = names.get(key)
            if name is not None and name in fields:
                rounded[name] = how
    return rounded
