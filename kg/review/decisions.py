"""An analyst's decisions, each one edit of a review file's data in the file's own terms.

Every edit is what an analyst could type by hand (``kg/seeds/review_files.py`` reads it): ``accept``
true or false on a fact or a candidate, a fact's ``type``, ``source`` or ``target`` changed, a
mention's ``entity`` changed (every fact that used it follows), a fact or a candidate added.
A few keys record what was decided, for ``soekg eval --reviews`` (:data:`kg.seeds.review_files.
DECISION_KEYS`): ``reviewed: true`` on what the analyst looked at, ``proposed_type``,
``proposed_source``, ``proposed_target`` on a fact where it differs, ``added: true`` on what the
rules missed, ``split_from`` on a name given an entity of its own.
"""

from __future__ import annotations

from typing import Any

from kg.errors import KGError
from kg.model import MENTIONS, load_model
from kg.model.names import slug
from kg.model.records import bounded_key
from kg.seeds.named import sentence_around

__all__ = ["apply", "effective", "remap"]

Data = dict[str, Any]


def remap(data: Data) -> dict[str, str]:
    """Proposed key -> entity, for every mention the analyst pointed elsewhere (as the accept
    reads it: a fact that used the proposed key follows)."""
    return {
        str(m["proposed"]): str(m["entity"])
        for m in data.get("mentions") or []
        if m.get("proposed") != m.get("entity")
    }


def effective(data: Data, fact: Data, end: str, moved: dict[str, str] | None = None) -> str:
    """The entity a fact's ``source`` or ``target`` stands for once mentions are re-pointed."""
    key = str(fact.get(end))
    return (moved if moved is not None else remap(data)).get(key, key)


def _fact(data: Data, args: Data) -> Data:
    facts = data.get("facts") or []
    i = args.get("fact")
    if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(facts):
        raise KGError(f"no fact {i!r} in this review")
    return facts[i]  # type: ignore[no-any-return]


def _row(data: Data, part: str, i: Any) -> Data:
    rows = data.get(part) or []
    if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(rows):
        raise KGError(f"no {part[:-1]} {i!r} in this review")
    return rows[i]  # type: ignore[no-any-return]


def _text(args: Data, key: str) -> str:
    value = args.get(key)
    if not isinstance(value, str) or not value:
        raise KGError(f"{key!r} must be given as text")
    return value


def _relationship_type(args: Data) -> str:
    name = _text(args, "type")
    if name not in load_model().relationships or name == MENTIONS:
        raise KGError(f"unknown relationship type {name!r}")
    return name


def _node_type(args: Data) -> str:
    name = _text(args, "type")
    if name not in load_model().nodes or name == "Document":
        raise KGError(f"unknown node type {name!r}")
    return name


def _decide(fact: Data, accept: bool) -> None:
    fact["accept"] = accept
    fact["reviewed"] = True


def _retype(fact: Data, new: str) -> None:
    original = str(fact.get("proposed_type", fact["type"]))
    fact["type"] = new
    if new == original:
        fact.pop("proposed_type", None)
    else:
        fact["proposed_type"] = original
    own = set(load_model().relationships[new].properties)
    old_props = (
        load_model().relationships[original].properties if original in load_model().relationships else {}
    )
    for key in [k for k in old_props if k not in own]:
        fact.pop(key, None)  # a role means nothing to PARTICIPATES_IN's reader; undo brings it back
    _decide(fact, True)


def _point(fact: Data, end: str, key: str) -> None:
    original = fact.get(f"proposed_{end}", fact[end])
    fact[end] = key
    if key == original:
        fact.pop(f"proposed_{end}", None)
    else:
        fact[f"proposed_{end}"] = original


def _repoint_all(data: Data, old: str, new: str) -> None:
    """Every fact that stands for ``old`` now names ``new``."""
    moved = remap(data)
    for fact in data.get("facts") or []:
        for end in ("source", "target"):
            if effective(data, fact, end, moved) == old:
                _point(fact, end, new)


def _free_key(data: Data, name: str, known: set[str], stem: str) -> str:
    taken = known | {str(c.get("key")) for c in data.get("candidates") or []}
    base = slug(name)
    key, n = base, 2
    if key in taken:
        key = bounded_key(f"{base}-{stem}")
    while key in taken:
        key, n = bounded_key(f"{base}-{stem}-{n}"), n + 1
    return key


def _new_candidate(data: Data, name: str, node_type: str, known: set[str], stem: str) -> str:
    key = _free_key(data, name, known, stem)
    data.setdefault("candidates", []).append(
        {"key": key, "type": node_type, "name": name, "accept": True, "reviewed": True, "added": True}
    )
    return key


def _target_key(data: Data, args: Data, known: set[str], stem: str) -> str:
    """The entity a re-pointing names: a known key, or a new candidate (``new``: name and type)."""
    if isinstance(args.get("new"), dict):
        return _new_candidate(data, _text(args["new"], "name"), _node_type(args["new"]), known, stem)
    key = _text(args, "to")
    candidates = {str(c.get("key")) for c in data.get("candidates") or []}
    if key not in known and key not in candidates:
        raise KGError(f"no entity {key!r} in the catalog, the gazetteer or this review")
    return key


