"""Exactness (issue 17): every JSON value equals the exact rational result, unless it is named as rounded.

For ``expected-value``, ``ballot``, ``margin``, ``sell`` and ``aftermarket`` on generated inputs, each value
of the JSON result is compared with a reference computed here with ``fractions.Fraction`` from the inputs,
by the definitions in docs/selling.md, docs/ballot.md, docs/analyst.md and the commands' help (written out
below, not imported). A value named under ``assumptions.rounded`` must equal the exact value rounded
half-even to 12 places, and a value is named only when it is not exact. Every key of the result must have
a reference: nothing goes unchecked.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import invoke

EXAMPLES = settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
TWELVE = Fraction(1, 10**12)


def half_up(value: Fraction, places: int = 2) -> Fraction:
    scale = 10 ** places
    magnitude = (abs(value) * scale + Fraction(1, 2)).__floor__()
    return Fraction(magnitude if value >= 0 else -magnitude, scale)


def half_even_12(value: Fraction) -> Fraction:
    scaled = value * 10**12
    low = scaled.__floor__()
    rest = scaled - low
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and low % 2):
        low += 1
    return Fraction(low, 10**12)


def text_of(value: Fraction) -> str:
    """A terminating fraction as exact decimal text, with integers only (no decimal context involved)."""
    places = 0
    while (value * 10**places).denominator != 1:
        places += 1
        assert places < 40, value
    scaled = int(value * 10**places)
    sign, digits = ("-" if scaled < 0 else ""), str(abs(scaled)).rjust(places + 1, "0")
    return sign + (digits[:-places] + "." + digits[-places:] if places else digits)


def ceil(value: Fraction) -> int:
    return -((-value).__floor__())


def F(text: str | int) -> Fraction:
    return Fraction(Decimal(text)) if isinstance(text, str) else Fraction(text)


def run(*args: str) -> dict[str, Any]:
    done = invoke(*args, "--json")
    assert done.code == 0, (args, done.stderr)
    return done.json()


def check_exact(envelope: dict[str, Any], reference: dict[str, Any], prefix: str = "", column: bool = False) -> None:
    """Each result value against ``reference`` (a Fraction, an int or text); rounded ones as named.

    ``column``: a row of a table, whose ``rounded`` names a column (rounded in some row, exact in others)."""
    rounded = envelope["assumptions"].get("rounded", {})
    result = envelope["result"]
    for name, raw in result.items():
        assert name in reference, f"{prefix}{name} has no reference: {raw!r}"
        wanted = reference[name]
        key = prefix + name
        if isinstance(wanted, Fraction):
            got = F(raw)
            if key in rounded and not (column and got == wanted):  # a column's exact rows stay exact
                assert got == half_even_12(wanted), (key, raw, float(wanted))
                assert column or wanted != got, f"{key} is named as rounded but is exact"
                assert "12 places" in rounded[key], rounded[key]
            else:
                assert got == wanted, (key, raw, wanted)
        else:
            assert raw == wanted, (key, raw, wanted)
            assert key not in rounded, key


# --- the charges of a sale and of an application, by date (docs/selling.md, docs/hk-rules.md) ------------

def stamp_pct(day: date) -> Fraction:
    return F("0.13") if date(2021, 8, 1) <= day <= date(2023, 11, 16) else F("0.1")


def entry_rates(day: date) -> tuple[Fraction, ...]:
    """Brokerage, SFC levy, AFRC levy, trading fee (%) of the entry-fee schedule in force."""
    if day >= date(2023, 1, 1):
        return F("1"), F("0.0027"), F("0.00015"), F("0.00565")
    if day >= date(2022, 1, 1):
        return F("1"), F("0.0027"), F("0.00015"), F("0.005")
    return F("1"), F("0.0027"), F(0), F("0.005")


def application_cost(shares: int, price: Fraction, day: date) -> tuple[Fraction, Fraction]:
    """(fees, amount payable): shares x price plus each fee to the cent, half up."""
    consideration = shares * price
    fees = sum(half_up(consideration * rate / 100) for rate in entry_rates(day))
    return fees, consideration + fees


def sale_bill(shares: int, price: Fraction, day: date) -> dict[str, Fraction]:
    consideration = shares * price
    new_fee = day >= date(2023, 1, 1)
    trading = half_up(consideration * (F("0.00565") if new_fee else F("0.005")) / 100) + (0 if new_fee else F("0.50"))
    afrc = half_up(consideration * F("0.00015") / 100) if day >= date(2022, 1, 1) else Fraction(0)
    if day >= date(2025, 6, 30):
        settlement = half_up(consideration * F("0.0042") / 100)
    else:
        settlement = min(max(half_up(consideration * F("0.002") / 100), Fraction(2)), Fraction(100))
    bill = {"consideration": consideration, "stamp_duty": Fraction(ceil(consideration * stamp_pct(day) / 100)),
            "trading_fee": trading, "sfc_levy": half_up(consideration * F("0.0027") / 100), "afrc_levy": afrc,
            "settlement_fee": settlement, "commission": Fraction(0), "platform_fee": Fraction(0)}
    bill["total_charges"] = sum(value for name, value in bill.items() if name != "consideration")
    bill["net_proceeds"] = consideration - bill["total_charges"]
    return bill


SPREADS_OLD = (("0", "0.25", "0.001"), ("0.25", "0.50", "0.005"), ("0.50", "10", "0.01"), ("10", "20", "0.02"),
               ("20", "100", "0.05"), ("100", "200", "0.10"), ("200", "500", "0.20"), ("500", "1000", "0.50"),
               ("1000", "2000", "1"), ("2000", "5000", "2"), ("5000", "9995", "5"))
SPREADS_2025 = (("0", "0.25", "0.001"), ("0.25", "0.50", "0.005"), ("0.50", "20", "0.01"), ("20", "50", "0.02"),
                ("50", "100", "0.05"), ("100", "200", "0.10"), ("200", "500", "0.20"), ("500", "1000", "0.50"),
                ("1000", "2000", "1"), ("2000", "5000", "2"), ("5000", "9995", "5"))


def on_table(price: Fraction, day: date) -> tuple[Fraction, Fraction] | None:
    """The smallest price on the HKEX spread table of ``day`` at or above ``price``, and its tick."""
    for low, high, tick in (SPREADS_2025 if day >= date(2025, 8, 4) else SPREADS_OLD):
        if price <= F(high):
            steps = ceil((max(price, F(low)) - F(low)) / F(tick))
            return F(low) + steps * F(tick), F(tick)
    return None


def sell_reference(shares: int, price: Fraction, day: date, offer: Fraction | None) -> dict[str, Any]:
    reference: dict[str, Any] = {"trade_date": day.isoformat(), "venue": "exchange", "shares": shares, "price": price,
                                 **sale_bill(shares, price, day)}
    if offer is None:
        return reference
    fees, cost = application_cost(shares, offer, day)
    cents = (cost * 100 / shares).__floor__()
    while sale_bill(shares, Fraction(cents, 100), day)["net_proceeds"] < cost:
        cents += 1
    at = Fraction(cents, 100)
    consideration = shares * at
    pct = stamp_pct(day) + F("0.0027") + (F("0.00565") if day >= date(2023, 1, 1) else F("0.005"))
    pct += F("0.00015") if day >= date(2022, 1, 1) else 0
    fixed = Fraction(0) if day >= date(2023, 1, 1) else F("0.50")
    if day >= date(2025, 6, 30):
        pct += F("0.0042")
    else:
        exact = consideration * F("0.002") / 100
        if 2 <= exact <= 100:
            pct += F("0.002")
        else:
            fixed += min(max(exact, Fraction(2)), Fraction(100))
    tick = on_table(at, day)
    pnl = reference["net_proceeds"] - cost
    reference.update(offer_price=offer, application_charges=fees, cost=cost, pnl=pnl, return_pct=pnl * 100 / cost,
                     break_even_price=at, break_even_exact=(cost + fixed) * 100 / (shares * (100 - pct)))
    if tick is not None:
        reference.update(break_even_tick_price=tick[0], break_even_tick=tick[1])
    return reference


SALE_DAYS = (date(2014, 11, 3), date(2019, 5, 2), date(2021, 7, 30), date(2021, 8, 2), date(2022, 6, 1),
             date(2023, 1, 3), date(2023, 11, 16), date(2023, 11, 17), date(2025, 6, 27), date(2025, 6, 30),
             date(2025, 8, 1), date(2025, 8, 4), date(2026, 1, 8))


def money(low: int, high: int) -> st.SearchStrategy[str]:
    """An amount or price in cents from ``low`` to ``high``, as text."""
    return st.integers(low, high).map(lambda value: f"{value // 100}.{value % 100:02d}")


@EXAMPLES
@given(shares=st.integers(1, 200).map(lambda lots: lots * 100) | st.sampled_from([20, 50, 500, 1000, 30_000]),
       price=money(1, 600_000) | st.sampled_from(["0.2", "19.99", "20.01", "5000.4", "9990"]),
       offer=money(1, 600_000) | st.sampled_from(["0.20", "14.97", "19.96", "29.95", "4995.10", "5994.00"]),
       day=st.sampled_from(SALE_DAYS))
@example(shares=100, price="120", offer="116.20", day=date(2026, 1, 8))
@example(shares=1000, price="20.05", offer="19.99", day=date(2024, 6, 3))
@example(shares=1000, price="15.05", offer="14.85", day=date(2025, 8, 4))
@example(shares=100_000, price="0.2", offer="0.2", day=date(2024, 6, 3))
def test_sell_is_exact(shares: int, price: str, offer: str, day: date) -> None:
    envelope = run("sell", "--shares", str(shares), "--price", price, "--date", day.isoformat(), "--offer-price", offer)
    check_exact(envelope, sell_reference(shares, F(price), day, F(offer)))


# --- margin --------------------------------------------------------------------------------------------

@EXAMPLES
@given(amount=money(100, 10**10), how=st.sampled_from(["leverage", "deposit%", "deposit", "financed"]),
       leverage=st.sampled_from(["1x", "2x", "3x", "7x", "10x", "12.5x", "20x"]),
       pct=st.sampled_from(["3%", "7%", "10%", "15%", "33%", "100%"]), share=st.integers(1, 100),
       rate=money(1, 2_000), days=st.integers(0, 30), basis=st.sampled_from([365, 360]),
       fee=st.none() | money(0, 30_000))
@example(amount="50.00", how="financed", leverage="1x", pct="10%", share=100, rate="3.65", days=1, basis=365,
         fee=None)  # interest exactly half a cent: half up, 0.01
@example(amount="2347437.55", how="leverage", leverage="10x", pct="10%", share=1, rate="3.50", days=5, basis=365,
         fee="100.00")
def test_margin_is_exact(amount: str, how: str, leverage: str, pct: str, share: int, rate: str, days: int, basis: int,
                         fee: str | None) -> None:
    total = F(amount)
    args = ["margin", "--rate", rate + "%", "--days", str(days), "--basis", str(basis)]
    reference: dict[str, Any] = {"rate_pct": F(rate), "days": days, "basis": basis}
    if how == "financed":
        financed = half_up(total * share / 100)
        args += ["--financed", text_of(financed)]
        reference.update(financed=financed)
    else:
        if how == "leverage":
            times = F(leverage[:-1])
            args += ["--amount", amount, "--leverage", leverage]
            deposit, lever = half_up(total / times), times
        elif how == "deposit%":
            args += ["--amount", amount, "--deposit", pct]
            deposit, lever = half_up(total * F(pct[:-1]) / 100), 100 / F(pct[:-1])
        else:
            deposit = half_up(total * share / 100)
            args += ["--amount", amount, "--deposit", "HK$" + text_of(deposit)]  # a bare number is refused
            lever = total / deposit
        reference.update(amount=total, deposit=deposit, financed=total - deposit, leverage=lever)
    if fee is not None:
        args += ["--handling-fee", fee]
    exact = reference["financed"] * F(rate) * days / (100 * basis)
    charged = half_up(exact)
    cost = charged + (F(fee) if fee is not None else 0)
    reference.update(interest=charged, interest_exact=exact, handling_fee=F(fee) if fee is not None else Fraction(0),
                     total_cost=cost)
    if "amount" in reference:
        reference["breakeven_return_pct"] = cost * 100 / total
    check_exact(run(*args), reference)


# --- aftermarket (docs/analyst.md) ---------------------------------------------------------------------

@EXAMPLES
@given(offer=money(1, 100_000), close=money(1, 200_000), open_=st.none() | money(1, 200_000),
       shares=st.integers(1, 10**9), greenshoe=st.none() | st.integers(0, 10**8),
       index=st.none() | st.integers(-9_999, 10_000).map(lambda value: f"{Fraction(value, 100):}"),
       grey=st.none() | money(1, 200_000), later=st.none() | money(1, 200_000))
@example(offer="116.20", close="131.50", open_="120.00", shares=37_419_500, greenshoe=5_612_900, index="-117/100",
         grey=None, later=None)
def test_aftermarket_is_exact(offer: str, close: str, open_: str | None, shares: int, greenshoe: int | None,
                              index: str | None, grey: str | None, later: str | None) -> None:
    P, C = F(offer), F(close)
    args = ["aftermarket", "--offer-price", offer, "--close", close, "--shares", str(shares)]
    r = (C - P) * 100 / P
    reference: dict[str, Any] = {"offer_price": P, "close_price": C, "shares": shares, "first_day_return_pct": r,
                                 "money_left_on_table": (C - P) * shares}
    if open_ is not None:
        opened = F(open_)
        args += ["--open", open_]
        reference.update(open_price=opened, offer_to_open_pct=(opened - P) * 100 / P,
                         open_to_close_pct=(C - opened) * 100 / opened)
    if greenshoe is not None:
        args += ["--greenshoe-shares", str(greenshoe)]
        reference.update(greenshoe_shares=greenshoe, money_left_on_table_with_greenshoe=(C - P) * (shares + greenshoe))
    if index is not None:
        R = Fraction(index)
        args += ["--index-return", text_of(R) + "%"]
        reference.update(index_return_pct=R, market_adjusted_return_pct=((1 + r / 100) / (1 + R / 100) - 1) * 100,
                         excess_return_pct=r - R)
    if later is not None:
        args += ["--later-price", later, "--later-date", "2026-02-04"]
        reference.update(later_price=F(later), later_date="2026-02-04", later_return_pct=(F(later) - P) * 100 / P)
    if grey is not None:
        G = F(grey)
        args += ["--grey-price", grey]
        reference.update(grey_price=G, grey_market_return_pct=(G - P) * 100 / P)
        if open_ is not None:
            reference["grey_to_open_pct"] = (F(open_) - G) * 100 / G
    check_exact(run(*args), reference)


# --- ballot (docs/ballot.md) ---------------------------------------------------------------------------

@st.composite
def tiers(draw: Any) -> tuple[int, list[tuple[str, int, int, int, int, int]]]:
    """A board lot and tiers (pool, shares, applicants, fixed shares, winners, additional shares), in order."""
    lot = draw(st.sampled_from([20, 50, 100, 200, 500, 1000]))
    sizes = sorted(set(draw(st.lists(st.integers(1, 40), min_size=1, max_size=8))) | {1})
    rows = []
    for index, lots in enumerate(sizes):
        applicants = draw(st.integers(1, 100_000))
        kind = draw(st.sampled_from(["ballot", "ballot", "fixed", "fixed plus"])) if index else "ballot"
        if kind == "ballot":
            rows.append((lots, applicants, 0, draw(st.integers(1, applicants)), lot))
        elif kind == "fixed":
            rows.append((lots, applicants, draw(st.integers(1, lots)) * lot, 0, 0))
        elif lots > 1:
            rows.append((lots, applicants, draw(st.integers(1, lots - 1)) * lot, draw(st.integers(1, applicants)), lot))
    split = draw(st.integers(1, len(rows)))
    return lot, [("A" if index < split else "B", lots * lot, *rest) for index, (lots, *rest) in enumerate(rows)]


def basis_text(fixed: int, winners: int, applicants: int, additional: int) -> str:
    if not fixed:
        return f"{winners:,} out of {applicants:,} applicants to receive {additional:,} Shares"
    if not winners:
        return f"{fixed:,} Shares"
    return f"{fixed:,} Shares plus {winners:,} out of {applicants:,} applicants to receive an additional {additional:,} Shares"


@pytest.fixture(scope="module")
def folder():
    path = Path(tempfile.mkdtemp(prefix="zipo-exact-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@EXAMPLES
@given(drawn=tiers(), max_price=money(100, 50_000), combine=st.integers(0, 3))
def test_ballot_is_exact(drawn: tuple[int, list[tuple[str, int, int, int, int, int]]], max_price: str, combine: int,
                         folder: Path) -> None:
    lot, rows = drawn
    table = folder / "tiers.csv"
    table.write_text("pool,shares_applied,valid_applications,basis\n" + "".join(
        f'{pool},"{shares:,}","{applicants:,}","{basis_text(fixed, winners, applicants, extra)}"\n'
        for pool, shares, applicants, fixed, winners, extra in rows), encoding="utf-8")
    top = F(max_price)
    args = ["ballot", "--table", str(table), "--board-lot", str(lot), "--max-price", max_price]
    if combine:
        args += ["--apply", "+".join(str(rows[index % len(rows)][1]) for index in range(combine))]
    envelope = run(*args)
    rounded = envelope["assumptions"].get("rounded", {})
    p: dict[int, Fraction] = {}
    lots_expected: dict[int, Fraction] = {}
    tier_refs = []
    for pool, shares, applicants, fixed, winners, extra in rows:
        chance = Fraction(1) if fixed else Fraction(winners, applicants)
        expected = fixed + Fraction(winners * extra, applicants)
        p[shares], lots_expected[shares] = chance, expected / lot
        tier_refs.append({"pool": pool, "shares_applied": shares, "lots_applied": shares // lot,
                          "valid_applications": applicants, "basis": basis_text(fixed, winners, applicants, extra),
                          "p_at_least_one_lot": chance * 100, "expected_shares": expected, "expected_lots": expected / lot,
                          "pct_allotted": expected * 100 / shares, "allotted_shares": fixed * applicants + winners * extra,
                          "successful_applications": applicants if fixed else winners,
                          "amount_payable": application_cost(shares, top, date(2026, 1, 8))[1], "source": "table"})
    assert len(envelope["result"]["tiers"]) == len(tier_refs)
    for row, wanted in zip(envelope["result"]["tiers"], tier_refs):
        check_exact({"result": row, "assumptions": {"rounded": {key.removeprefix("tiers[]."): how for key, how in
                                                                 rounded.items() if key.startswith("tiers[].")}}},
                    wanted, column=True)
    first_pool_a = [row for row in rows if row[0] == "A"]
    pool_b = [row for row in rows if row[0] == "B"]
    allotted = {name: sum(ref["allotted_shares"] for ref in tier_refs if ref["pool"] == name) for name in "AB"}
    apps = {name: sum(ref["valid_applications"] for ref in tier_refs if ref["pool"] == name) for name in "AB"}
    successful = sum(ref["successful_applications"] for ref in tier_refs)
    public = allotted["A"] + allotted["B"]
    reference: dict[str, Any] = {
        "board_lot": lot, "max_price": top, "pool_boundary_shares": (5_000_000 / (top * lot)).__floor__() * lot,
        "one_lot_rate": p[lot] * 100, "one_lot_amount_payable": application_cost(lot, top, date(2026, 1, 8))[1],
        "pool_a_allotted_shares": allotted["A"], "pool_b_allotted_shares": allotted["B"],
        "pool_a_applications": apps["A"], "pool_b_applications": apps["B"], "valid_applications": apps["A"] + apps["B"],
        "successful_applications": successful,
        "applications_with_shares_pct": Fraction(successful * 100, apps["A"] + apps["B"]),
        "public_shares": public, "bound_lots": public // lot, "bound_applications": apps["A"] + apps["B"],
        "bound_max_pct": min(Fraction(public // lot, apps["A"] + apps["B"]), Fraction(1)) * 100,
        "tiers": envelope["result"]["tiers"], "sure_lot_shares": None,
    }
    sure = next((shares for shares in p if p[shares] == 1), None)
    if sure is not None:
        reference.update(sure_lot_shares=sure, sure_lot_lots=sure // lot,
                         sure_lot_amount_payable=application_cost(sure, top, date(2026, 1, 8))[1])
    for chosen, key in ((first_pool_a[-1:], "pool_a_top"), (pool_b[:1], "pool_b_bottom")):
        if chosen:
            shares = chosen[0][1]
            payable = application_cost(shares, top, date(2026, 1, 8))[1]
            reference.update({f"{key}_shares": shares, f"{key}_p": p[shares] * 100,
                              f"{key}_expected_lots": lots_expected[shares],
                              f"{key}_lots_per_million": lots_expected[shares] * 1_000_000 / payable})
    if combine:
        applied = [rows[index % len(rows)][1] for index in range(combine)]
        miss = Fraction(1)
        for shares in applied:
            miss *= 1 - p[shares]
        reference.update(combined_applications=combine, combined_p=(1 - miss) * 100,
                         combined_expected_lots=sum(lots_expected[shares] for shares in applied),
                         combined_amount_payable=sum(application_cost(shares, top, date(2026, 1, 8))[1]
                                                     for shares in applied))
    check_exact(envelope, reference)


# --- expected-value (docs/selling.md, the command's help) ---------------------------------------------

def expected_reference(chances: list[Fraction], shares: int, offer: Fraction, move: Fraction, day: date,
                       leverage: Fraction | None, rate: Fraction | None, days: int | None, fee: Fraction) -> dict[str, Any]:
    _, cost = application_cost(shares, offer, day)
    sale_price = half_up(offer * (100 + move) / 100)
    net = sale_bill(shares, sale_price, day)["net_proceeds"]
    pnl = net - cost
    financed = interest = Fraction(0)
    if leverage is not None:
        assert rate is not None and days is not None
        financed = cost - half_up(cost / leverage)
        interest = half_up(financed * rate * days / (100 * 365))
    n = len(chances)
    expected = sum(chance * pnl / 100 for chance in chances) - n * (interest + fee)
    capital = n * (cost - financed + fee)
    miss = Fraction(1)
    for chance in chances:
        miss *= 1 - chance / 100
    reference: dict[str, Any] = {
        "applications": n, "probability_pct": chances[0], "at_least_one_pct": (1 - miss) * 100,
        "expected_allotments": sum(chances) / 100, "shares": shares, "offer_price": offer, "move_pct": move,
        "sale_price": sale_price, "cost_if_allotted": cost, "net_proceeds": net, "pnl_if_allotted": pnl,
        "financed": financed, "interest": interest, "handling_fee": fee, "cost_of_applying": n * (interest + fee),
        "expected_pnl": expected, "capital": capital, "return_on_capital_pct": expected * 100 / capital,
    }
    if days:
        reference.update(days=days, annualised_pct=expected * 100 * 365 / (capital * days))
    elif days is not None:
        reference["days"] = days
    return reference


def chance_text(value: Fraction) -> str:
    return text_of(value) + "%"


def run_expected(texts: list[str], chances: list[Fraction], lots: int, offer: str, move: str, day: date,
                 leverage: str | None, rate: str | None, days: int | None, fee: str | None) -> None:
    args = ["expected-value", "--probability", ";".join(texts), "--shares", str(lots * 100), "--offer-price", offer,
            "--move", move + "%", "--date", day.isoformat()]
    if leverage is not None:
        args += ["--leverage", leverage, "--rate", str(rate) + "%"]
    if days is not None:
        args += ["--days", str(days)]
    if fee is not None:
        args += ["--handling-fee", fee]
    reference = expected_reference(chances, lots * 100, F(offer), F(move), day,
                                   F(leverage[:-1]) if leverage else None, F(rate) if rate else None, days,
                                   F(fee) if fee is not None else Fraction(0))
    check_exact(run(*args), reference)


PERCENTS = st.integers(1, 10_000).map(lambda value: Fraction(value, 100))  # 0.01% to 100%


@EXAMPLES
@given(chances=st.lists(PERCENTS, min_size=1, max_size=4), lots=st.integers(1, 20), offer=money(50, 50_000),
       move=st.integers(-9_000, 20_000).map(lambda value: text_of(Fraction(value, 100))), day=st.sampled_from(SALE_DAYS),
       financing=st.booleans(), leverage=st.sampled_from(["2x", "4x", "10x"]), rate=money(1, 1_000),
       days=st.none() | st.integers(1, 14), fee=st.none() | money(0, 20_000))
@example(chances=[Fraction(5), Fraction(5), Fraction(5)], lots=1, offer="116.20", move="-5", day=date(2026, 1, 8),
         financing=True, leverage="10x", rate="3.50", days=5, fee="100")
def test_expected_value_is_exact_for_percentages(chances: list[Fraction], lots: int, offer: str, move: str, day: date,
                                                 financing: bool, leverage: str, rate: str, days: int | None,
                                                 fee: str | None) -> None:
    if financing and days is None:
        days = 3
    run_expected([chance_text(chance) for chance in chances], chances, lots, offer, move, day,
                 leverage if financing else None, rate if financing else None, days, fee)


FRACTION_CASES = [(["1/3", "1/7"]), (["4,643/92,859"]), (["1/3"]), (["4,643/92,859", "5%"])]


@pytest.mark.parametrize("texts", FRACTION_CASES)
def test_expected_value_is_exact_for_fractions_of_applicants(texts: list[str]) -> None:
    def chance(text: str) -> Fraction:
        if "/" in text:
            top, bottom = text.replace(",", "").split("/")
            return Fraction(int(top) * 100, int(bottom))
        return F(text[:-1])

    run_expected(texts, [chance(text) for text in texts], 1, "116.20", "3.27", date(2026, 1, 8), None, None, 5, None)


def test_a_fraction_of_applicants_is_named_as_rounded() -> None:
    """What does hold for a fraction of applicants: the chance itself is rounded half-even to 12 places, and
    says so (a terminating one is not named)."""
    envelope = run("expected-value", "--probability", "4,643/92,859", "--shares", "100", "--offer-price", "116.20",
                   "--move", "3.27%", "--date", "2026-01-08")
    assert F(envelope["result"]["probability_pct"]) == half_even_12(Fraction(464300, 92859))
    assert "probability_pct" in envelope["assumptions"]["rounded"]
    envelope = run("expected-value", "--probability", "1/8", "--shares", "100", "--offer-price", "116.20",
                   "--move", "3.27%", "--date", "2026-01-08")
    assert F(envelope["result"]["probability_pct"]) == Fraction(100, 8)
    assert "probability_pct" not in envelope["assumptions"].get("rounded", {})


