"""Several applications in one plan (`apply` 100+100+30,000): one per account, each priced as its row, then combined.

Each application is a size of the plan's odds (a tier of the ballot table, or a size given a
chance with ``probability``) and is priced exactly as that size's row is: its amount payable at
the maximum price, its own cash, financed part and interest (to the cent), the handling fee,
and its outcomes sold at the first-day price. Money adds up; the expected P&L adds up; the
chance of at least one lot is 1 - the product of each one's chance of none, the ballots taken
as independent (separate accounts: each success removes a lot, a small error when lots are
many), as ``expected-value`` and ``ballot`` take them with ``apply``. The return is on the
cash tied up by all of them (cash needed and handling fees), and the break-even is the smallest
whole-cent first-day price at which their expected P&L together covers all the interest and fees.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

from ..errors import InfeasibleError, InputError
from ..numbers import ZERO, add, mul, quotient
from ..records import Kind, record, value

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable

    #: Each application's money: (amount payable, cash needed, financed, interest), as its row has them.
    Costs = Callable[[int], tuple[Decimal, Decimal, Decimal, Decimal]]


@record
class CombinedRow:
    applications: str | None = value("Applications, one per account", Kind.TEXT, brief=True)
    accounts: int | None = value("Accounts", Kind.COUNT)
    shares_applied: int | None = value("Shares applied for, all of them", Kind.SHARES)
    lots_applied: int | None = value("Lots, all of them", Kind.COUNT)
    amount_payable: Decimal | None = value("Amount payable, all of them", Kind.MONEY, brief=True)
    cash_needed: Decimal | None = value("Cash needed (deposits)", Kind.MONEY, brief=True)
    financed: Decimal | None = value("Financed", Kind.MONEY)
    interest: Decimal | None = value("Interest", Kind.MONEY)
    handling_fee: Decimal | None = value("Handling fees", Kind.MONEY)
    p_at_least_one_lot: Decimal | None = value("P(at least one lot, any of them)", Kind.PERCENT, brief=True)
    expected_shares: Decimal | None = value("Expected shares", Kind.MULTIPLE)
    expected_pnl: Decimal | None = value("Expected P&L", Kind.MONEY)
    expected_pnl_after_financing: Decimal | None = value("Expected P&L less interest and fees", Kind.MONEY, brief=True)
    return_on_cash_pct: Decimal | None = value("Return on the cash tied up", Kind.CHANGE)
    annualised_pct: Decimal | None = value("Annualised", Kind.CHANGE)
    break_even_price: Decimal | None = value("Break-even first-day price", Kind.PRICE, brief=True)


def combined_row(*, apply: tuple[int, ...], odds: dict[int, Any], costs: Costs,
                 expected_of: Callable[[Any], Callable[[Decimal], Fraction]],
                 break_even: Callable[[Callable[[Decimal], Fraction], Fraction], Decimal | None], price: Decimal,
                 board_lot: int, fee: Decimal, days: int | None, budget: Decimal | None, missing: str,
                 rounded: dict[str, str]) -> CombinedRow:
    """The applications ``apply`` (shares, one per account) combined: each a size of ``odds`` (an ``Odds`` by shares,
    ``missing`` the error for a size without one), priced by ``costs`` and ``expected_of`` as its row is."""
    counts = Counter(apply)  # equal sizes priced once, their figures multiplied
    for shares in counts:
        if shares not in odds:
            raise InputError(f"`apply` {shares:,}: {missing}")
    amount = cash = financed = charged = ZERO
    miss = Fraction(1)
    shares_expected = Fraction(0)
    pricing: list[tuple[int, Callable[[Decimal], Fraction]]] = []
    for shares, count in counts.items():
        tier = odds[shares]
        each = costs(shares)
        amount, cash, financed, charged = (add(total, mul(part, count)) for total, part in
                                           zip((amount, cash, financed, charged), each))
        chance = tier.chance if tier.chance is not None else sum(
            (probability for lots, probability in tier.spread if lots > 0), Fraction(0))
        miss *= (1 - chance) ** count
        shares_expected += count * sum((probability * lots * board_lot for lots, probability in tier.spread), Fraction(0))
        pricing.append((count, expected_of(tier)))
    fees = mul(fee, len(apply))
    tied = add(cash, fees)
    if budget is not None and tied > budget:
        raise InfeasibleError(f"`apply` {'+'.join(f'{shares:,}' for shares in apply)} ties up {tied:f} (cash needed and "
                         f"handling fees), more than `budget` {budget:f}")

    def expected_at(at: Decimal) -> Fraction:
        return sum((count * expected(at) for count, expected in pricing), Fraction(0))

    def exact(fraction: Fraction, name: str) -> Decimal:
        return quotient(fraction.numerator, fraction.denominator, f"combined[].{name}", rounded)

    owed = Fraction(add(charged, fees))
    expected = expected_at(price)
    after = expected - owed
    ratio = after * 100 / Fraction(tied) if tied else None
    return CombinedRow(
        applications="+".join(str(shares) for shares in apply), accounts=len(apply), shares_applied=sum(apply),
        lots_applied=sum(apply) // board_lot, amount_payable=amount, cash_needed=cash, financed=financed,
        interest=charged, handling_fee=fees, p_at_least_one_lot=exact((1 - miss) * 100, "p_at_least_one_lot"),
        expected_shares=exact(shares_expected, "expected_shares"), expected_pnl=exact(expected, "expected_pnl"),
        expected_pnl_after_financing=exact(after, "expected_pnl_after_financing"),
        return_on_cash_pct=exact(ratio, "return_on_cash_pct") if ratio is not None else None,
        annualised_pct=exact(ratio * 365 / days, "annualised_pct") if ratio is not None and days else None,
        break_even_price=break_even(expected_at, owed))
