"""Where a document names an entity: the name as written, its offsets, and its sentence.

Review files and fact files list them (``mentions:``, each an entity, the text and the
offsets ``at`` which it starts); loading checks each against the document's text and finds
the sentence around it, which becomes the evidence of the document's ``MENTIONS`` edge.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.model.records import Evidence
from kg.seeds.yamlio import LINE

__all__ = ["Named", "named_places", "sentence_around"]

_END = re.compile(r"[.!?][\"”’)]*(?=\s)|\n")


@dataclass(frozen=True)
class Named:
    """One place a document names an entity."""

    entity: str
    text: str
    start: int
    sentence: Evidence


def sentence_around(text: str, start: int, end: int, doc_id: str, ends: list[int] | None = None) -> Evidence:
    """The sentence holding ``text[start:end]``, as evidence with its offsets. ``ends`` are where
    the text's sentences end (:func:`sentence_ends`; computed when not given).

    >>> sentence_around("CNPC met. Huawei came too. End.", 10, 16, "d").quote
    'Huawei came too.'
    """
    ends = sentence_ends(text) if ends is None else ends
    i = bisect.bisect_right(ends, start)  # the first sentence end after the start
    begin = ends[i - 1] if i else 0
    j = bisect.bisect_left(ends, end)
    finish = ends[j] if j < len(ends) else len(text)
    while begin < start and text[begin].isspace():
        begin += 1
    while finish > end and text[finish - 1].isspace():
        finish -= 1
    return Evidence(doc_id=doc_id, quote=text[begin:finish], start=begin, end=finish)


def sentence_ends(text: str) -> list[int]:
    """Where the text's sentences end (after the mark or the line break), in order."""
    return [m.end() for m in _END.finditer(text)]


def named_places(rows: Any, doc_id: str, text: str, path: Path) -> list[Named]:
    """Check a ``mentions:`` list against the document's text; one error line per problem."""
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise KGError("'mentions' must be a list of mappings (entity, text, at)", path=path)
    out = []
    ends = sentence_ends(text)
    for row in rows:
        line = row.get(LINE)
        entity, name, places = row.get("entity"), row.get("text"), row.get("at")
        if not isinstance(entity, str) or not isinstance(name, str) or not name:
            raise KGError("a mention needs an 'entity' id and the 'text' as written", path=path, line=line)
        if not isinstance(places, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) for p in places
        ):
            raise KGError(f"mention {name!r}: 'at' must be a list of character offsets", path=path, line=line)
        for start in places:
            if text[start : start + len(name)] != name:
                raise KGError(
                    f"mention {name!r} is not at offset {start} of the document", path=path, line=line
                )
            out.append(
                Named(entity, name, start, sentence_around(text, start, start + len(name), doc_id, ends))
            )
    return out
