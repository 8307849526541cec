"""What relation rules read and propose: entities in a sentence, and facts with their sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.model import ORGANISATIONS

__all__ = ["ORGS", "At", "Node", "ProposedFact", "Ref", "combined_confidence"]

# Organisations, as the model declares the family (a name may be any of them until read closely).
ORGS = ORGANISATIONS


@dataclass(frozen=True)
class Node:
    """An entity a mention resolved to: a catalog or gazetteer id, or a new candidate's key."""

    key: str
    type: str
    name: str
    score: float = 100.0


@dataclass(frozen=True)
class Ref:
    """An entity where a sentence names it, or refers back to it ("it", "the company")."""

    node: Node
    first: int  # word offsets in the article
    last: int
    carried: bool = False  # a pronoun or "the company": taken from earlier sentences


@dataclass(frozen=True)
class At:
    """Where a proposal comes from: its sentence, and the date the sentence gives."""

    sentence: int
    date: str | None = None
    date_note: str | None = None


@dataclass
class ProposedFact:
    """A relationship the rules propose, with its evidence sentence."""

    type: str
    source: str
    target: str
    sentence: int
    confidence: float
    rule: str
    properties: dict[str, Any] = field(default_factory=dict)
    date: str | None = None
    date_note: str | None = None
    status: str | None = None


def combined_confidence(base: float, gap: int, *nodes: Node) -> float:
    """A rule's confidence, less for far-apart words and for uncertain names.

    >>> combined_confidence(0.8, 0, Node("a", "SOE", "A"))
    0.8
    """
    score = base - min(0.3, gap / 120)  # words apart: related things are usually named close together
    for node in nodes:
        score *= node.score / 100 if node.score else 0.9
    return round(max(0.05, min(1.0, score)), 2)
