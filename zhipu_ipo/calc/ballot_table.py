"""The basis-of-allotment table: CSV text in, checked tiers out (pure: no I/O, no odds).

Every allotment-results announcement prints, for each application size in pool A and
pool B, the number of valid applications and the basis of allotment ("4,643 out of
92,859 applicants to receive 100 H Shares", "100 H Shares plus 933 out of 2,914
applicants to receive an additional 100 H Shares"). This module reads that table,
the basis copied verbatim in English or Chinese, and checks each row against the
board lot and the rows around it; InputError names the line and the tier. The odds
are computed from the tiers in ``calc/ballot.py``.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from ..tuples import named_tuple
from ..errors import InputError, at_fault, shown
from ..numbers import MAX_INTEGER_DIGITS, parse_count, parse_percent_or_zero, parse_shares

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time
if TYPE_CHECKING:
    from fractions import Fraction
    from typing import Any, Iterator

HEADER = ("pool", "shares_applied", "valid_applications", "basis")
#: The printed "approximate % allotted" may come as a fifth column, to be checked.
PRINTED_COLUMN = "printed_pct"
MAX_TIERS = 2_000
#: A tier or basis that is not in whole board lots: the board lot (the calculation's parameter, which each edge
#: names its own way: the option, or the deal's [offer] board_lot) is not the table's.
LOT_MISFIT = "(`board_lot` does not fit this table)"
POOLS = {"a": "A", "b": "B", "甲": "A", "乙": "B", "甲組": "A", "乙組": "B", "甲组": "A", "乙组": "B"}


class Basis(named_tuple("Basis", "fixed winners out_of additional")):
    """A tier's basis of allotment: ``fixed`` shares to every applicant, plus ``winners`` of ``out_of``
    applicants drawn to receive ``additional`` shares each."""

    __slots__ = ()
    fixed: int
    winners: int
    out_of: int
    additional: int


#: The Chinese forms of the basis, as pattern text: `re` compiles (and caches) one on its first use, so a table
#: in English compiles none of them. The English forms are read word by word (``_english_basis``).
_NUM = r"(\d+)"
#: "股", "股份", "股H股", "H股", and the 2025 Chinese announcements' "股股份" (Mixue 02097: "200 股股份").
_ZH_SHARES = r"(?:股(?:h股|股份)?|h股)(?:份)?"
_ZH_GET = r"(?:獲發|获发|獲配發|获配发|獲配|获配|獲得|获得)"
#: "Y名中X名", or "Y名申請人中有X名" (Mixue 02097: "93,805 名申請人中有 7,504 名獲得 100 股股份").
_ZH_AMONG = r"名(?:申請人|申请人)?中有?"
_ZH_BALLOT = _NUM + _ZH_AMONG + _NUM + r"名" + _ZH_GET + _NUM + _ZH_SHARES
_ZH_PLUS = (_NUM + _ZH_SHARES + r"(?:另加|加)" + _NUM + _ZH_AMONG + _NUM + r"名" + _ZH_GET
            + r"(?:額外|额外)" + _NUM + _ZH_SHARES)
_ZH_FIXED = _NUM + _ZH_SHARES
_GROUPED = r"(?<=\d),(?=\d{3}(?!\d))"
BASIS_FORMS = ('"X out of Y applicants to receive Z shares", "Z shares", "Z shares plus X out of Y applicants '
               'to receive an additional W shares", "Y名中X名獲發Z股", "Z股另加Y名中X名獲發額外W股", '
               '"Y名申請人中有X名獲得Z股股份", "Z股股份加Y名申請人中有X名獲得額外W股股份"')


def _whole(digits: str) -> int:
    """A number of the basis, within the number parser's bound (below 10**15)."""
    if len(digits.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise InputError(f"the basis has the number {shown(digits)}, too large (the limit is below "
                         f"10^{MAX_INTEGER_DIGITS})")
    return int(digits)


def parse_basis(text: str) -> Basis:
    """A basis of allotment in its usual English or Chinese forms; InputError for anything else."""
    plain = text
    if not plain.isascii():
        import unicodedata

        plain = unicodedata.normalize("NFKC", plain)
    plain = " ".join(plain.split())
    if "," in plain:
        plain = re.sub(_GROUPED, "", plain)
    plain = plain.rstrip(".。;；")
    if not plain:
        raise InputError("empty basis of allotment")
    if not plain.isascii() and any("\u4e00" <= char <= "\u9fff" for char in plain):  # CJK ideographs
        compact_text = "".join(plain.split()).lower()
        if match := re.fullmatch(_ZH_PLUS, compact_text):
            fixed, out_of, winners, additional = (_whole(group) for group in match.groups())
            return Basis(fixed, winners, out_of, additional)
        if match := re.fullmatch(_ZH_BALLOT, compact_text):
            out_of, winners, additional = (_whole(group) for group in match.groups())
            return Basis(0, winners, out_of, additional)
        if match := re.fullmatch(_ZH_FIXED, compact_text):
            return Basis(_whole(match.group(1)), 0, 0, 0)
    elif (basis := _english_basis(plain.casefold().split())) is not None:
        return basis
    raise InputError(f"cannot read the basis {shown(text)}: the forms read are {BASIS_FORMS}")


def _english_basis(words: list[str]) -> Basis | None:
    """The English forms, word by word: "Z shares", "X out of Y [successful] [applicants] to receive Z shares",
    "Z shares plus X out of Y ... to receive [an] additional W shares" (shares: "[H] [Offer] Share(s)")."""
    if len(words) < 2 or not words[0].isdecimal():
        return None
    after_shares = _shares_end(words, 1)
    if after_shares == len(words):
        return Basis(_whole(words[0]), 0, 0, 0)
    if after_shares and words[after_shares] == "plus":
        ballot = _ballot_words(words, after_shares + 1, additional=True)
        return Basis(_whole(words[0]), *ballot) if ballot else None
    ballot = _ballot_words(words, 0, additional=False)
    return Basis(0, *ballot) if ballot else None


def _ballot_words(words: list[str], start: int, additional: bool) -> tuple[int, int, int] | None:
    """(winners, out of, shares) of "X out of Y [[successful] applicants|applications] to receive [[an] additional]
    Z shares" from ``words[start]`` to the end."""
    if (len(words) < start + 4 or not words[start].isdecimal() or words[start + 1:start + 3] != ["out", "of"]
            or not words[start + 3].isdecimal()):
        return None
    out_of, at = words[start + 3], start + 4
    if words[at:at + 1] == ["successful"] and words[at + 1:at + 2] and words[at + 1] in _APPLICANTS:
        at += 2
    elif words[at:at + 1] and words[at] in _APPLICANTS:
        at += 1
    if words[at:at + 2] != ["to", "receive"]:
        return None
    at += 2
    if additional:
        at += words[at:at + 1] == ["an"]
        if words[at:at + 1] != ["additional"]:
            return None
        at += 1
    if at >= len(words) or not words[at].isdecimal() or _shares_end(words, at + 1) != len(words):
        return None
    return _whole(words[start]), _whole(out_of), _whole(words[at])


_APPLICANTS = ("applicant", "applicants", "application", "applications")


def _shares_end(words: list[str], at: int) -> int:
    """The index after "[H] [Offer] Share(s)" at ``words[at]``, or 0 when it is not there."""
    at += words[at:at + 1] == ["h"]
    at += words[at:at + 1] == ["offer"]
    return at + 1 if words[at:at + 1] in (["share"], ["shares"]) else 0


class Tier(named_tuple("Tier", "line pool shares applications basis basis_text printed_pct")):
    __slots__ = ()
    line: int
    pool: str | None  # None: from the HK$5m boundary
    shares: int
    applications: int
    basis: Basis
    basis_text: str
    printed_pct: Decimal | None


def tier_place(line: int, pool: str | None, shares: int | None, name: str = "table") -> str:
    """Where a tier is, for a message: ``table line 3 (pool A, 100 shares)``; ``name`` names the table (its file, or
    the deal's ``[ballot] table``)."""
    tier = f"pool {pool}, " if pool else ""
    return f"{name} line {line} ({tier}{shares:,} shares)" if shares is not None else f"{name} line {line}"


def table_label(name: str) -> str:
    """The table's name for a message: as given when printable (the edges compose it from parts already made legible,
    ``deal.toml [ballot] table``: cutting it to length would cut off the key), else quoted."""
    return name if name.isprintable() else shown(name)


def parse_table(text: str, board_lot: int, name: str = "table") -> list[Tier]:
    """The CSV basis-of-allotment table, checked row by row; InputError names the table, the line and the tier (and
    as its parameter `table`, unless the board lot is what does not fit)."""
    try:
        return _parsed_table(text, board_lot, name)
    except InputError as error:
        raise at_fault(error, "table") from None


def _parsed_table(text: str, board_lot: int, name: str) -> list[Tier]:
    name = table_label(name)
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    tiers: list[Tier] = []
    header: list[str] | None = None
    for row in _rows(reader, name):
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in row]
            if tuple(header[:4]) != HEADER or header[4:] not in ([], [PRINTED_COLUMN]):
                raise InputError(f"{name} line {line}: the header must be {','.join(HEADER)} "
                                 f"(optionally ,{PRINTED_COLUMN}); got {shown(','.join(row))}")
            continue
        if len(row) != len(header):
            raise InputError(f"{tier_place(line, None, None, name)}: {len(row)} columns, expected {len(header)} "
                             f"({','.join(header)}); quote a basis that contains commas")
        if len(tiers) >= MAX_TIERS:
            raise InputError(f"{name}: more than {MAX_TIERS:,} tiers")
        tiers.append(_tier(line, row, board_lot, name))
    if header is None:
        raise InputError(f"{name} is empty: give a CSV with the header {','.join(HEADER)}")
    if not tiers:
        raise InputError(f"{name} has a header but no tiers")
    check_order(tiers, name)
    return tiers


