"""Figures with units: ``300 billion parameters``, ``1,675 PFLOPS``, ``USD 5.6 billion``.

A :class:`Quantity` keeps the number as a float, its unit as a string and how the
text qualified it ("more than 4,700 models"), so figures stay typed and comparable.
"""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

__all__ = ["Qualifier", "Quantity", "parse_quantity"]

Qualifier = Literal["exact", "approximately", "more_than", "at_least", "less_than", "up_to"]

_QUALIFIERS: dict[str, Qualifier] = {
    "more than": "more_than",
    "over": "more_than",
    "exceeding": "more_than",
    ">": "more_than",
    "at least": "at_least",
    "about": "approximately",
    "around": "approximately",
    "approximately": "approximately",
    "nearly": "approximately",
    "~": "approximately",
    "less than": "less_than",
    "under": "less_than",
    "<": "less_than",
    "up to": "up_to",
}
MAX_FIGURE = 1e18  # a quintillion: past any count, amount or computing power in these documents
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_CURRENCIES = {"usd": "USD", "$": "USD", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "¥": "CNY"}

_PATTERN = re.compile(
    r"^\s*(?P<qual>more than|at least|less than|up to|approximately|about|around|nearly|"
    r"over|exceeding|under|[<>~])?\s*"
    r"(?P<cur>USD|CNY|RMB|\$|¥)?\s*"
    r"(?P<num>[-+]?\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<scale>thousand|million|billion|trillion)?\s*"
    r"(?P<unit>.*?)\s*$",
    re.IGNORECASE,
)


class Quantity(BaseModel):
    """A number with its unit, as the text states it.

    Accepts a mapping or a compact string.

    >>> Quantity.model_validate("more than 4,700 models")
    Quantity(value=4700.0, unit='models', qualifier='more_than')
    >>> str(Quantity.model_validate("USD 5.6 billion"))
    'USD 5,600,000,000'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    unit: str
    qualifier: Qualifier = "exact"

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return parse_quantity(data)
        return data

    @model_validator(mode="after")
    def _plausible(self) -> Quantity:
        # A change in percent may be negative; a count, size or amount cannot be below zero.
        if not math.isfinite(self.value) or abs(self.value) > MAX_FIGURE:
            limit = f"limit {MAX_FIGURE:g}"
            raise ValueError(f"figure {self.value:g} {self.unit} is beyond any real quantity ({limit})")
        if self.value < 0 and self.unit != "%":
            raise ValueError(f"figure {self.value:g} {self.unit} cannot be negative (only a % change can)")
        return self

    def readable(self) -> str:
        """The figure as a sentence would give it: large numbers in words, qualifier first.

        >>> Quantity.model_validate("300 billion parameters").readable()
        '300 billion parameters'
        >>> Quantity.model_validate("more than 4,700 models").readable()
        'more than 4,700 models'
        >>> Quantity.model_validate("USD 5.6 billion").readable(), Quantity(value=82.5, unit="%").readable()
        ('USD 5.6 billion', '82.5%')
        """
        size, scale = abs(self.value), ""
        for factor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
            if size >= factor:
                number = f"{self.value / factor:,.2f}".rstrip("0").rstrip(".")
                scale = f" {word}"
                break
        else:
            number = f"{self.value:,.0f}" if self.value == int(self.value) else f"{self.value:,}"
        prefix = {"exact": ""}.get(self.qualifier, self.qualifier.replace("_", " ") + " ")
        if self.unit in ("USD", "CNY"):
            return f"{prefix}{self.unit} {number}{scale}"
        sep = "" if self.unit == "%" and not scale else " "
        return f"{prefix}{number}{scale}{sep}{self.unit}"

    def __str__(self) -> str:
        number = f"{self.value:,.0f}" if self.value == int(self.value) else f"{self.value:,}"
        prefix = {"exact": ""}.get(self.qualifier, self.qualifier.replace("_", " ") + " ")
        if self.unit in ("USD", "CNY"):
            return f"{prefix}{self.unit} {number}"
        sep = "" if self.unit == "%" else " "
        return f"{prefix}{number}{sep}{self.unit}"


def parse_quantity(text: str) -> dict[str, Any]:
    """Split a figure's text into value, unit and qualifier.

    >>> parse_quantity("1,675 PFLOPS")
    {'value': 1675.0, 'unit': 'PFLOPS', 'qualifier': 'exact'}
    >>> parse_quantity("300 billion parameters")["value"]
    300000000000.0
    >>> parse_quantity("71.4 trillion yuan")["unit"]
    'CNY'
    """
    match = _PATTERN.match(text)
    if match is None:
        raise ValueError(f"not a figure with a unit: {text!r}")
    value = float(match["num"].replace(",", ""))
    if match["scale"]:
        value *= _SCALES[match["scale"].lower()]
    unit = match["unit"].strip()
    currency = match["cur"] or (unit if unit.lower() in _CURRENCIES else None)
    if currency:
        if match["cur"] and unit:
            raise ValueError(f"a currency figure has no other unit: {text!r}")
        unit = _CURRENCIES[currency.lower()]
    if unit.lower() in ("percent", "per cent"):
        unit = "%"
    if not unit:
        raise ValueError(f"figure without a unit: {text!r}")
    qualifier = _QUALIFIERS[match["qual"].lower()] if match["qual"] else "exact"
    return {"value": value, "unit": unit, "qualifier": qualifier}
