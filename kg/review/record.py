"""What analysts decided, kept with each accepted article and read back per rule.

An accept keeps the review file as it was decided in ``seeds/reviewed/NAME.yaml`` (the
accepted and rejected proposals, the retyped and re-pointed ones, the facts and names added
by hand), in the same commit that curates its facts. ``soekg eval --reviews`` reads them all
and reports, for each relation rule, how many proposals analysts accepted, rejected, retyped
or re-pointed, for each resolution rule how many names kept their entity, and every fact
analysts had to add by hand: what the rules miss.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.review.decisions import effective, remap
from kg.seeds.review_files import REVIEWED_DIR
from kg.seeds.yamlio import read_yaml

__all__ = ["ReviewEvaluation", "evaluate_reviews"]


@dataclass
class RuleTally:
    """A relation rule's proposals and what analysts made of them."""

    proposed: int = 0
    accepted: int = 0
    rejected: int = 0
    retyped: int = 0
    repointed: int = 0
    undecided: int = 0  # accepted with the article, never looked at one by one

    @property
    def precision(self) -> float:
        """Share of its proposals analysts kept (retyped or re-pointed ones are not kept as is)."""
        kept = self.accepted - self.retyped - self.repointed
        return max(kept, 0) / self.proposed if self.proposed else 0.0


@dataclass
class NameTally:
    """A resolution rule's names: kept on their entity, pointed at another, or dropped."""

    names: int = 0
    kept: int = 0
    repointed: int = 0
    dropped: int = 0


@dataclass
class ReviewEvaluation:
    """Every kept review, read back."""

    reviews: int = 0
    rules: dict[str, RuleTally] = field(default_factory=dict)
    names: dict[str, NameTally] = field(default_factory=dict)
    added: list[dict[str, Any]] = field(default_factory=list)  # facts the rules missed
    added_names: list[dict[str, Any]] = field(default_factory=list)  # names the recogniser missed

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with each rule's precision."""
        return {
            "reviews": self.reviews,
            "rules": {
                r: {**asdict(t), "precision": round(t.precision, 3)} for r, t in sorted(self.rules.items())
            },
            "names": {r: asdict(t) for r, t in sorted(self.names.items())},
            "added": self.added,
            "added_names": self.added_names,
        }


def _tally_file(path: Path, result: ReviewEvaluation) -> None:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise KGError("a kept review is a mapping (document, mentions, candidates, facts)", path=path)
    document = str(data.get("document"))
    moved = remap(data)
    rejected = {str(c.get("key")) for c in data.get("candidates") or [] if c.get("accept", True) is False}
    for m in data.get("mentions") or []:
        if m.get("rule") == "analyst":
            result.added_names.append(
                {"document": document, "text": m.get("text"), "entity": m.get("entity")}
            )
            continue
        names = result.names.setdefault(str(m.get("rule")), NameTally())
        names.names += 1
        if m.get("accept", True) is False or str(m.get("entity")) in rejected:
            names.dropped += 1
        elif m.get("entity") != m.get("proposed") or m.get("split_from"):
            names.repointed += 1
        else:
            names.kept += 1
    for fact in data.get("facts") or []:
        ends = {end: effective(data, fact, end, moved) for end in ("source", "target")}
        if fact.get("added") or "rule" not in fact:
            result.added.append(
                {"document": document, "type": fact.get("type"), **ends, "evidence": fact.get("evidence")}
            )
            continue
        tally = result.rules.setdefault(str(fact.get("rule")), RuleTally())
        tally.proposed += 1
        if fact.get("accept", True) is False or rejected & set(ends.values()):
            tally.rejected += 1
            continue
        tally.accepted += 1
        tally.undecided += not fact.get("reviewed")
        tally.retyped += "proposed_type" in fact
        moved_end = any(f"proposed_{e}" in fact or ends[e] != fact.get(e) for e in ends)
        tally.repointed += moved_end


def evaluate_reviews(root: Path) -> ReviewEvaluation:
    """Read every review kept in ``root/reviewed/`` (one line naming a file that does not read).

    >>> evaluate_reviews(Path("seeds")).reviews
    0
    """
    result = ReviewEvaluation()
    folder = Path(root) / REVIEWED_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        _tally_file(path, result)
        result.reviews += 1
    return result