def _rows(reader: Any, name: str) -> Iterator[list[str]]:
    """The CSV rows; a malformed CSV (a cell over the csv module's field limit, say) is one InputError line."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise InputError(f"{name} line {reader.line_num}: not a CSV row the table reads ({error})") from None
        yield row


def _tier(line: int, row: list[str], board_lot: int, name: str) -> Tier:
    pool_text, shares_text, applications_text, basis_text = (cell.strip() for cell in row[:4])
    pool = POOLS.get(pool_text.lower()) if pool_text else None
    if pool_text and pool is None:
        raise InputError(f"{tier_place(line, None, None, name)}: pool {shown(pool_text)} is not A or B")
    try:
        shares = parse_shares(shares_text)
    except InputError as error:
        raise InputError(f"{tier_place(line, pool, None, name)}: shares applied for: {error}") from None
    where = tier_place(line, pool, shares, name)
    try:
        applications = parse_count(applications_text)
    except InputError as error:
        raise InputError(f"{where}: valid applications: {error}") from None
    if applications == 0:
        raise InputError(f"{where}: no valid applications; leave a tier without applications out")
    try:
        basis = parse_basis(basis_text)
    except InputError as error:
        raise InputError(f"{where}: {error}") from None
    printed = None
    if len(row) > 4 and row[4].strip():
        try:  # the number parser's bounds, as for any typed percentage: at most 64 characters, 10 places, 0-100%
            printed = parse_percent_or_zero(row[4].strip())
        except InputError as error:
            raise InputError(f"{where}: printed %: {error}") from None
    _check_tier(where, shares, applications, basis, board_lot)
    return Tier(line, pool, shares, applications, basis, " ".join(basis_text.split()), printed)


def _check_tier(where: str, shares: int, applications: int, basis: Basis, lot: int) -> None:
    if shares % lot:
        raise InputError(f"{where}: {shares:,} shares is not a whole number of board lots of {lot:,} {LOT_MISFIT}",
                         "board_lot")
    for amount in (basis.fixed, basis.additional):
        if amount % lot:
            raise InputError(f"{where}: the basis allots {amount:,} shares, not a whole number of board lots "
                             f"of {lot:,} {LOT_MISFIT}", "board_lot")
    if basis.out_of or basis.winners:
        if basis.additional == 0:
            raise InputError(f"{where}: a ballot of {basis.winners:,} out of {basis.out_of:,} allots no shares")
        if basis.winners > basis.out_of:
            raise InputError(f"{where}: more winners ({basis.winners:,}) than applicants ({basis.out_of:,})")
        if basis.out_of != applications:
            raise InputError(f"{where}: the ballot is out of {basis.out_of:,} applicants but the tier has "
                             f"{applications:,} valid applications")
    elif basis.fixed == 0:
        raise InputError(f"{where}: the basis allots no shares")
    most = basis.fixed + (basis.additional if basis.winners else 0)
    if most > shares:
        raise InputError(f"{where}: an applicant could receive {most:,} shares, more than the {shares:,} applied for")


def check_order(tiers: list[Tier], name: str = "table") -> None:
    previous: Tier | None = None
    seen_b = False
    for tier in tiers:
        if tier.pool == "B":
            seen_b = True
        elif tier.pool == "A" and seen_b:
            raise InputError(f"{tier_place(tier.line, tier.pool, tier.shares, name)}: a pool A tier after pool B; "
                             "pool A (HK$5m or less) comes first")
        if previous is not None and tier.shares <= previous.shares:
            raise InputError(f"{tier_place(tier.line, tier.pool, tier.shares, name)}: tier out of order, not larger than "
                             f"the {previous.shares:,} shares on line {previous.line}")
        previous = tier


__all__ = ["HEADER", "MAX_TIERS", "PRINTED_COLUMN", "Basis", "Tier", "check_order", "parse_basis", "parse_table",
           "table_label", "tier_place"]


def outcomes(tier: Tier, lot: int) -> list[tuple[int, Fraction]]:
    """(lots allotted, probability) for one applicant of a tier: one or two outcomes, exactly."""
    from fractions import Fraction  # here, not at the top: reading a table (a preset's report) needs no fractions

    basis = tier.basis
    fixed = basis.fixed // lot
    if not basis.winners:
        return [(fixed, Fraction(1))]
    won = Fraction(basis.winners, basis.out_of)
    return [(fixed, 1 - won), (fixed + basis.additional // lot, won)]
