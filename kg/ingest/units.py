"""A firm the text calls a state firm's unit is a state firm: "Sanmen Nuclear Power Co, a CNNP
subsidiary", "Voyah, a unit of Dongfeng Motor", "X Engineering Bureau, another CSCEC unit".

A company-shaped name says nothing of who owns it; the apposition right after it does. Only a
name found by its shape (no known entity) is retyped, and only to the type of the known owner.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg.ingest.tokens import Tokens

if TYPE_CHECKING:
    from kg.ingest.mention import Mention

__all__ = ["state_units"]

_UNIT = {"subsidiary", "unit", "affiliate", "arm", "division", "branch"}
_ARTICLE = {"a", "an", "another"}
_RETYPED = {"Company", "Agency"}


def state_units(tokens: Tokens, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with each company- or agency-shaped new name followed by ", a <SOE> unit" or
    ", a unit of <SOE>" typed SOE (the owner's type: a unit of a state firm is one too)."""
    at = {m.first: m for m in mentions}
    lower = tokens.lower
    owners: dict[str, Mention] = {}  # name -> its owner, for every mention of the name
    for m in mentions:
        i = m.last
        if m.label in _RETYPED and not m.entities and lower[i : i + 1] == [","] and lower[i + 1 : i + 2]:
            owner = _owner(lower, at, i + 2) if lower[i + 1] in _ARTICLE else None
            if owner is not None and owner.label == "SOE":
                owners.setdefault(m.text, owner)
    return [
        replace(m, label="SOE", parent=owners[m.text].entities[0] if owners[m.text].entities else m.parent)
        if m.text in owners and m.label in _RETYPED and not m.entities
        else m
        for m in mentions
    ]


def _owner(lower: list[str], at: dict[int, Mention], i: int) -> Mention | None:
    """The organisation of "<ORG> subsidiary" or "subsidiary of <ORG>" starting at word ``i``."""
    first = at.get(i)
    if first is not None and first.last < len(lower) and lower[first.last] in _UNIT:
        return first
    if i + 1 < len(lower) and lower[i] in _UNIT and lower[i + 1] == "of":
        return at.get(i + 2)
    return None
