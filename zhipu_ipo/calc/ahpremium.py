"""The A/H premium of a company listed in both Shanghai/Shenzhen (A shares, CNY) and Hong Kong (H shares, HKD).

Two conventions are in use and both are given by name:

- ``premium_pct`` = (A / (H x RATE) - 1) x 100, the Hang Seng AH Premium Index convention: the
  index is 100 at parity, and 146.73 means "A shares are trading at an average premium of 46.73%
  above H shares" (HSI Services launch release, 2007);
- ``h_discount_to_a_pct`` = (A - H x RATE) / A x 100: the H share's discount measured on the A
  price. Chinese portals print its negative as 溢價(H/A) ("H×RATE vs A, positive when H is dearer").

RATE is CNY per HKD (the price of one Hong Kong dollar in renminbi).
"""

from __future__ import annotations

from decimal import Decimal

from ..errors import InputError
from ..numbers import HUNDRED, mul, quotient, sub
from ..records import Computed, Kind, record, value

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any

HANG_SENG_CONVENTION = (
    "Hang Seng (Stock Connect) China AH Premium Index convention: (A / (H x RATE) - 1) x 100; the index is 100 "
    "when A and H prices are at par and 146.73 meant 'A shares ... at an average premium of 46.73% above H shares' "
    "(HSI Services, June 2007, quoted at http://www.letsthinkchina.com/2007/06/very-important-h-share-index-is.html; "
    "methodology: Hang Seng Stock Connect China AH Index Series v1.2, "
    "https://vdocuments.mx/hang-seng-stock-connect-china-ah-index-series-12-sept-2017-renamed-hang-seng-china.html)"
)
A_BASE_CONVENTION = (
    "the other convention: (A - H x RATE) / A x 100, the H share's discount as a share of the A price; its negative "
    "is the 溢價(H/A) that Chinese portals print (https://www.weiguantong.com/a/72493.html)"
)


@record
class AhPremiumResult:
    # Prices in two currencies: shown exactly, as rates are, with the currency in the label (no `fx` here).
    a_price: Decimal | None = value("A-share price, CNY", Kind.RATE)
    h_price: Decimal | None = value("H-share price, HKD", Kind.RATE)
    cny_per_hkd: Decimal | None = value("CNY per HKD", Kind.RATE)
    h_price_cny: Decimal | None = value("H-share price in CNY (H x rate)", Kind.RATE)
    premium_pct: Decimal | None = value("A/H premium (Hang Seng convention)", Kind.CHANGE)
    h_discount_to_a_pct: Decimal | None = value("H discount to A, % of A (other convention)", Kind.CHANGE)
    cheaper_line: str | None = value("Cheaper line", Kind.TEXT)


def compute_ah_premium(
    *, a_price: Decimal | None = None, h_price: Decimal | None = None, cny_per_hkd: Decimal | None = None,
) -> Computed:
    """Both A/H premium conventions for one A price (CNY), one H price (HKD) and a CNY-per-HKD rate."""
    if a_price is None or h_price is None or cny_per_hkd is None:
        raise InputError("give `a_price` (CNY), `h_price` (HKD) and `cny_per_hkd` (renminbi per Hong Kong dollar)")
    rounded: dict[str, str] = {}
    h_cny = mul(h_price, cny_per_hkd)
    gap = sub(a_price, h_cny)
    premium = quotient(mul(gap, HUNDRED), h_cny, "premium_pct", rounded)  # (A / (H x RATE) - 1) x 100, one division
    discount = quotient(mul(gap, HUNDRED), a_price, "h_discount_to_a_pct", rounded)  # (A - H x RATE) / A x 100
    cheaper = "H shares" if gap > 0 else "A shares" if gap < 0 else "neither (at par)"
    assumptions: dict[str, Any] = {
        "h_price_cny": "H price x CNY per HKD, exact",
        "premium_pct": HANG_SENG_CONVENTION,
        "h_discount_to_a_pct": A_BASE_CONVENTION,
        "cny_per_hkd": "as given: renminbi per Hong Kong dollar, taken at the same moment as both prices",
    }
    result = AhPremiumResult(a_price=a_price, h_price=h_price, cny_per_hkd=cny_per_hkd, h_price_cny=h_cny,
                             premium_pct=premium, h_discount_to_a_pct=discount, cheaper_line=cheaper)
    return Computed(result, assumptions, rounded)
