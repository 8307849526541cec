"""A mention: a span of an article and what it names or states, with how it was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Mention"]


@dataclass(frozen=True)
class Mention:
    """A span of the article and what it names (or states), with how it was found."""

    text: str
    start: int  # character offsets
    end: int
    label: str  # a node type, or DATE / FIGURE
    sentence: int
    first: int  # word offsets
    last: int
    entities: tuple[str, ...] = ()  # known entities it may name, most likely first
    rule: str = ""
    confidence: float = 1.0
    parent: str | None = None  # the organisation or model a unit's or version's name starts with
    refers: str | None = None  # the fuller name this short one stands for ("TeleAI", "Liu")
    value: Any = field(default=None, compare=False, hash=False)  # ISO date or Quantity dict
