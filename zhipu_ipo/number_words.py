"""The words and marks a typed number may carry besides its digits, for ``numbers.parse_decimal``.

Unit words and their scales (``bn``, ``萬``, ``億``), currency marks before or after the
number (``HK$``, ``港元``), the suffixes of a percentage and of a multiple, and the unit
refused as ambiguous (``兆``). Data only: the parser is ``numbers.py``.
"""

from __future__ import annotations

UNIT_SCALES: dict[str, int] = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mil": 10**6,
    "million": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "tn": 10**12,
    "trillion": 10**12,
    "千": 10**3,
    "萬": 10**4,
    "万": 10**4,
    "十萬": 10**5,
    "十万": 10**5,
    "百萬": 10**6,
    "百万": 10**6,
    "千萬": 10**7,
    "千万": 10**7,
    "億": 10**8,
    "亿": 10**8,
    "萬億": 10**12,
    "万亿": 10**12,
}
# Longest first, so that "百萬" wins over "萬" and "bn" over "n".
UNITS_BY_LENGTH = sorted(UNIT_SCALES, key=len, reverse=True)

CURRENCY_PREFIXES = ("hk$", "us$", "hkd", "usd", "cny", "rmb", "$", "¥")
CURRENCY_SUFFIXES = ("港元", "港幣", "港币", "美元", "人民幣", "人民币", "元", "hkd", "usd", "cny", "rmb")
MULTIPLE_SUFFIXES = ("times", "倍", "x", "×")
PERCENT_SUFFIXES = ("%",)

AMBIGUOUS_UNITS = {
    "兆": "'兆' is ambiguous (10^12 in Hong Kong and Taiwan, 10^6 on the mainland): write 萬億 or 百萬",
}
