"""Review files: what extraction proposes for one document, for an analyst to check.

``seeds/review/NAME.yaml`` lists every name the document gives (its text, where it stands,
and the entity it was resolved to, with the rule and score), the candidate entities, and the
proposed facts. The analyst edits it: ``accept: false`` drops a mention, a candidate or a
fact; changing a mention's ``entity`` re-points every fact that used it (set it back to
undo). Until accepted, everything is loaded as unreviewed (facts ``method: rule``, new
entities ``candidate``); ``soekg ingest --accept`` turns it into curated data.

This module reads and writes the file; :mod:`kg.ingest.review` makes its content from an
extraction (the seeds read review files without loading extraction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.seeds.yamlio import LINE, dump_yaml, read_yaml, require_text

__all__ = [
    "DECISION_KEYS",
    "REVIEWED_DIR",
    "REVIEW_DIR",
    "Review",
    "fuzzy_matches",
    "read_review",
    "record_path",
    "review_text",
]

REVIEW_DIR = "review"
REVIEWED_DIR = "reviewed"  # accepted reviews, kept as decided (kg.review.record reads them back)
# What the review page (``soekg review``) records beside a decision, for ``soekg eval --reviews``:
# what the analyst looked at, what the rules had proposed where it changed, what they missed.
DECISION_KEYS = ("accept", "reviewed", "added", "proposed_type", "proposed_source", "proposed_target")
_HEADER = """\
# Proposed by `soekg ingest` from {path}; nothing here is curated yet.
# Review it in the browser (soekg review {review}), or edit it here, then: soekg ingest --accept {review}
#  - mentions: every name the document gives, where (`at`: character offsets) and the entity it
#    was resolved to (rule and score say how); change `entity` to another catalog id or candidate
#    key to re-point every fact that used it, or set `accept: false` to drop the mention;
#  - `accept: false` drops a candidate or a fact; types, names and roles may be edited;
#  - a candidate named in Chinese keeps `name_zh` as written and its `pinyin` (searchable);
#    give it an English name in `name_en` (left empty, the Chinese name is its name).
"""


def fuzzy_matches(data: dict[str, Any]) -> list[str]:
    """The mentions a review resolved by spelling alone (rule ``fuzzy``), one line each: the
    merges a reviewer should look at first.

    >>> fuzzy_matches({"mentions": [{"text": "China Natonal Petroleum", "entity": "cnpc", "rule": "fuzzy",
    ...                              "score": 96.3}]})
    ["'China Natonal Petroleum' taken for cnpc by spelling alone (score 96.3)"]
    """
    return [f"{m['text']!r} taken for {m['entity']} by spelling alone (score {m['score']})"
            for m in data.get("mentions", []) if m.get("rule") == "fuzzy"]  # fmt: skip


def review_text(path: Path, data: dict[str, Any], source: str) -> str:
    """The text of the review file at ``path``, instructions first, then the fuzzy matches."""
    body = dump_yaml(data, width=1_000_000)
    fuzzy = "".join(f"#    {line}\n" for line in fuzzy_matches(data))
    fuzzy = (
        f"# Check these first, names matched by spelling alone (mentions, rule: fuzzy):\n{fuzzy}"
        if fuzzy
        else ""
    )
    return _HEADER.format(path=source, review=path) + fuzzy + body


@dataclass
class Review:
    """A review file as read back: what to load, with the analyst's edits applied."""

    path: Path
    document: str
    candidates: list[dict[str, Any]] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)  # entity, text, at, __line__


# The keys of each part of a review file that hold an id or a name.
_TEXT_KEYS = {
    "mentions": ("text", "proposed", "entity"),
    "facts": ("type", "source", "target"),
    "candidates": ("key", "type", "name"),
}


def _rows(data: dict[str, Any], key: str, path: Path) -> list[dict[str, Any]]:
    rows = data.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise KGError(f"{key!r} must be a list of mappings", path=path)
    return rows


def read_review(path: Path) -> Review:
    """Read a review file, applying the analyst's edits (re-pointed mentions, dropped lines)."""
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("document"), str):
        raise KGError("a review file needs a 'document' id", path=path)
    remap: dict[str, str] = {}
    review = Review(path=path, document=data["document"])
    for part, texts in _TEXT_KEYS.items():
        for row in _rows(data, part, path):
            if "accept" in row and not isinstance(row["accept"], bool):  # 'false' or 0 must not accept
                raise KGError(
                    f"'accept' must be true or false, got {row['accept']!r}", path=path, line=row.get(LINE)
                )
            require_text(row, texts, path)
    for row in _rows(data, "mentions", path):
        if {"proposed", "entity"} - row.keys():
            raise KGError("each mention needs 'proposed' and 'entity'", path=path, line=row.get(LINE))
        if row["entity"] != row["proposed"]:
            remap[str(row["proposed"])] = str(row["entity"])
        if row.get("accept", True) is not False and row.get("at") is not None:
            review.mentions.append({"entity": str(row["entity"]), "text": row.get("text"), "at": row["at"],
                                    LINE: row.get(LINE)})  # fmt: skip
    used: set[str] = {m["entity"] for m in review.mentions}
    for row in _rows(data, "facts", path):
        if row.get("accept", True) is False:
            continue
        fact = {k: v for k, v in row.items() if k not in DECISION_KEYS}
        fact["source"] = remap.get(str(fact.get("source")), fact.get("source"))
        fact["target"] = remap.get(str(fact.get("target")), fact.get("target"))
        used.update((str(fact["source"]), str(fact["target"])))
        review.facts.append(fact)
    dropped = {str(r.get("key")) for r in _rows(data, "candidates", path) if r.get("accept", True) is False}
    review.facts = [f for f in review.facts if not dropped & {str(f["source"]), str(f["target"])}]
    review.mentions = [m for m in review.mentions if m["entity"] not in dropped]
    for row in _rows(data, "candidates", path):
        if row.get("accept", True) is False or row.get("key") not in used:
            continue  # dropped, or every fact and mention that used it now points elsewhere
        review.candidates.append({k: v for k, v in row.items() if k != "accept"})
    return review


def record_path(root: Path, stem: str, taken: set[Path]) -> Path:
    """Where an accepted review's decisions are kept: ``reviewed/STEM.yaml``, or ``STEM-2.yaml``…
    when an earlier accept of the same document (a changed article) is kept there already.

    >>> record_path(Path("seeds"), "report", {Path("seeds/reviewed/report.yaml")}).name
    'report-2.yaml'
    """
    folder = root / REVIEWED_DIR
    path, n = folder / f"{stem}.yaml", 2
    while path in taken or path.exists():
        path, n = folder / f"{stem}-{n}.yaml", n + 1
    return path
