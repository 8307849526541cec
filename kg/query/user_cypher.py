"""Cypher an analyst types (``soekg cypher``, ``KG.cypher``): checked to read the graph and
nothing else, within bounds, in the engine's dialect, with columns named as written.

Every check works on the tokens of :mod:`kg.query.cypher_lexer`, so a word inside a string, a
backticked name or a comment is never taken for a clause, and a clause is never hidden in
one. LadybugDB names an unaliased column by its internal form (``LABEL(n._ID,[Document,…``)
where Neo4j uses the expression as written; both get the written form here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from kg.errors import KGError
from kg.query.cypher_lexer import CODE, Token, tokens
from kg.query.library import DIALECT, Engine

__all__ = ["MAX_DEPTH", "MAX_TEXT", "MAX_TOKENS", "check_params", "for_engine", "refusal", "returned_names"]

# Bounds checked before any engine parses the text. Measured on LadybugDB: 300 nested lists
# took 24 s to parse, 5,000 nested parentheses crashed it, 6,000 terms of 1+1+… took 4.5 s;
# at these bounds the worst of each parses in about a second.
MAX_TEXT = 20_000  # characters
MAX_TOKENS = 2_000  # tokens that are code (not white space or comments)
MAX_DEPTH = 32  # brackets ( [ { and CASE … END inside one another

# Beyond the library's function renames (:data:`kg.query.library.DIALECT`, applied first): a node's
# labels as a list, "labels(n)" without an index, which LadybugDB spells as its one label.
_USER_DIALECT: dict[Engine, list[tuple[re.Pattern[str], str]]] = {
    "ladybug": [(re.compile(r"\blabels\((\w+)\)(?!\s*\[)"), r"[label(\1)]")],
    "neo4j": [],
}
_CLAUSE_END = {"ORDER", "SKIP", "LIMIT", "UNION"}

# What a query typed at the command line or in a notebook may not do, whatever the engine
# would allow: write, touch files (COPY … TO, LOAD FROM, LOAD CSV, EXPORT/IMPORT DATABASE),
# load extensions, attach or switch databases, checkpoint (which leaves recovery files beside
# a database opened read-only), manage transactions, change settings (CALL name = value) or
# administer a server (SHOW, GRANT, …).
_NOT_READS = {
    "CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DROP", "ALTER", "FOREACH", "COPY", "LOAD",
    "EXPORT", "IMPORT", "CHECKPOINT", "ATTACH", "DETACH", "USE", "INSTALL", "UNINSTALL",
    "BEGIN", "COMMIT", "ROLLBACK", "TRANSACTIONS", "SHOW", "GRANT", "REVOKE", "DENY", "START",
    "STOP", "TERMINATE", "ENABLE", "RENAME", "TRUNCATE", "UPDATE", "PROJECT",
}  # fmt: skip
# Procedures and table functions that only describe the graph; any other CALL must be a
# subquery, CALL { … } or CALL (…) { … }.
_CALLABLE = {
    "show_tables", "table_info", "show_connection", "db_version", "show_functions",  # LadybugDB
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",  # Neo4j
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
}  # fmt: skip
_READ_ONLY = "is not allowed: soekg cypher is read-only, the graph and nothing else"
_READ_ONLY += " (no writes, files, extensions, settings or other databases)"


def _code(text: str) -> list[Token]:
    return [t for t in tokens(text) if t.kind in CODE]


def _segments(text: str) -> list[tuple[bool, str]]:
    """``text`` as runs of (is code, text): strings, backticked names and comments apart."""
    runs: list[tuple[bool, str]] = []
    for token in tokens(text):
        is_code = token.kind in ("word", "number", "symbol", "space")
        if runs and runs[-1][0] and is_code:
            runs[-1] = (True, runs[-1][1] + token.text)
        else:
            runs.append((is_code, token.text))
    return runs


def for_engine(text: str, engine: Engine) -> str:
    """The user's query in the engine's dialect, outside strings, names and comments.

    >>> for_engine("MATCH (a)-[r]->(b) RETURN type(r), labels(a), labels(b)[0], 'type(r)'", "ladybug")
    "MATCH (a)-[r]->(b) RETURN label(r), [label(a)], label(b), 'type(r)'"
    >>> for_engine("RETURN type(r)", "neo4j")
    'RETURN type(r)'
    """
    rules = DIALECT[engine] + _USER_DIALECT[engine]
    out = []
    for is_code, part in _segments(text):
        if is_code:
            for pattern, replacement in rules:
                part = pattern.sub(replacement, part)
        out.append(part)
    return "".join(out)


def returned_names(text: str) -> list[str] | None:
    """The column names of the query's last RETURN as written: the alias, or the expression.

    None when they cannot be read off the text (``RETURN *``, no RETURN).

    >>> returned_names("MATCH (n) RETURN DISTINCT label(n), n.name AS name, count(*) ORDER BY name")
    ['label(n)', 'name', 'count(*)']
    >>> returned_names("MATCH (n) RETURN n.id, {a: 1, b: [1, 2]} /* , x */ LIMIT 3")
    ['n.id', '{a: 1, b: [1, 2]}']
    >>> returned_names("MATCH (n) RETURN *") is None
    True
    """
    depth, start = 0, None
    items: list[tuple[int, int]] = []
    code = _code(text)
    for token in code:
        word = token.text.upper() if token.kind == "word" else token.text if token.kind == "symbol" else ""
        if word and word in "([{":
            depth += 1
        elif word and word in ")]}":
            depth -= 1
        elif depth == 0 and word == "RETURN":
            start, items = token.start + len(token.text), []
        elif start is not None and depth == 0 and word == ",":
            items.append((start, token.start))
            start = token.start + 1
        elif start is not None and depth == 0 and word in _CLAUSE_END:
            items.append((start, token.start))
            start = None
            if word == "UNION":
                items = []
    if start is not None:
        items.append((start, code[-1].start + len(code[-1].text)))
    if not items:
        return None
    names = []
    for begin, end in items:
        written = "".join(" " if t.kind == "comment" else t.text for t in tokens(text[begin:end]))
        expression = " ".join(written.split())
        expression = re.sub(r"^DISTINCT\s+", "", expression, flags=re.IGNORECASE)
        alias = re.search(r"\s+AS\s+`?(\w+)`?$", expression, flags=re.IGNORECASE)
        names.append(alias[1] if alias else expression)
    return None if "*" in names else names


def _depth(code: Iterable[Token]) -> int:
    depth = deepest = 0
    for token in code:
        opening = token.text in "([{" or (token.kind == "word" and token.text.upper() == "CASE")
        closing = token.text in ")]}" or (token.kind == "word" and token.text.upper() == "END")
        if token.kind in ("symbol", "word") and opening:
            depth += 1
            deepest = max(deepest, depth)
        elif token.kind in ("symbol", "word") and closing:
            depth -= 1
    return deepest


def refusal(text: str) -> str | None:
    """Why ``text`` is not a bounded read of the graph alone (None when it is).

    >>> refusal("MATCH (n:SOE) WHERE n.name = 'COPY me' RETURN n.set, count(*)") is None
    True
    >>> refusal("COPY (MATCH (n) RETURN n.id) TO '/tmp/x.csv'")[:46]
    'COPY is not allowed: soekg cypher is read-only'
    >>> refusal("MATCH (n) // '\\nLOAD FROM '/etc/passwd' RETURN * // '")[:46]
    'LOAD is not allowed: soekg cypher is read-only'
    >>> refusal("RETURN 1; RETURN 2")
    'one statement at a time, please (this has 2)'
    >>> refusal("CALL `threads` = 1")[:20]
    'CALL threads is not '
    >>> refusal("RETURN " + "[" * 40 + "]" * 40)
    'the query nests brackets or CASE 40 deep; at most 32 are read'
    """
    if len(text) > MAX_TEXT:
        return f"the query is {len(text):,} characters long; at most {MAX_TEXT:,} are read"
    try:
        code = _code(text)
    except KGError as exc:
        return str(exc)
    if len(code) > MAX_TOKENS:
        return f"the query has {len(code):,} tokens; at most {MAX_TOKENS:,} are read"
    if (depth := _depth(code)) > MAX_DEPTH:
        return f"the query nests brackets or CASE {depth} deep; at most {MAX_DEPTH} are read"
    statements = sum(1 for i, t in enumerate(code) if t.text == ";" and i + 1 < len(code)) + bool(code)
    if statements > 1:
        return f"one statement at a time, please (this has {statements})"
    for i, token in enumerate(code):
        before = code[i - 1].text if i else ""
        if token.kind != "word" or before in (".", ":", "$"):  # a property, a label or key, a parameter
            continue
        word = token.text.upper()
        if word in _NOT_READS:
            return f"{word} {_READ_ONLY}"
        if word == "CALL":
            target = _called(code[i + 1 :])
            if target is not None and target.lower() not in {c.lower() for c in _CALLABLE}:
                return f"CALL {target} {_READ_ONLY}"
    return None


def _called(rest: list[Token]) -> str | None:
    """The procedure or table function a CALL names (None for a subquery)."""
    if not rest or rest[0].kind not in ("word", "name"):
        return None if rest and rest[0].text in "{(" else "(nothing)"
    parts = [rest[0].value]
    for dot, part in zip(rest[1::2], rest[2::2], strict=False):
        if dot.text != "." or part.kind not in ("word", "name"):
            break
        parts.append(part.value)
    return ".".join(parts)


def check_params(text: str, params: dict[str, object]) -> None:
    """Every ``$name`` the query uses has a value (an engine would read a missing one as null
    and answer with nothing).

    >>> check_params("MATCH (n) WHERE n.id = $who RETURN n // $not_this", {"who": "x"})
    >>> check_params("MATCH (n) WHERE n.id = $who RETURN n", {})
    Traceback (most recent call last):
    kg.errors.KGError: the query uses $who but no value was given for it (--param who=VALUE; ...)
    """
    code = _code(text)
    for dollar, name in itertools.pairwise(code):
        if dollar.text == "$" and name.kind in ("word", "name") and name.value not in params:
            raise KGError(
                f"the query uses ${name.value} but no value was given for it "
                f"(--param {name.value}=VALUE; in Python, {name.value}=...)"
            )
