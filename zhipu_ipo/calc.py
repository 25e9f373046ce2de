"""Pure IPO calculations: proceeds, market capitalisation, subscription, greenshoe.

No Typer, no Rich, no I/O: each function takes exact inputs (``Decimal`` or
``int``) and returns an ``Outcome`` holding a frozen result. Rounding happens
only where a rule says so (whole shares, whole board lots), is named in the
assumptions, and non-terminating quotients are listed under ``rounded``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import InfeasibleError, InputError
from .models import CHANGE, COUNT, MONEY, MULTIPLE, PERCENT, PRICE, RATE, RECORD, ROWS, SHARES, TEXT, Outcome, Record, value
from .numbers import (
    HUNDRED,
    QUOTIENT_PLACES,
    ROUNDING,
    add,
    divide,
    floor_divide,
    floor_to_lot,
    mul,
    percent_of,
    sub,
)

if TYPE_CHECKING:
    from .rules import Regime

DEFAULT_CURRENCY = "HKD"
GREENSHOE_CAP_PCT = Decimal(15)
DISPLAY_ROUNDING = (
    "JSON values are exact unless named under 'rounded'; tables round money to the cent "
    "(half up) and percentages and multiples to 2 places"
)
NON_TERMINATING = f"non-terminating quotient, rounded half-even to {QUOTIENT_PLACES} places"


def _inputs(**given: Any) -> dict[str, Any]:
    """The inputs as the JSON echo shows them (Decimals as exact text), leaving out what was not given."""
    return {name: format(raw, "f") if type(raw) is Decimal else raw for name, raw in given.items() if raw is not None}


def _exactly_one(options: dict[str, Any], what: str) -> None:
    given = [name for name, raw in options.items() if raw is not None]
    if len(given) != 1:
        names = ", ".join(options)
        raise InputError(f"give exactly one of {names} {what} (got {len(given) or 'none'})")


def greenshoe_size(base_shares: int, pct: Decimal, board_lot: int) -> int:
    """Over-allotment shares: pct of the base offer, rounded down to whole board lots."""
    return floor_to_lot(percent_of(base_shares, pct), board_lot)


class RaiseResult(Record):
    shares: int = value("Offer shares", SHARES)
    price: Decimal = value("Offer price", PRICE)
    gross_proceeds: Decimal = value("Gross proceeds", MONEY)
    proceeds_target: Decimal = value("Proceeds target", MONEY)
    proceeds_remainder: Decimal = value("Target not raised, remainder", MONEY)
    expenses: Decimal = value("Expenses", MONEY)
    expenses_pct: Decimal = value("Expenses, % of gross", PERCENT)
    net_proceeds: Decimal = value("Net proceeds", MONEY)
    board_lot: int = value("Board lot", SHARES)
    greenshoe_pct: Decimal = value("Greenshoe", PERCENT)
    greenshoe_shares: int = value("Greenshoe shares", SHARES)
    greenshoe_proceeds: Decimal = value("Greenshoe proceeds", MONEY)
    gross_proceeds_with_greenshoe: Decimal = value("Gross proceeds with greenshoe", MONEY)
    solved_for: str = value("Solved for", TEXT)


def compute_raise(
    *,
    shares: int | None = None,
    price: Decimal | None = None,
    proceeds: Decimal | None = None,
    expenses: Decimal | None = None,
    expenses_pct: Decimal | None = None,
    greenshoe: Decimal | None = None,
    board_lot: int | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Outcome:
    """Gross proceeds = shares x price; or, given proceeds and one of them, the other."""
    inputs = _inputs(
        shares=shares, price=price, proceeds=proceeds, expenses=expenses, expenses_pct=expenses_pct,
        greenshoe=greenshoe, board_lot=board_lot, currency=currency,
    )
    assumptions: dict[str, Any] = {"gross_proceeds": "offer shares x offer price, before the greenshoe"}
    rounded: dict[str, str] = {}
    fields: dict[str, Any] = {}
    lot = board_lot or 1
    if proceeds is None:
        if shares is None or price is None:
            raise InputError("give --shares and --price, or --proceeds with one of them")
        gross = mul(shares, price)
    elif price is not None:
        _exactly_one({"--shares": shares, "--price": price}, "with --proceeds")
        shares = floor_divide(proceeds, mul(price, lot)) * lot
        if shares == 0:
            raise InfeasibleError(f"{currency} {proceeds:f} does not buy one board lot of {lot} at {price:f}")
        gross = mul(shares, price)
        fields.update(solved_for="shares", proceeds_target=proceeds, proceeds_remainder=sub(proceeds, gross))
        assumptions["shares"] = f"proceeds / price, rounded down to whole board lots of {lot}"
    else:
        _exactly_one({"--shares": shares, "--price": price}, "with --proceeds")
        assert shares is not None
        price, exact = divide(proceeds, Decimal(shares))
        if not exact:
            rounded["price"] = NON_TERMINATING
        gross = proceeds
        fields.update(solved_for="price", proceeds_target=proceeds)
        assumptions["price"] = "proceeds / shares"
    if expenses is not None or expenses_pct is not None:
        if expenses is not None and expenses_pct is not None:
            raise InputError("give --expenses or --expenses-pct, not both")
        if expenses_pct is not None:
            expenses = percent_of(gross, expenses_pct)
        assert expenses is not None
        if expenses > gross:
            raise InfeasibleError(f"expenses {expenses:f} exceed the gross proceeds {gross:f}")
        fields.update(expenses=expenses, expenses_pct=expenses_pct, net_proceeds=sub(gross, expenses))
        assumptions["net_proceeds"] = "gross proceeds less expenses"
    notes: tuple[str, ...] = ()
    if greenshoe is not None:
        greenshoe_shares = greenshoe_size(shares, greenshoe, lot)
        greenshoe_proceeds = mul(greenshoe_shares, price)
        fields.update(greenshoe_pct=greenshoe, greenshoe_shares=greenshoe_shares,
                      greenshoe_proceeds=greenshoe_proceeds,
                      gross_proceeds_with_greenshoe=add(gross, greenshoe_proceeds))
        assumptions["greenshoe_shares"] = (
            f"{greenshoe:f}% of the offer shares, rounded down to whole board lots of {lot}; "
            "option fully exercised at the offer price"
        )
        notes = _greenshoe_notes(greenshoe)
    assumptions["display"] = DISPLAY_ROUNDING
    if rounded:
        assumptions["rounded"] = rounded
    result = RaiseResult(shares=shares, price=price, gross_proceeds=gross, board_lot=board_lot, **fields)
    return Outcome("raise", inputs, result, assumptions, currency, rounded, notes)


class MarketCapResult(Record):
    shares: int = value("Shares in issue", SHARES)
    price: Decimal = value("Price", PRICE)
    market_cap: Decimal = value("Market cap", MONEY)
    market_cap_target: Decimal = value("Market cap given", MONEY)
    market_cap_remainder: Decimal = value("Market cap not covered, remainder", MONEY)
    offer_price: Decimal = value("Offer price", PRICE)
    market_cap_at_offer: Decimal = value("Market cap at offer price", MONEY)
    price_change: Decimal = value("Price change per share", MONEY)
    change_pct: Decimal = value("Change on offer price", CHANGE)
    solved_for: str = value("Solved for", TEXT)


def compute_market_cap(
    *,
    shares: int | None = None,
    price: Decimal | None = None,
    market_cap: Decimal | None = None,
    offer_price: Decimal | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Outcome:
    """Market cap = shares in issue x price; or implied shares from a market cap and a price."""
    inputs = _inputs(shares=shares, price=price, market_cap=market_cap, offer_price=offer_price, currency=currency)
    assumptions: dict[str, Any] = {"market_cap": "all shares in issue x price (H and unlisted shares alike)"}
    rounded: dict[str, str] = {}
    if price is None:
        raise InputError("give --price (the trading or offer price)")
    solved_for = target = remainder = None
    if market_cap is None:
        if shares is None:
            raise InputError("give --shares (shares in issue), or --market-cap to solve for them")
        cap = mul(shares, price)
    else:
        if shares is not None:
            raise InputError("give --shares or --market-cap, not both")
        solved_for = "shares"
        target = market_cap
        shares = floor_divide(market_cap, price)
        cap = mul(shares, price)
        remainder = sub(market_cap, cap)
        assumptions["shares"] = "market cap / price, rounded down to a whole share"
    cap_at_offer = change = change_pct = None
    if offer_price is not None:
        cap_at_offer = mul(shares, offer_price)
        change = sub(price, offer_price)
        change_pct, exact = divide(mul(change, HUNDRED), offer_price)
        if not exact:
            rounded["change_pct"] = NON_TERMINATING
        assumptions["change_pct"] = "(price - offer price) / offer price x 100"
    assumptions["display"] = DISPLAY_ROUNDING
    if rounded:
        assumptions["rounded"] = rounded
    result = MarketCapResult(
        shares=shares, price=price, market_cap=cap, market_cap_target=target, market_cap_remainder=remainder,
        offer_price=offer_price, market_cap_at_offer=cap_at_offer, price_change=change, change_pct=change_pct,
        solved_for=solved_for,
    )
    return Outcome("market-cap", inputs, result, assumptions, currency, rounded)


class SubscriptionDemand(NamedTuple):
    """How far a tranche was subscribed, before any reallocation rule."""

    offered: int
    applied: int
    multiple: Decimal
    multiple_exact: bool
    applied_exact: bool


def subscription_demand(offered: int, applied: int | None, multiple: Decimal | None) -> SubscriptionDemand:
    """Multiple = shares applied for / shares offered; or applied = offered x multiple (to a whole share)."""
    if applied is None and multiple is None:
        raise InputError("give --applied (shares applied for) or --multiple for the demand")
    if offered <= 0:
        raise InputError("the shares offered must be greater than zero")
    if applied is not None and multiple is not None:
        _check_printed_multiple(offered, applied, multiple)
    if applied is not None:
        ratio, exact = divide(Decimal(applied), Decimal(offered))
        return SubscriptionDemand(offered, applied, ratio, exact, True)
    assert multiple is not None
    product = mul(offered, multiple)
    whole = product.to_integral_value(context=ROUNDING)
    return SubscriptionDemand(offered, int(whole), multiple, True, whole == product)


def _check_printed_multiple(offered: int, applied: int, multiple: Decimal) -> None:
    """Both given, as announcements print them: the multiple must be the ratio to its printed places.

    Announcements round or cut the ratio (1,385,800,000 / 40,000,000 = 34.645, printed 34.64), so
    anything within one unit of the last printed place is consistent; the exact ratio is then used.
    """
    places = max(0, -multiple.as_tuple().exponent)  # type: ignore[operator]
    ratio, _ = divide(Decimal(applied), Decimal(offered))
    if abs(ratio - multiple) >= Decimal(1).scaleb(-places):
        raise InputError(f"--applied {applied:,} / {offered:,} = {ratio:f}x does not match --multiple {multiple:f}")


def success_rate(applications: int | None, successful: int | None) -> tuple[Decimal | None, bool]:
    """Successful applications / valid applications, in percent."""
    if applications is None and successful is None:
        return None, True
    if applications is None or successful is None:
        raise InputError("give --applications and --successful together")
    if applications == 0:
        raise InputError("--applications must be greater than zero")
    if successful > applications:
        raise InputError("--successful cannot exceed --applications")
    return divide(mul(successful, HUNDRED), Decimal(applications))


class SubscriptionResult(Record):
    offered: int = value("Public shares initially offered", SHARES)
    applied_shares: int = value("Shares applied for", SHARES)
    multiple: Decimal = value("Subscription multiple, applied / initial", MULTIPLE)
    total_offer: int = value("Offer shares initially offered (total)", SHARES)
    regime: str = value("Regime", TEXT)
    band: dict = value("Band applied", RECORD)
    board_lot: int = value("Board lot", SHARES)
    public_initial_shares: int = value("Public tranche, initial", SHARES)
    public_initial_pct: Decimal = value("Public tranche, initial, % of offer", PERCENT)
    public_final_shares: int = value("Public tranche, final", SHARES)
    public_final_pct: Decimal = value("Public tranche, final, % of offer", PERCENT)
    placing_initial_shares: int = value("Placing tranche, initial", SHARES)
    placing_final_shares: int = value("Placing tranche, final", SHARES)
    reallocated_shares: int = value("Shares reallocated", SHARES)
    reallocated_to: str = value("Reallocated to", TEXT)
    pool_a_shares: int = value("Pool A, HK$5m or less", SHARES)
    pool_b_shares: int = value("Pool B, over HK$5m", SHARES)
    max_application_shares: int = value("Largest valid application", SHARES)
    pool_boundary_shares: int = value("Largest pool A application, HK$5m at the price", SHARES)
    price: Decimal = value("Offer price", PRICE)
    demand_amount: Decimal = value("Demand, applied x price", MONEY)
    applications: int = value("Valid applications", COUNT)
    successful: int = value("Successful applications", COUNT)
    success_rate: Decimal = value("Success rate", PERCENT)
    intl_offered: int = value("International shares offered", SHARES)
    intl_applied_shares: int = value("International shares demanded", SHARES)
    intl_multiple: Decimal = value("International multiple", MULTIPLE)


def _regime_for(regime: str | None, ladder: str | None, initial_pct: Decimal | None) -> Regime:
    """The regime as named, or a user ladder (on its own or replacing the named regime's)."""
    from .rules import Regime, parse_ladder, regime_named

    base = regime_named(regime) if regime is not None else None
    if ladder is None:
        if base is None:
            raise InputError("give --regime (pn18, 18c, mechanism-a, mechanism-b) or --ladder with --total-offer")
        if initial_pct is not None:
            return base._replace(name=f"{base.name}+initial-pct", initial_pct=initial_pct)
        return base
    rungs = parse_ladder(ladder)
    if base is not None and base.fixed_pct_range is not None:
        raise InputError("mechanism-b has no clawback: --ladder does not apply")
    return Regime(
        name=f"{base.name}+ladder" if base else "custom-ladder",
        title="user-supplied ladder",
        initial_pct=initial_pct if initial_pct is not None else (base.initial_pct if base else None),
        ladder=rungs,
        effective="as given",
        basis=f"user-supplied ladder {ladder}",
        sources=(),
    )


def compute_oversubscription(
    *,
    offered: int | None = None,
    applied: int | None = None,
    multiple: Decimal | None = None,
    price: Decimal | None = None,
    applications: int | None = None,
    successful: int | None = None,
    total_offer: int | None = None,
    regime: str | None = None,
    ladder: str | None = None,
    initial_pct: Decimal | None = None,
    public_pct: Decimal | None = None,
    board_lot: int | None = None,
    intl_offered: int | None = None,
    intl_applied: int | None = None,
    intl_multiple: Decimal | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Outcome:
    """Subscription multiple and demand; with --total-offer, the Hong Kong reallocation, pools and cap."""
    inputs = _inputs(
        offered=offered, applied=applied, multiple=multiple, price=price, applications=applications,
        successful=successful, total_offer=total_offer, regime=regime, ladder=ladder, initial_pct=initial_pct,
        public_pct=public_pct, board_lot=board_lot, intl_offered=intl_offered, intl_applied=intl_applied,
        intl_multiple=intl_multiple, currency=currency,
    )
    assumptions: dict[str, Any] = {
        "multiple": "shares applied for / shares initially offered in the tranche (not minus one)",
    }
    rounded: dict[str, str] = {}
    notes: list[str] = []
    fields: dict[str, Any] = {}
    lot = board_lot or 1
    if total_offer is None:
        for name, given in (("--regime", regime), ("--ladder", ladder), ("--initial-pct", initial_pct),
                            ("--public-pct", public_pct)):
            if given is not None:
                raise InputError(f"{name} needs --total-offer (offer shares initially offered)")
        if offered is None:
            raise InputError("give --offered (shares initially offered in the tranche), or --total-offer and --regime")
    else:
        from .allocation import initial_tranche

        tranche = initial_tranche(total_offer, _regime_for(regime, ladder, initial_pct), lot, offered, public_pct)
        offered = tranche.initial
        assumptions["public_initial_shares"] = tranche.initial_from
    demand = subscription_demand(offered, applied, multiple)
    if not demand.multiple_exact:
        rounded["multiple"] = NON_TERMINATING
    if not demand.applied_exact:
        rounded["applied_shares"] = "offered x multiple, rounded half-even to a whole share"
    if total_offer is not None:
        fields.update(_allocation_fields(total_offer, tranche, lot, applied, demand, price, currency,
                                         assumptions, rounded, notes))
    else:  # without the total, no reallocation; the cap and the pool boundary need only the initial tranche
        from .allocation import pools

        split = pools(offered, offered, lot, price if currency == "HKD" else None)
        fields.update(board_lot=board_lot, max_application_shares=split.max_application,
                      pool_boundary_shares=split.boundary_shares)
        assumptions["max_application_shares"] = (
            "half the initial public tranche, rounded down to whole board lots (Practice Note 18 para 3.1)")
    intl_base = intl_offered
    if intl_base is None and total_offer is not None:
        intl_base = total_offer - offered
    if intl_applied is not None or intl_multiple is not None:
        if intl_base is None:
            raise InputError("give --intl-offered (or --total-offer) with --intl-applied or --intl-multiple")
        intl = subscription_demand(intl_base, intl_applied, intl_multiple)
        if not intl.multiple_exact:
            rounded["intl_multiple"] = NON_TERMINATING
        fields.update(intl_offered=intl_base, intl_applied_shares=intl.applied, intl_multiple=intl.multiple)
        if intl.multiple < 1 and fields.get("reallocated_to") == "public":
            from .rules import WEAK_PLACING_NOTE

            notes.append(WEAK_PLACING_NOTE)
    elif intl_offered is not None:
        raise InputError("--intl-offered needs --intl-applied or --intl-multiple")
    rate, rate_exact = success_rate(applications, successful)
    if not rate_exact:
        rounded["success_rate"] = NON_TERMINATING
    assumptions["display"] = DISPLAY_ROUNDING
    if rounded:
        assumptions["rounded"] = rounded
    result = SubscriptionResult(
        offered=offered, applied_shares=demand.applied, multiple=demand.multiple, price=price,
        demand_amount=mul(demand.applied, price) if price is not None else None,
        applications=applications, successful=successful, success_rate=rate, **fields,
    )
    return Outcome("oversubscription", inputs, result, assumptions, currency, rounded, tuple(notes))


def _allocation_fields(total: int, tranche: Any, lot: int, applied: int | None, demand: SubscriptionDemand,
                       price: Decimal | None, currency: str, assumptions: dict[str, Any],
                       rounded: dict[str, str], notes: list[str]) -> dict[str, Any]:
    from .allocation import pools, public_pct_of_total, reallocate
    from .rules import POOL_SOURCE, UNDERSUBSCRIBED_PRACTICE, describe_ladder

    regime = tranche.regime
    initial = tranche.initial
    allocation = reallocate(total, tranche, lot, applied, demand.applied, demand.multiple)
    final = allocation.public_final
    initial_pct, initial_exact = public_pct_of_total(initial, total)
    final_pct, final_exact = public_pct_of_total(final, total)
    if not initial_exact:
        rounded["public_initial_pct"] = NON_TERMINATING
    if not final_exact:
        rounded["public_final_pct"] = NON_TERMINATING
    moved = final - initial
    split = pools(final, initial, lot, price if currency == "HKD" else None)
    assumptions["regime"] = f"{regime.name}: {regime.title}; {describe_ladder(regime)}; {regime.effective}"
    assumptions["public_final_shares"] = (
        "the band's % of the total offer, rounded up to whole board lots; placing = total - public"
    )
    if allocation.undersubscribed:
        assumptions["undersubscribed"] = UNDERSUBSCRIBED_PRACTICE
    assumptions["pools"] = POOL_SOURCE + "; pool B takes an odd board lot"
    _uncertainty_notes(regime, allocation.band, demand.multiple, notes)
    return {
        "total_offer": total, "regime": regime.name, "band": allocation.band, "board_lot": lot,
        "public_initial_shares": initial, "public_initial_pct": initial_pct,
        "public_final_shares": final, "public_final_pct": final_pct,
        "placing_initial_shares": total - initial, "placing_final_shares": total - final,
        "reallocated_shares": abs(moved),
        "reallocated_to": "public" if moved > 0 else "placing" if moved < 0 else "none",
        "pool_a_shares": split.pool_a, "pool_b_shares": split.pool_b,
        "max_application_shares": split.max_application, "pool_boundary_shares": split.boundary_shares,
    }


def _uncertainty_notes(regime: Regime, band: dict[str, str], multiple: Decimal, notes: list[str]) -> None:
    """Say on stderr when an uncertain rule decided the answer (never guess silently)."""
    from .rules import CHAPTER_18C, MECHANISM_A

    if regime.name == MECHANISM_A.name and Decimal(10) <= multiple < Decimal(15):
        notes.append(f"{multiple:f}x falls between the two readings of Mechanism A's first step: "
                     + MECHANISM_A.uncertain)
    if regime.name == CHAPTER_18C.name and band.get("rung") == ">=10x":
        notes.append("18C: " + CHAPTER_18C.uncertain)


class GreenshoeResult(Record):
    base_shares: int = value("Base offer shares", SHARES)
    pct: Decimal = value("Option size", PERCENT)
    board_lot: int = value("Board lot", SHARES)
    greenshoe_shares: int = value("Greenshoe (over-allotment option) shares", SHARES)
    over_allotted_shares: int = value("Shares over-allotted", SHARES)
    buyback_shares: int = value("Bought back in stabilisation", SHARES)
    exercised_shares: int = value("Option exercised", SHARES)
    lapsed_shares: int = value("Option lapsed", SHARES)
    price: Decimal = value("Offer price", PRICE)
    greenshoe_proceeds: Decimal = value("Greenshoe proceeds (fully exercised)", MONEY)
    exercised_proceeds: Decimal = value("Proceeds of the exercise", MONEY)
    total_shares: int = value("Total offer shares with the option", SHARES)
    total_proceeds: Decimal = value("Total gross proceeds with the option", MONEY)


def _greenshoe_notes(pct: Decimal | None) -> tuple[str, ...]:
    if pct is not None and pct > GREENSHOE_CAP_PCT:
        return (
            f"{pct:f}% is above the 15% over-allotment cap usual in Hong Kong "
            "(shares initially offered); computed as asked",
        )
    return ()


def stabilisation(
    option_size: int | None, over_allotted: int | None, buyback: int | None, exercised: int | None
) -> tuple[int, int, int]:
    """(over-allotted, bought back, exercised), with over-allotted = bought back + exercised."""
    if over_allotted is None:
        if exercised is None:
            raise InputError("give --over-allotted with --buyback or --exercised, or --exercised alone")
        over_allotted = exercised + (buyback or 0)
    if option_size is not None and over_allotted > option_size:
        raise InfeasibleError(f"{over_allotted:,} shares over-allotted exceed the option's {option_size:,} shares")
    if buyback is None and exercised is None:
        raise InputError("give --buyback (shares bought in the market) or --exercised with --over-allotted")
    if buyback is not None and buyback > over_allotted:
        raise InfeasibleError(f"{buyback:,} shares bought back exceed the {over_allotted:,} over-allotted")
    if exercised is not None and exercised > over_allotted:
        raise InfeasibleError(f"{exercised:,} shares exercised exceed the {over_allotted:,} over-allotted")
    if buyback is not None and exercised is not None and buyback + exercised != over_allotted:
        raise InputError(f"bought back {buyback:,} + exercised {exercised:,} must equal over-allotted {over_allotted:,}")
    if exercised is None:
        assert buyback is not None
        exercised = over_allotted - buyback
    return over_allotted, over_allotted - exercised, exercised


def compute_greenshoe(
    *,
    shares: int | None = None,
    pct: Decimal = GREENSHOE_CAP_PCT,
    board_lot: int = 1,
    price: Decimal | None = None,
    over_allotted: int | None = None,
    buyback: int | None = None,
    exercised: int | None = None,
    currency: str = DEFAULT_CURRENCY,
) -> Outcome:
    """Over-allotment shares = pct x base offer, rounded down to whole board lots; and its exercise."""
    stabilising = over_allotted is not None or buyback is not None or exercised is not None
    if shares is None and not stabilising:
        raise InputError("give --shares (the base offer shares)")
    inputs = _inputs(shares=shares, pct=pct, board_lot=board_lot, price=price, over_allotted=over_allotted,
                     buyback=buyback, exercised=exercised, currency=currency)
    size = greenshoe_size(shares, pct, board_lot) if shares is not None else None
    assumptions: dict[str, Any] = {}
    if size is not None:
        assumptions["greenshoe_shares"] = (
            f"{pct:f}% of the base offer, rounded down to whole board lots of {board_lot}"
        )
    fields: dict[str, Any] = {}
    option_used = size
    if stabilising:
        over, bought, used = stabilisation(size, over_allotted, buyback, exercised)
        option_used = used
        fields.update(over_allotted_shares=over, buyback_shares=bought, exercised_shares=used,
                      lapsed_shares=size - used if size is not None else None,
                      exercised_proceeds=mul(used, price) if price is not None else None)
        assumptions["exercised_shares"] = (
            "over-allotted - bought back in the market during stabilisation (Securities and Futures "
            "(Price Stabilizing) Rules, Cap. 571W s7, s10(3))"
        )
    else:
        assumptions["total"] = "option fully exercised at the offer price"
    total_shares = shares + option_used if shares is not None and option_used is not None else None
    assumptions["display"] = DISPLAY_ROUNDING
    result = GreenshoeResult(
        base_shares=shares, pct=pct if size is not None else None,
        board_lot=board_lot if size is not None else None, greenshoe_shares=size,
        price=price, greenshoe_proceeds=mul(size, price) if price is not None and size is not None else None,
        total_shares=total_shares,
        total_proceeds=mul(total_shares, price) if price is not None and total_shares is not None else None,
        **fields,
    )
    return Outcome("greenshoe", inputs, result, assumptions, currency, {}, _greenshoe_notes(pct))


class EntryFeeResult(Record):
    price: Decimal = value("Price per share", PRICE)
    board_lot: int = value("Board lot", SHARES)
    lots: int = value("Lots", COUNT)
    shares: int = value("Shares", SHARES)
    consideration: Decimal = value("Consideration, shares x price", MONEY)
    brokerage: Decimal = value("Brokerage", MONEY)
    sfc_levy: Decimal = value("SFC transaction levy", MONEY)
    afrc_levy: Decimal = value("AFRC transaction levy", MONEY)
    trading_fee: Decimal = value("Trading fee", MONEY)
    total_fees: Decimal = value("Total fees", MONEY)
    amount_payable: Decimal = value("Amount payable", MONEY)
    fee_schedule: str = value("Fee schedule", TEXT)
    total_fee_pct: Decimal = value("Fees, % of consideration", RATE)
    budget: Decimal = value("Budget", MONEY)
    max_lots: int = value("Most lots within the budget", COUNT)
    max_lots_shares: int = value("Shares in those lots", SHARES)
    max_lots_amount_payable: Decimal = value("Amount payable for those lots", MONEY)


class RulesResult(Record):
    regimes: list = value("Regimes", ROWS)


def compute_rules(*, regime: str | None = None, currency: str = DEFAULT_CURRENCY) -> Outcome:
    """Every reallocation regime (or one): initial share, ladder, dates, basis and sources."""
    from .rules import REGIMES, describe_ladder, regime_named

    chosen = [regime_named(regime)] if regime is not None else list(REGIMES.values())
    rows = []
    for item in chosen:
        rows.append({
            "name": item.name,
            "title": item.title,
            "initial_pct": format(item.initial_pct, "f") if item.initial_pct is not None else None,
            "ladder": [{"min_multiple": format(rung.min_multiple, "f"), "public_pct": format(rung.public_pct, "f")}
                       for rung in item.ladder],
            "fixed_pct_range": ({"min": format(item.fixed_pct_range[0], "f"), "max": format(item.fixed_pct_range[1], "f")}
                                if item.fixed_pct_range else None),
            "summary": describe_ladder(item),
            "effective": item.effective,
            "basis": item.basis,
            "sources": list(item.sources),
            "uncertain": item.uncertain or None,
        })
    assumptions = {"ladder": "a rung 'M:P' lifts the public tranche to P% of the offer at a multiple of at least M",
                   "pools": "Practice Note 18 para 3.1: pools A (HK$5m or less) and B, split equally"}
    return Outcome("rules", {"regime": regime} if regime else {}, RulesResult(regimes=rows), assumptions, currency)
