"""What relation rules propose: the entities they join and the facts, with where they come from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ORGS", "At", "Node", "ProposedFact"]

ORGS = {"Agency", "SOE", "Company", "ResearchBody", "MediaOutlet"}


@dataclass(frozen=True)
class Node:
    """An entity a mention resolved to: a catalog id or a new candidate's key."""

    key: str
    type: str
    name: str
    score: float = 100.0


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
    score = base - min(0.3, gap / 400)  # far-apart mentions are less likely to be related
    for node in nodes:
        score *= node.score / 100 if node.score else 0.9
    return round(max(0.05, min(1.0, score)), 2)
