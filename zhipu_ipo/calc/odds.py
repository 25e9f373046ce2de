"""The `ballot` command's calculation: the table's odds (``calc/ballot.py``) or, with `forecast`, the odds
forecast before the results (``calc/forecast.py``), each imported only when asked for; and the parsers of the
forecast's options."""

from __future__ import annotations

from ..errors import InputError, shown
from ..numbers import parse_shares

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Sequence

    from ..records import Computed


def parse_codes(text: str) -> tuple[str, ...]:
    """Stock codes, comma-separated (``2513,0100``): 2513 and 02513 are one code."""
    codes = []
    for part in text.split(","):
        code = part.strip()
        if not code.isdigit() or not code.isascii() or len(code) > 6:
            raise InputError(f"{shown(part)} is not a stock code (digits, e.g. 2513 or 02513; several: 2513,0100)")
        codes.append(str(int(code)))
    return tuple(dict.fromkeys(codes))


def parse_code(text: str) -> str:
    """One stock code, as ``parse_codes`` reads it (``02513`` is ``2513``)."""
    codes = parse_codes(text)
    if len(codes) != 1:
        raise InputError(f"{shown(text)}: give one stock code (e.g. 2513)")
    return codes[0]


def parse_code_list(text: str) -> str:
    """One `exclude` of ballot (repeatable): stock codes as ``parse_codes`` reads them, joined by commas."""
    return ",".join(parse_codes(text))


def excluded_codes(code: str | None, exclude: object) -> tuple[str, ...]:
    """The codes a forecast leaves out of the fit: the deal's own ``code`` first, then each of ``exclude`` (a code,
    codes joined by commas, or a sequence of either: an option given more than once), each once."""
    items = [] if exclude is None else [exclude] if isinstance(exclude, str) else list(exclude)  # type: ignore[call-overload]
    codes = [] if code is None else [str(int(code))]
    for item in items:
        for text in [item] if isinstance(item, str) else item:
            codes.extend(str(int(part)) for part in text.split(","))
    return tuple(dict.fromkeys(codes))


def parse_sizes(text: str) -> tuple[int, ...]:
    """Application sizes in shares joined by '+' (``100+200+1,000``)."""
    parts = [part.strip() for part in text.split("+")]
    if not all(parts):
        raise InputError(f"{shown(text)}: give sizes in shares joined by '+', e.g. 100+200+1,000")
    return tuple(sorted(set(parse_shares(part) for part in parts)))


def parse_sizes_as_given(text: str) -> tuple[int, ...]:
    """Application sizes as ``parse_sizes`` reads them, in the order given (plan pairs each with its chance of
    `probability`, in order); a size given twice is refused."""
    parts = [part.strip() for part in text.split("+")]
    if not all(parts):
        raise InputError(f"{shown(text)}: give sizes in shares joined by '+', e.g. 100+200+1,000")
    sizes = tuple(parse_shares(part) for part in parts)
    if len(set(sizes)) < len(sizes):
        raise InputError(f"{shown(text)}: a size is given twice")
    return sizes


def compute_ballot_forecast(
    *, forecast: bool = False, multiple: Decimal | None = None, regime: str | None = None,
    exclude: Sequence[str | tuple[str, ...]] | str | None = None, code: str | None = None,
    offered: int | None = None, sizes: tuple[int, ...] | None = None, table_text: str | None = None,
    table_name: str = "table", board_lot: int | None = None, max_price: Decimal | None = None,
    price: Decimal | None = None, pool_a: int | None = None, pool_b: int | None = None,
    public_shares: int | None = None, applications: int | None = None, apply: tuple[int, ...] | None = None,
    fee_schedule: str | None = None, fee_rounding: str | None = None, currency: str = "",
) -> Computed:
    """`ballot`: the table's odds (calc/ballot.py), or with `forecast` the odds forecast before the results."""
    if not forecast:
        for name, given in (("multiple", multiple), ("regime", regime), ("exclude", exclude), ("code", code),
                            ("offered", offered), ("sizes", sizes)):
            if given is not None:
                raise InputError(f"`{name}` goes with `forecast` (the odds before the results)")
        from .ballot import compute_ballot

        return compute_ballot(table_text=table_text, table_name=table_name, board_lot=board_lot,
                              max_price=max_price, price=price, pool_a=pool_a, pool_b=pool_b,
                              public_shares=public_shares, applications=applications, apply=apply,
                              fee_schedule=fee_schedule, fee_rounding=fee_rounding, currency=currency)
    if table_text is not None:
        raise InputError("`forecast` forecasts as if before the results: give no `table` (with the table, the odds "
                         "are the table's: leave out `forecast`)")
    if apply is not None:
        raise InputError("`apply` needs `table` (the basis of allotment), not `forecast`")
    from ..fees import DEFAULT_SCHEDULE, ROUND_EACH

    for name, given, default in (("fee_schedule", fee_schedule, DEFAULT_SCHEDULE), ("fee_rounding", fee_rounding,
                                                                                     ROUND_EACH)):
        if given is not None and given != default:  # (the default is the spec's, echoed in the inputs)
            raise InputError(f"`{name}` prices the application charges, which the forecast does not use (its money "
                             "figure is one lot at the maximum price, before charges): leave it out with `forecast`")
    if price is not None and max_price is not None:
        raise InputError(f"`price` {price:f} is not used by the forecast, which reckons one lot at the maximum price "
                         f"{max_price:f}: leave it out (to change the maximum, give the maximum price)")
    from .forecast import compute_forecast

    return compute_forecast(multiple=multiple, regime=regime, exclude=excluded_codes(None, exclude) or None,
                            code=code, offered=offered, sizes=sizes, board_lot=board_lot,
                            max_price=max_price if max_price is not None else price, pool_a=pool_a, pool_b=pool_b,
                            public_shares=public_shares, applications=applications, currency=currency)