def _add_fact(data: Data, args: Data, text: str) -> None:
    """A fact the rules missed, between two places the article names; its quote is the one
    sentence that holds both."""
    ends = []
    for side in ("a", "b"):
        place = args.get(side)
        if not isinstance(place, dict):
            raise KGError(f"{side!r} must name a mention (start, text, entity)")
        start, name = place.get("start"), _text(place, "text")
        if not isinstance(start, int) or text[start : start + len(name)] != name:
            raise KGError(f"{name!r} is not at offset {start!r} of the document")
        ends.append((start, start + len(name), _text(place, "entity")))
    (a0, a1, source), (b0, b1, target) = ends
    sentence = sentence_around(text, min(a0, b0), min(a0, b0) + 1, "")
    if not (sentence.start <= max(a0, b0) and max(a1, b1) <= sentence.end):
        raise KGError("the two names are not in one sentence: a fact quotes the one sentence that holds both")
    row = {
        "type": _relationship_type(args),
        "source": source,
        "target": target,
        "evidence": sentence.quote,
        "accept": True,
        "reviewed": True,
        "added": True,
    }
    data.setdefault("facts", []).append(row)


def _new_entity(data: Data, args: Data, text: str, known: set[str], stem: str) -> None:
    """A name the recogniser missed, marked in the text, as a new candidate entity."""
    start, end = args.get("start"), args.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        raise KGError("a new entity needs the start and end of its name in the text")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    name = text[start:end]
    if not name or "\n" in name or len(name) > 300:
        raise KGError("mark a name within one line (at most 300 characters)")
    key = _new_candidate(data, name, _node_type(args), known, stem)
    data.setdefault("mentions", []).append(
        {"text": name, "proposed": key, "entity": key, "rule": "analyst", "score": 0.0, "at": [start]}
    )


def _split(data: Data, args: Data, text: str, known: set[str], stem: str, types: dict[str, str]) -> None:
    """One name of a wrong merge gets an entity of its own; the facts of the sentences where only
    that name stands for the old entity follow it."""
    row = _row(data, "mentions", args.get("mention"))
    old = str(row["entity"])
    key = _new_candidate(data, str(row["text"]), types.get(old) or _node_type(args), known, stem)
    mine = {sentence_around(text, s, s + len(row["text"]), "").start for s in row.get("at") or []}
    others = {
        sentence_around(text, s, s + len(m["text"]), "").start
        for m in data.get("mentions") or []
        if m is not row and str(m["entity"]) == old
        for s in m.get("at") or []
    }
    row.update({"proposed": key, "entity": key, "split_from": old})
    moved = remap(data)
    for fact in data.get("facts") or []:
        at = text.find(str(fact.get("evidence")))
        if at in mine and at not in others:
            for end in ("source", "target"):
                if effective(data, fact, end, moved) == old:
                    _point(fact, end, key)


def apply(
    data: Data, op: str, args: Data, *, text: str, known: set[str], types: dict[str, str], stem: str
) -> None:
    """Apply one decision to ``data`` (a review file's content) in place; a one-line
    :class:`KGError` for a decision that names nothing in the file.

    ``known``: keys of the catalog and gazetteer; ``types``: every key's node type.

    >>> data = {"facts": [{"type": "USES", "source": "a", "target": "b", "accept": True}]}
    >>> apply(data, "retype", {"fact": 0, "type": "DEPLOYS"}, text="", known=set(), types={}, stem="x")
    >>> data["facts"][0]["type"], data["facts"][0]["proposed_type"], data["facts"][0]["reviewed"]
    ('DEPLOYS', 'USES', True)
    """
    if op in ("accept", "reject"):
        _decide(_fact(data, args), op == "accept")
    elif op == "retype":
        _retype(_fact(data, args), _relationship_type(args))
    elif op == "repoint":
        fact, end = _fact(data, args), args.get("end")
        if end not in ("source", "target"):
            raise KGError("'end' must be source or target")
        _point(fact, end, _target_key(data, args, known, stem))
        _decide(fact, True)
    elif op == "add":
        _add_fact(data, args, text)
    elif op == "new_entity":
        _new_entity(data, args, text, known, stem)
    elif op in ("resolve", "merge"):
        old = _text(args, "entity")
        new = _target_key(data, args, known, stem)
        for row in data.get("mentions") or []:
            if str(row.get("entity")) == old:
                row["entity"] = new
        _repoint_all(data, old, new)
        if op == "merge":
            _merge_names(data, old, new)
    elif op == "split":
        _split(data, args, text, known, stem, types)
    elif op == "candidate":
        row = _row(data, "candidates", args.get("candidate"))
        if "type" in args:
            row["type"] = _node_type(args)
        if "accept" in args:
            row["accept"] = args["accept"] is True
        row["reviewed"] = True
    else:
        raise KGError(f"unknown decision {op!r}")


def _merge_names(data: Data, old: str, new: str) -> None:
    """The merged candidate's names become aliases of the one it joined."""
    rows = {str(c.get("key")): c for c in data.get("candidates") or []}
    if old in rows and new in rows:
        names = [rows[old].get("name"), *(rows[old].get("aliases") or [])]
        aliases = list(rows[new].get("aliases") or [])
        aliases += [
            n for n in names if isinstance(n, str) and n != rows[new].get("name") and n not in aliases
        ]
        if aliases:
            rows[new]["aliases"] = aliases
