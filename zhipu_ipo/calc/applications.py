"""Several applications at once (expected-value with `apply` 100+100+20,000): one per account, each a tier of the table.

Each application is priced as ``expected-value`` prices one ``tier``: its outcomes from the
tier's basis (a ballot for one lot, a sure lot, or a sure lot plus a ballot for more), each
outcome's P&L after the charges of the sale, its own financing on its own amount payable,
and the handling fee. The expected P&L adds up; the chance of at least one lot is
1 - the product of each application's chance of none, the ballots taken as independent
(separate accounts: each success removes a lot, a small error when lots are many).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..errors import InputError
from ..fees import ROUND_EACH
from ..numbers import ZERO, add, fraction_value, mul, sub
from ..records import Computed
from .ballot_table import outcomes, parse_table
from .fees import charges
from .financing import financing_terms, interest, parse_deposit

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, Callable


def compute_applied(*, apply: tuple[int, ...], table_text: str, table_name: str, board_lot: int,
                    max_price: Decimal | None, offer_price: Decimal, pnl_of: Callable[[int], Decimal],
                    financing: dict[str, Any], fee: Decimal, days: int | None, schedule: Any, result_type: Any,
                    fields: dict[str, Any], assumptions: dict[str, Any]) -> Computed:
    """The expected value of the applications ``apply`` (shares applied for, one per account)."""
    tiers = {tier.shares: tier for tier in parse_table(table_text, board_lot, table_name)}
    top = max_price if max_price is not None else offer_price
    rounded: dict[str, str] = {}
    gross = Fraction(0)
    miss = Fraction(1)
    allotments = Fraction(0)
    charged = capital = ZERO
    first: Fraction | None = None
    for shares in apply:
        tier = tiers.get(shares)
        if tier is None:
            raise InputError(f"`apply` {shares:,}: the ballot table has no tier of that many shares")
        spread = outcomes(tier, board_lot)
        chance = sum((probability for lots, probability in spread if lots > 0), Fraction(0))
        first = chance if first is None else first
        gross += sum((probability * Fraction(pnl_of(lots * board_lot)) for lots, probability in spread), Fraction(0))
        miss *= 1 - chance
        allotments += chance
        amount = charges(shares, top, schedule, ROUND_EACH).amount_payable
        financed = ZERO
        if financing["financed"] is not None or financing["deposit"] is not None or financing["leverage"] is not None:
            deposit = financing["deposit"]
            terms = financing_terms(amount=amount, financed=financing["financed"],
                                    deposit=parse_deposit(deposit) if deposit is not None else None,
                                    leverage=financing["leverage"])
            financed = terms.financed
            charged = add(charged, interest(financed, financing["rate"], days or 0, financing["basis"])[0])
        capital = add(capital, sub(amount, financed), fee)
    assert first is not None
    total_cost = add(charged, mul(fee, len(apply)))
    expected = gross - Fraction(total_cost)
    ratio = annual = None
    if capital:
        ratio = fraction_value(expected * 100 / Fraction(capital), "return_on_capital_pct", rounded)
        if days:
            annual = fraction_value(expected * 100 * 365 / (Fraction(capital) * days), "annualised_pct", rounded)
    assumptions["apply"] = ("one application per account, each a tier of the ballot table priced as with `tier` (its "
                            "outcomes, its sale, its own financing on its amount payable at the maximum price, the "
                            "handling fee); expected P&L adds up; at least one lot = 1 - product of each one's chance "
                            "of none, the ballots taken as independent")
    result = result_type(
        applications=len(apply), probability_pct=fraction_value(first * 100, "probability_pct", rounded),
        at_least_one_pct=fraction_value((1 - miss) * 100, "at_least_one_pct", rounded),
        expected_allotments=fraction_value(allotments, "expected_allotments", rounded), handling_fee=fee,
        cost_of_applying=total_cost, expected_pnl=fraction_value(expected, "expected_pnl", rounded), capital=capital,
        return_on_capital_pct=ratio, days=days, annualised_pct=annual, **fields)
    return Computed(result, assumptions, rounded)
