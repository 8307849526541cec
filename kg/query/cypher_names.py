"""Labels and relationship types in Cypher a user types, checked against the model before
either engine sees the query: the embedded store matches ``(n:Soe)`` whatever its case, Neo4j
finds nothing for it, so both refuse it and name the spelling that exists.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from kg.model import load_model

__all__ = ["unknown_name"]

_NAME = r"(?:[A-Za-z_]\w*|`[^`]*`)"
# A node pattern's labels: "(n:SOE)", "(:SOE:Company)", "(n:SOE|Company)"; not a call, "f(x)".
_NODE = re.compile(rf"(?<![\w`])\(\s*{_NAME}?\s*((?::\s*!?{_NAME}\s*(?:[|&]\s*:?\s*!?{_NAME}\s*)*)+)")
# A relationship pattern's types, after its dash: "-[r:PARTNERS_WITH|LEADS*1..2]->".
_REL = re.compile(rf"-\s*\[\s*{_NAME}?\s*:\s*({_NAME}(?:\s*\|\s*:?\s*{_NAME})*)")
# A label test on a variable outside any map: "WHERE n:SOE".
_TEST = re.compile(rf"(?<![\w.$`:]){_NAME}\s*:(?!:)\s*({_NAME}(?:\s*[|&]\s*{_NAME})*)")
_STRINGS = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|//[^\n]*|/\*.*?\*/""", re.DOTALL)


def _masked(text: str) -> str:
    """``text`` with string literals, comments and the insides of maps (``{name: $n}``) blanked,
    lengths kept."""
    text = _STRINGS.sub(lambda m: " " * len(m[0]), text)
    out, depth = [], 0
    for char in text:
        depth += char == "{"
        out.append(" " if depth and char not in "{}" else char)
        depth -= char == "}" and depth > 0
    return "".join(out)


def _names(expression: str) -> list[str]:
    return [n.strip("`") for n in re.findall(_NAME, expression)]


def unknown_name(text: str) -> str | None:
    """Why ``text`` names a label or relationship type the model lacks (None when it names none).

    >>> unknown_name("MATCH (n:Soe) RETURN n.name")
    "no node label 'Soe' in the model (did you mean SOE?)"
    >>> unknown_name("MATCH (a)-[:PARTNER_WITH]->(b) WHERE a:SOE RETURN b")
    "no relationship type 'PARTNER_WITH' in the model (did you mean PARTNERS_WITH?)"
    >>> unknown_name("MATCH (n:SOE {name: $n}) WHERE n.note = 'x:Y' RETURN labels(n)[0], [1][0..1]") is None
    True
    """
    model = load_model()
    labels, types = list(model.nodes), list(model.relationships)
    code = _masked(text)
    found: list[tuple[str, str, list[str]]] = []
    for m in _NODE.finditer(code):
        found += [("node label", n, labels) for n in _names(m[1])]
    for m in _REL.finditer(code):
        found += [("relationship type", n, types) for n in _names(m[1])]
    inside = {(m.start(), m.end()) for pattern in (_NODE, _REL) for m in pattern.finditer(code)}
    for m in _TEST.finditer(code):
        if not any(a <= m.start(1) < b for a, b in inside):
            found += [("node label", n, labels) for n in _names(m[1])]
    for what, name, known in found:
        if name not in known:
            return f"no {what} {name!r} in the model ({_suggestion(name, known)})"
    return None


def _suggestion(name: str, known: list[str]) -> str:
    same = [k for k in known if k.casefold() == name.casefold()]
    ranked = process.extract(name, known, scorer=fuzz.WRatio, limit=2)
    close = same or [c for c, score, _ in ranked if score >= 70]
    if close:
        return "did you mean " + " or ".join(close) + "?"
    return "known: " + ", ".join(known)
