"""Dates as news text gives them, made ISO at the precision the text supports."""

from __future__ import annotations

import re

from kg.ingest.patterns import MONTHS

__all__ = ["normalise_date"]

_MONTHS = {m: i for i, m in enumerate(MONTHS[:12], 1)} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def normalise_date(text: str, published: str | None) -> tuple[str | None, str | None]:
    """ISO date for a date phrase; relative phrases need the publication date.

    >>> normalise_date("February 10, 2026", None)
    ('2026-02-10', None)
    >>> normalise_date("late April", "2025-09")
    ('2025-04', 'late April; year from the publication date')
    >>> normalise_date("last month", "2025-01-15")
    ('2024-12', 'last month; relative to the publication date')
    """
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text.strip()):
        return text.strip(), None
    words = re.findall(r"[A-Za-z]+|\d+", text.lower())
    year = next((int(w) for w in words if len(w) == 4 and w.isdigit()), None)
    month = next((_MONTHS[w] for w in words if w in _MONTHS), None)
    day = next((int(w) for w in words if w.isdigit() and len(w) <= 2), None)
    pub_year = int(published[:4]) if published else None
    pub_month = int(published[5:7]) if published and len(published) >= 7 else None
    if "last" in words or "this" in words or "next" in words:
        if pub_year is None:
            return None, None
        shift = -1 if "last" in words else (1 if "next" in words else 0)
        if "year" in words:
            return str(pub_year + shift), f"{text}; relative to the publication date"
        if "month" in words and pub_month:
            y, m = divmod(pub_year * 12 + pub_month - 1 + shift, 12)
            return f"{y}-{m + 1:02d}", f"{text}; relative to the publication date"
        return None, None
    if month is None:
        return (str(year), None) if year else (None, None)
    note = None
    if year is None:
        if pub_year is None:
            return None, None
        year = pub_year - 1 if pub_month and month > pub_month else pub_year
        note = f"{text}; year from the publication date"
    if day:
        return f"{year}-{month:02d}-{day:02d}", note
    return f"{year}-{month:02d}", note
