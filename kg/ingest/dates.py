"""Dates as news text gives them, made ISO at the precision the text supports.

Relative dates ("on Wednesday", "last December", "September 17", "last month") are placed
against the publication date, and say so in their note.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["normalise_date"]

_MONTH_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"]  # fmt: skip
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)} | {m[:3]: i for i, m in enumerate(_MONTH_NAMES, 1)}
_MONTHS["sept"] = 9
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _published(published: str | None) -> tuple[int | None, int | None, int | None]:
    parts = [int(p) for p in (published or "").split("-") if p.isdigit()]
    return (*parts, None, None, None)[:3]  # type: ignore[return-value]


def normalise_date(text: str, published: str | None) -> tuple[str | None, str | None]:
    """ISO date for a date phrase, and a note when it was placed against the publication date.

    >>> normalise_date("February 10, 2026", None)
    ('2026-02-10', None)
    >>> normalise_date("late April", "2025-09")
    ('2025-04', 'late April; year from the publication date')
    >>> normalise_date("last month", "2025-01-15")
    ('2024-12', 'last month; relative to the publication date')
    >>> normalise_date("on Wednesday", "2025-09-17")
    ('2025-09-17', 'on Wednesday; the last Wednesday up to the publication date')
    >>> normalise_date("last December", "2025-04-22")
    ('2024-12', 'last December; relative to the publication date')
    """
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text.strip()):
        return text.strip(), None
    words = re.findall(r"[A-Za-z]+|\d+", text.lower())
    year = next((int(w) for w in words if len(w) == 4 and w.isdigit()), None)
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2), None)
    weekday = next((_WEEKDAYS.index(w) for w in words if w in _WEEKDAYS), None)
    pub_year, pub_month, pub_day = _published(published)
    relative = f"{text}; relative to the publication date"
    if weekday is not None:
        if not (pub_year and pub_month and pub_day):
            return None, None
        pub = dt.date(pub_year, pub_month, pub_day)
        back = (pub.weekday() - weekday) % 7 + (7 if "last" in words and pub.weekday() == weekday else 0)
        day_of = pub - dt.timedelta(days=back)
        return day_of.isoformat(), f"{text}; the last {_WEEKDAYS[weekday].title()} up to the publication date"
    shift = -1 if "last" in words else (1 if "next" in words else 0)
    if month is None:
        if not ({"last", "this", "next", "earlier", "later"} & set(words)) or pub_year is None:
            return (str(year), None) if year else (None, None)
        if "year" in words:
            return str(pub_year + shift), relative
        if "month" in words and pub_month:
            y, m = divmod(pub_year * 12 + pub_month - 1 + shift, 12)
            return f"{y}-{m + 1:02d}", relative
        return None, None
    note = None
    if year is None:
        if pub_year is None:
            return None, None
        if "year" in words:  # "in early February last year"
            year, note = pub_year + shift, relative
        elif "last" in words:  # "last December": the one before the publication month
            year, note = (pub_year - 1 if pub_month is None or month >= pub_month else pub_year), relative
        else:
            later = pub_month is not None and (month, day or 0) > (pub_month, pub_day or 31)
            year = pub_year - 1 if later and "next" not in words else pub_year
            note = f"{text}; year from the publication date"
    if day:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None, None
        return f"{year}-{month:02d}-{day:02d}", note
    return f"{year}-{month:02d}", note
