"""The `ballot` command: odds, expected allotment and "lots for a sure lot" from a basis-of-allotment table.

Every allotment-results announcement prints, for each application size in pool A
and pool B, the number of valid applications and the basis of allotment ("4,643 out
of 92,859 applicants to receive 100 H Shares", "100 H Shares plus 933 out of 2,914
applicants to receive an additional 100 H Shares"), with the approximate % allotted.
``calc/ballot_table.py`` reads that table (CSV, the basis copied verbatim, in English or
Chinese); this module computes, exactly, what each tier meant for one applicant:

* P(at least one lot) = 1 when every applicant in the tier gets a fixed allotment,
  else winners / applicants (the ballot);
* expected shares = fixed + winners x additional / applicants;
* % allotted = expected shares / shares applied for (the announcement's own column,
  which this reproduces to its printed precision).

Probabilities are kept exact, as whole numerators over whole denominators (``fractions``
only to combine applications: importing it compiles a regular expression, about 1 ms on
every preset path), and shown as decimals; a quotient that does not terminate is rounded
once, half-even to 12 places, and named in ``rounded``.
The module does no I/O: the registry reads the file (or stdin) and passes its text.
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import InputError, shown
from ..fees import DEFAULT_SCHEDULE, FEE_ROUNDINGS, ROUND_EACH, schedule_named
from ..numbers import mul, parse_shares, quotient
from ..records import Computed, Kind, record, value
from ..rules import POOL_BOUNDARY_PRICE, POOL_RULE
from .allocation import pool_boundary, split_pools
from .ballot_table import HEADER, Basis, Tier, check_order, parse_basis, parse_table, table_label, tier_place
from .fees import charges, first_whole_application_rounding

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

    #: An exact ratio of whole numbers: (numerator, denominator), the denominator above zero.
    Ratio = tuple[int, int]

#: The most applications `apply` combines (one per account; more is no real question and only slow).
MAX_COMBINED = 1_000
SOURCES = (
    "Zhipu 02513 (18C): https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0107/2026010701798.pdf",
    "Delton 01989 (Mechanism B): https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0319/2026031901556.pdf",
    "Befar 06745 (Mechanism B): https://www1.hkexnews.hk/listedco/listconews/sehk/2026/0709/2026070901273.pdf",
    "MIXUE 02097 (Practice Note 18, Mar 2025): "
    "https://www1.hkexnews.hk/listedco/listconews/sehk/2025/0228/2025022801728_c.pdf",
)
PCT_RULE = ("% allotted = (fixed x applicants + winners x additional) / (shares applied x applicants) x 100; "
            "announcements print it to 2 places, half up (reproduced for every tier of the tables in "
            + "; ".join(SOURCES) + ")")
BOUND_RULE = ("an upper bound, not a forecast: lots in the public tranche / valid applications, the most "
              "applications that could receive a lot if every winner got exactly one lot; the one-lot rate "
              "is usually far lower, because larger applications take more lots and the tiers are balloted "
              "separately")


@record
class TierResult:
    pool: str | None = value("Pool", Kind.TEXT)
    shares_applied: int | None = value("Shares applied for", Kind.SHARES, brief=True)
    lots_applied: int | None = value("Lots", Kind.COUNT)
    valid_applications: int | None = value("Valid applications", Kind.COUNT, brief=True)
    basis: str | None = value("Basis of allotment", Kind.TEXT)
    p_at_least_one_lot: Decimal | None = value("P(at least one lot)", Kind.PERCENT, brief=True)
    expected_shares: Decimal | None = value("Expected shares", Kind.MULTIPLE)
    expected_lots: Decimal | None = value("Expected lots", Kind.MULTIPLE, brief=True)
    pct_allotted: Decimal | None = value("Allotted, of applied", Kind.PERCENT)
    printed_pct: Decimal | None = value("Printed", Kind.PERCENT)
    allotted_shares: int | None = value("Shares allotted in the tier", Kind.SHARES)
    successful_applications: int | None = value("Applications with shares", Kind.COUNT)
    amount_payable: Decimal | None = value("Money tied up", Kind.MONEY, brief=True)
    #: "table" (the forecast's tiers say "forecast"): a CSV row says which it is.
    source: str | None = value("Source", Kind.TEXT)


@record
class BallotResult:
    board_lot: int | None = value("Board lot", Kind.SHARES)
    max_price: Decimal | None = value("Maximum offer price (money tied up, pool boundary)", Kind.PRICE)
    price: Decimal | None = value("Final offer price", Kind.PRICE)
    pool_boundary_shares: int | None = value("Largest pool A application, HK$5m at the maximum price", Kind.SHARES)
    one_lot_rate: Decimal | None = value("One-lot rate, P(one lot) applying for one lot", Kind.PERCENT)
    one_lot_amount_payable: Decimal | None = value("Money tied up for one lot", Kind.MONEY)
    sure_lot_shares: int | None = value("Smallest application sure of a lot", Kind.SHARES, json_null=True)
    sure_lot_lots: int | None = value("  in lots", Kind.COUNT)
    sure_lot_amount_payable: Decimal | None = value("  money tied up", Kind.MONEY)
    pool_a_top_shares: int | None = value("Pool A top tier (甲尾), shares", Kind.SHARES)
    pool_a_top_p: Decimal | None = value("  P(at least one lot)", Kind.PERCENT)
    pool_a_top_expected_lots: Decimal | None = value("  expected lots", Kind.MULTIPLE)
    pool_a_top_lots_per_million: Decimal | None = value("  expected lots per HK$1m tied up", Kind.MULTIPLE)
    pool_b_bottom_shares: int | None = value("Pool B bottom tier (乙頭), shares", Kind.SHARES)
    pool_b_bottom_p: Decimal | None = value("  P(at least one lot)", Kind.PERCENT)
    pool_b_bottom_expected_lots: Decimal | None = value("  expected lots", Kind.MULTIPLE)
    pool_b_bottom_lots_per_million: Decimal | None = value("  expected lots per HK$1m tied up", Kind.MULTIPLE)
    pool_a_allotted_shares: int | None = value("Pool A, shares allotted", Kind.SHARES)
    pool_b_allotted_shares: int | None = value("Pool B, shares allotted", Kind.SHARES)
    pool_a_shares: int | None = value("Pool A size", Kind.SHARES)
    pool_b_shares: int | None = value("Pool B size", Kind.SHARES)
    pool_a_applications: int | None = value("Pool A, valid applications", Kind.COUNT)
    pool_b_applications: int | None = value("Pool B, valid applications", Kind.COUNT)
    valid_applications: int | None = value("Valid applications", Kind.COUNT)
    successful_applications: int | None = value("Applications that received shares", Kind.COUNT)
    applications_with_shares_pct: Decimal | None = value("Applications that received shares, % of valid",
                                                          Kind.PERCENT)
    public_shares: int | None = value("Public tranche (final)", Kind.SHARES)
    bound_lots: int | None = value("Lots in the public tranche", Kind.COUNT)
    bound_applications: int | None = value("Valid applications (for the bound)", Kind.COUNT)
    bound_max_pct: Decimal | None = value("At most this % of applications can get a lot (a bound)", Kind.PERCENT)
    combined_applications: int | None = value("Applications combined", Kind.COUNT)
    combined_p: Decimal | None = value("P(at least one lot, any of them)", Kind.PERCENT)
    combined_expected_lots: Decimal | None = value("Expected lots, all of them", Kind.MULTIPLE)
    combined_amount_payable: Decimal | None = value("Money tied up, all of them", Kind.MONEY)
    tiers: tuple[TierResult, ...] | None = value("Tiers", Kind.TABLE)


def parse_applications(text: str) -> tuple[int, ...]:
    """Application sizes to combine, in shares: ``100+100+20,000`` (a size may repeat, one per account)."""
    parts = [part.strip() for part in text.split("+")]
    if not all(parts):
        raise InputError(f"{shown(text)}: give sizes in shares joined by '+', e.g. 100+100+20,000")
    if len(parts) > MAX_COMBINED:
        raise InputError(f"at most {MAX_COMBINED:,} applications can be combined")
    return tuple(parse_shares(part) for part in parts)


def _decimal(value: Ratio, name: str, rounded: dict[str, str], scale: int = 1) -> Decimal:
    """``scale`` x an exact ratio, as a decimal: exact where it terminates, else rounded and named in ``rounded``."""
    return quotient(value[0] * scale, value[1], name, rounded)


def _p_one(tier: Tier) -> Ratio:
    basis = tier.basis
    if basis.fixed:
        return (1, 1)
    return (basis.winners, tier.applications)


def _allotted(tier: Tier) -> int:
    return tier.basis.fixed * tier.applications + tier.basis.winners * tier.basis.additional


def _successful(tier: Tier) -> int:
    return tier.applications if tier.basis.fixed else tier.basis.winners


def compute_ballot(
    *,
    table_text: str | None = None,
    table_name: str = "table",
    board_lot: int | None = None,
    max_price: Decimal | None = None,
    price: Decimal | None = None,
    pool_a: int | None = None,
    pool_b: int | None = None,
    public_shares: int | None = None,
    applications: int | None = None,
    apply: tuple[int, ...] | None = None,
    fee_schedule: str | None = None,
    fee_rounding: str | None = None,
    currency: str = "",
) -> Computed:
    """Per-tier odds and expected allotment from a basis-of-allotment table, and the headlines; or,
    before the results, the bound on how many applications can receive a lot."""
    if board_lot is None:
        raise InputError("give `board_lot` (shares per lot, as in the announcement)")
    if max_price is None and price is None:
        for fee_option, fee_value, default in (("fee_schedule", fee_schedule, DEFAULT_SCHEDULE),
                                               ("fee_rounding", fee_rounding, ROUND_EACH)):
            if fee_value is not None and fee_value != default:  # the default is the spec's, given or not
                raise InputError(f"`{fee_option}` prices the money tied up: it needs `max_price` or `price`")
    fee_schedule = fee_schedule or DEFAULT_SCHEDULE
    fee_rounding = fee_rounding or ROUND_EACH
    if fee_rounding not in FEE_ROUNDINGS:
        raise InputError(f"`fee_rounding` is one of {', '.join(FEE_ROUNDINGS)}")
    if price is not None and max_price is not None and price > max_price:
        raise InputError(f"`price` {price:f} is above `max_price` {max_price:f}: the final price is within the range")
    if currency and currency != "HKD" and (max_price is not None or price is not None):
        raise InputError(f"the HK$5m pool boundary and the application charges are in HKD, not {currency}")
    if (pool_a is None) != (pool_b is None):
        raise InputError("give `pool_a` and `pool_b` together (or `public_shares`, split with the odd lot to pool A)")
    if pool_a is not None and public_shares is not None and pool_a + pool_b != public_shares:  # type: ignore[operator]
        raise InputError(f"`pool_a` {pool_a:,} + `pool_b` {pool_b:,} is not `public_shares` {public_shares:,}")
    assumptions: dict[str, Any] = {}
    notes: list[str] = []
    rounded: dict[str, str] = {}
    schedule = schedule_named(fee_schedule)
    top_price = max_price if max_price is not None else price
    if max_price is None and price is not None:
        assumptions["max_price"] = "not given: the final price is taken as the maximum (a fixed-price offer)"
    fields: dict[str, Any] = {"board_lot": board_lot, "max_price": max_price, "price": price}
    if top_price is not None:
        fields["pool_boundary_shares"] = pool_boundary(top_price, board_lot)
        how = "each fee rounded to the cent" if fee_rounding == ROUND_EACH else "the total rounded to the cent"
        assumptions["money_tied_up"] = (f"amount payable at the maximum price {top_price:f}: shares x price plus "
                                        f"{schedule.name} charges ({schedule.effective}), {how}")
    if pool_a is None and public_shares is not None:
        pool_a, pool_b = split_pools(public_shares, board_lot)
        assumptions["pools"] = POOL_RULE
    if public_shares is None and pool_a is not None:
        public_shares = pool_a + pool_b  # type: ignore[operator]
    if public_shares is not None and public_shares % board_lot:
        name = "`public_shares`" if "pools" in assumptions or pool_a is None else "`pool_a` + `pool_b`"
        raise InputError(f"{name} {public_shares:,} is not a whole number of board lots of {board_lot:,} (`board_lot`)")

    def payable(shares: int) -> Decimal | None:
        return charges(shares, top_price, schedule, fee_rounding).amount_payable if top_price is not None else None

    if table_text is None:
        for name, given in (("`apply`", apply),):
            if given is not None:
                raise InputError(f"{name} needs `table` (the basis of allotment)")
        if public_shares is None or applications is None:
            raise InputError("give `table` (the basis-of-allotment table, a CSV file or '-' for stdin); or, before the "
                             "results, `public_shares` and `applications` for the bound")
        fields.update(_bound(public_shares, board_lot, applications, rounded, assumptions))
        fields.update(pool_a_shares=pool_a, pool_b_shares=pool_b, public_shares=public_shares)
        if top_price is not None:
            fields["one_lot_amount_payable"] = payable(board_lot)
        return Computed(BallotResult(**fields), assumptions, rounded, tuple(notes))

    tiers = parse_table(table_text, board_lot, table_name)
    boundary = fields.get("pool_boundary_shares")
    pools_by_boundary = False
    resolved: list[Tier] = []
    for tier in tiers:
        by_price = None if boundary is None else ("A" if tier.shares <= boundary else "B")
        if tier.pool is None:
            if by_price is None:
                raise InputError(f"{tier_place(tier.line, None, tier.shares, table_label(table_name))}: no pool given; give `max_price` to place "
                                 "it by the HK$5m boundary")
            tier = tier._replace(pool=by_price)
            pools_by_boundary = True
        elif by_price is not None and by_price != tier.pool:
            assert top_price is not None
            notes.append(f"{tier_place(tier.line, tier.pool, tier.shares)}: the table puts it in pool {tier.pool}, but "
                         f"at {top_price:f} it is worth {mul(tier.shares, top_price):,f}, pool {by_price} by the "
                         "HK$5m boundary (the table is kept)")
        resolved.append(tier)
    if pools_by_boundary:
        check_order(resolved, table_label(table_name))
        assumptions["pool_of_tiers"] = f"{POOL_RULE}; {POOL_BOUNDARY_PRICE}"
    assumptions["pct_allotted"] = PCT_RULE
    assumptions["p_at_least_one_lot"] = ("1 when every applicant in the tier gets a fixed allotment of at least one "
                                         "lot; otherwise winners / applicants of the tier's ballot, exactly")
    assumptions["expected_shares"] = "fixed + winners x additional / applicants: an expectation, not a count"

    rows: list[TierResult] = []
    p_by_shares: dict[int, Ratio] = {}
    expected_lots: dict[int, Ratio] = {}
    for tier in resolved:
        p = _p_one(tier)
        allotted_shares = _allotted(tier)
        p_by_shares[tier.shares] = p
        expected_lots[tier.shares] = (allotted_shares, tier.applications * board_lot)
        pct_exact = (allotted_shares * 100, tier.applications * tier.shares)
        pct = _decimal(pct_exact, "tiers[].pct_allotted", rounded)
        if tier.printed_pct is not None:
            _check_printed(tier, pct, pct_exact, notes)
        rows.append(TierResult(
            pool=tier.pool, shares_applied=tier.shares, lots_applied=tier.shares // board_lot,
            valid_applications=tier.applications, basis=tier.basis_text,
            p_at_least_one_lot=_decimal(p, "tiers[].p_at_least_one_lot", rounded, scale=100),
            expected_shares=_decimal((allotted_shares, tier.applications), "tiers[].expected_shares", rounded),
            expected_lots=_decimal(expected_lots[tier.shares], "tiers[].expected_lots", rounded),
            pct_allotted=pct, printed_pct=tier.printed_pct, allotted_shares=allotted_shares,
            successful_applications=_successful(tier), amount_payable=payable(tier.shares), source="table",
        ))
    fields["tiers"] = tuple(rows)
    if top_price is not None:
        one_lot = payable(board_lot)
        assert one_lot is not None
        said_per_lot = first_whole_application_rounding(rows, one_lot)
        if said_per_lot is not None:
            assumptions["per_lot"] = f"money tied up: {said_per_lot}; each tier's is its own application's"
    first = resolved[0]
    if first.shares == board_lot:
        fields["one_lot_rate"] = _decimal(p_by_shares[board_lot], "one_lot_rate", rounded, scale=100)
    else:
        notes.append(f"the table has no one-lot tier ({board_lot:,} shares): no one-lot rate")
    if top_price is not None:
        fields["one_lot_amount_payable"] = payable(board_lot)
    sure = next((tier for tier in resolved if p_by_shares[tier.shares][0] == p_by_shares[tier.shares][1]), None)
    if sure is not None:
        fields.update(sure_lot_shares=sure.shares, sure_lot_lots=sure.shares // board_lot,
                      sure_lot_amount_payable=payable(sure.shares))
    pool_tiers = {name: [tier for tier in resolved if tier.pool == name] for name in ("A", "B")}
    for ends, key in ((pool_tiers["A"][-1:], "pool_a_top"), (pool_tiers["B"][:1], "pool_b_bottom")):
        if not ends:
            continue
        chosen = ends[0]
        fields[f"{key}_shares"] = chosen.shares
        fields[f"{key}_p"] = _decimal(p_by_shares[chosen.shares], f"{key}_p", rounded, scale=100)
        fields[f"{key}_expected_lots"] = _decimal(expected_lots[chosen.shares], f"{key}_expected_lots", rounded)
        money = payable(chosen.shares)
        if money is not None:
            lots, of = expected_lots[chosen.shares]
            money_numerator, money_denominator = money.as_integer_ratio()
            per_million = (lots * 1_000_000 * money_denominator, of * money_numerator)
            fields[f"{key}_lots_per_million"] = _decimal(per_million, f"{key}_lots_per_million", rounded)
    allotted = {name: sum(_allotted(tier) for tier in group) for name, group in pool_tiers.items()}
    apps = {name: sum(tier.applications for tier in group) for name, group in pool_tiers.items()}
    successful = sum(_successful(tier) for tier in resolved)
    total_apps = apps["A"] + apps["B"]
    fields.update(
        pool_a_allotted_shares=allotted["A"], pool_b_allotted_shares=allotted["B"],
        pool_a_applications=apps["A"], pool_b_applications=apps["B"], valid_applications=total_apps,
        successful_applications=successful,
        applications_with_shares_pct=_decimal((successful, total_apps), "applications_with_shares_pct", rounded,
                                              scale=100),
        pool_a_shares=pool_a, pool_b_shares=pool_b,
    )
    assumptions["applications_with_shares_pct"] = (
        "applications that received any shares / valid applications: not the one-lot rate (Haixi 02637, Oct 2025: "
        "6.82% of applications received shares, the one-lot rate was 1%)")
    if pool_a is not None:
        for name, size in (("A", pool_a), ("B", pool_b)):
            if allotted[name] != size:
                difference = allotted[name] - size  # type: ignore[operator]
                notes.append(f"pool {name}: the tiers allot {allotted[name]:,} shares, the pool is {size:,} "
                             f"({difference:+,})")
    tranche = public_shares if public_shares is not None else allotted["A"] + allotted["B"]
    fields.update(_bound(tranche, board_lot, applications if applications is not None else total_apps, rounded,
                         assumptions))
    fields["public_shares"] = tranche
    if public_shares is None:
        assumptions["public_shares"] = "the shares the tiers allot (no public_shares or pool sizes given)"
    if apply is not None:
        fields.update(_combined(apply, p_by_shares, expected_lots, payable, rounded))
        assumptions["combined_p"] = ("1 - product of (1 - p) over the applications, each drawn independently "
                                     "(separate accounts or IPOs); expected lots add")
    return Computed(BallotResult(**fields), assumptions, rounded, tuple(notes))


def _check_printed(tier: Tier, pct: Decimal, exact: Ratio, notes: list[str]) -> None:
    printed = tier.printed_pct
    assert printed is not None
    places = max(0, -printed.as_tuple().exponent)  # type: ignore[operator]
    scale = 10 ** places
    numerator, denominator = exact
    half_up = (2 * numerator * scale + denominator) // (2 * denominator)  # the exact %, half up to the printed places
    printed_numerator, printed_denominator = printed.as_integer_ratio()
    if half_up * printed_denominator != printed_numerator * scale:
        notes.append(f"{tier_place(tier.line, tier.pool, tier.shares)}: % allotted is {pct:f}, printed {printed:f}")


def _bound(tranche: int, board_lot: int, applications: int, rounded: dict[str, str],
           assumptions: dict[str, Any]) -> dict[str, Any]:
    if applications <= 0:
        raise InputError("`applications` must be greater than zero")
    lots = tranche // board_lot
    assumptions["bound_max_pct"] = BOUND_RULE
    share = (min(lots, applications), applications)  # at most every application
    return {"bound_lots": lots, "bound_applications": applications,
            "bound_max_pct": _decimal(share, "bound_max_pct", rounded, scale=100)}


def _combined(apply: tuple[int, ...], p_by_shares: dict[int, Ratio], expected_lots: dict[int, Ratio],
              payable: Any, rounded: dict[str, str]) -> dict[str, Any]:
    from fractions import Fraction

    miss = Fraction(1)
    lots = Fraction(0)
    money: Decimal | None = Decimal(0)
    for shares in apply:
        if shares not in p_by_shares:
            raise InputError(f"`apply` {shares:,}: no tier of {shares:,} shares in the table")
        miss *= 1 - Fraction(*p_by_shares[shares])
        lots += Fraction(*expected_lots[shares])
        amount = payable(shares)
        money = None if amount is None or money is None else money + amount
    return {"combined_applications": len(apply),
            "combined_p": _decimal((miss.denominator - miss.numerator, miss.denominator), "combined_p", rounded, scale=100),
            "combined_expected_lots": _decimal((lots.numerator, lots.denominator), "combined_expected_lots", rounded),
            "combined_amount_payable": money}


__all__ = ["HEADER", "Basis", "BallotResult", "TierResult", "compute_ballot", "parse_applications",
           "parse_basis", "parse_table"]
