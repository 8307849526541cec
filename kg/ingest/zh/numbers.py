"""Chinese dates and figures, made ISO dates and typed quantities.

Dates: "2025年3月22日", "2025年3月", "3月22日", "今年", "去年3月", "上月25日", "本月初"; those without a
year are placed against the publication date, and say so in their note. Figures: "3896亿元"
(389,600,000,000 CNY), "4600多万千瓦时", "超过500个场景" (more than 500 场景), "五个以上", "百分之十",
"54.14%".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

__all__ = ["chinese_number", "zh_date", "zh_quantity"]

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_SCALES = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "千": 1e3,
}
_QUALIFIERS = {
    "超过": "more_than", "超": "more_than", "逾": "more_than", "高于": "more_than", "以上": "more_than",
    "多": "more_than", "余": "more_than", "至少": "at_least", "近": "approximately", "约": "approximately",
    "左右": "approximately", "不到": "less_than", "不足": "less_than", "低于": "less_than",
}  # fmt: skip
_CURRENCY = {"亿元": ("CNY", 1e8), "万元": ("CNY", 1e4), "元": ("CNY", 1.0), "美元": ("USD", 1.0)}


def chinese_number(text: str) -> float | None:
    """The value of a number written in digits or Chinese numerals.

    >>> chinese_number("3,896"), chinese_number("十"), chinese_number("二十五"), chinese_number("百")
    (3896.0, 10.0, 25.0, 100.0)
    >>> chinese_number("三四")  # "三四款": three or four, not a number to record
    """
    text = text.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None:
                return None  # two digits in a row: a range ("三四"), not one number
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def zh_quantity(parts: dict[str, str | None], counted: str = "") -> dict[str, Any] | None:
    """A quantity from the named groups of the figure rule; ``counted`` is the noun after a
    classifier ("500个场景": 场景).

    >>> zh_quantity({"num": "3896", "scale": "亿", "unit": "元"})
    {'value': 389600000000.0, 'unit': 'CNY', 'qualifier': 'exact'}
    >>> zh_quantity({"qual": "超过", "num": "500", "unit": "个"}, counted="场景")
    {'value': 500.0, 'unit': '场景', 'qualifier': 'more_than'}
    >>> zh_quantity({"num": "54.14", "unit": "%"})
    {'value': 54.14, 'unit': '%', 'qualifier': 'exact'}
    """
    value = chinese_number(parts.get("num") or "")
    if value is None:
        return None
    unit = parts.get("unit") or ""
    scale = parts.get("scale") or ""
    if unit in ("亿元", "万元") and scale:
        scale, unit = scale + unit[0], "元"  # "万亿元" is read as 万亿 + 元
    value *= _SCALES.get(scale, 1.0)
    if unit in _CURRENCY:
        code, factor = _CURRENCY[unit]
        value, unit = value * factor, code
    elif unit in ("％", "%"):
        unit = "%"
    elif unit == "个百分点":
        unit = "percentage points"
    elif counted:
        unit = counted
    qualifier = "exact"
    for key in ("qual", "more", "approx"):
        word = parts.get(key)
        if word and word in _QUALIFIERS:
            qualifier = _QUALIFIERS[word]
    return {"value": value, "unit": unit or "items", "qualifier": qualifier}


def _published(published: str | None) -> tuple[int | None, int | None]:
    parts = [int(p) for p in (published or "").split("-")[:2] if p.isdigit()]
    padded = [*parts, None, None]
    return padded[0], padded[1]


def zh_date(text: str, published: str | None) -> tuple[str | None, str | None]:
    """ISO date of a Chinese date phrase, and a note when it was placed against the publication date.

    >>> zh_date("2025年3月22日", None), zh_date("2024年", None)
    (('2025-03-22', None), ('2024', None))
    >>> zh_date("去年3月", "2026-02-14")
    ('2025-03', '去年3月; relative to the publication date')
    >>> zh_date("上月25日", "2025-03-28")
    ('2025-02-25', '上月25日; relative to the publication date')
    >>> zh_date("11月25日", "2025-12-09")
    ('2025-11-25', '11月25日; year from the publication date')
    >>> zh_date("今年", None)
    (None, None)
    """
    year = re.search(r"((?:19|20)\d{2})年", text)
    month = re.search(r"(\d{1,2})月", text)
    day = re.search(r"(\d{1,2})日", text)
    pub_year, pub_month = _published(published)
    note = None
    y = int(year.group(1)) if year else None
    m = int(month.group(1)) if month else None
    relative = {"今年": 0, "当年": 0, "去年": -1, "前年": -2, "明年": 1}
    for word, shift in relative.items():
        if text.startswith(word):
            if pub_year is None:
                return None, None
            y, note = pub_year + shift, f"{text}; relative to the publication date"
    for word, shift in (("上个月", -1), ("上月", -1), ("本月", 0)):
        if text.startswith(word):
            if pub_year is None or pub_month is None:
                return None, None
            y, m = divmod(pub_year * 12 + pub_month - 1 + shift, 12)
            m += 1
            note = f"{text}; relative to the publication date"
    if text.startswith(("昨天", "昨日", "今天", "今日", "上周", "本周")):
        return (published, f"{text}; relative to the publication date") if published else (None, None)
    if y is None and m is not None:
        if pub_year is None:
            return None, None
        later = pub_month is not None and m > pub_month
        y, note = (pub_year - 1 if later else pub_year), f"{text}; year from the publication date"
    if y is None:
        return None, None
    if m is None:
        return str(y), note
    if not 1 <= m <= 12:
        return None, None
    if day:
        try:
            return dt.date(y, m, int(day.group(1))).isoformat(), note
        except ValueError:
            return None, None
    return f"{y}-{m:02d}", note
