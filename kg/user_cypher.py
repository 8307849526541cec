"""Cypher an analyst types (``soekg cypher``, ``KG.cypher``): Neo4j spellings on the embedded
store, and columns named by what the user wrote.

LadybugDB names an unaliased column by its internal form (``LABEL(n._ID,[Document,…``) where
Neo4j uses the expression as written; both get the written form here.
"""

from __future__ import annotations

import re

from kg.library import DIALECT, Engine

__all__ = ["for_engine", "refusal", "returned_names"]

# Beyond the library's function renames (:data:`kg.library.DIALECT`, applied first): a node's
# labels as a list, "labels(n)" without an index, which LadybugDB spells as its one label.
_USER_DIALECT: dict[Engine, list[tuple[re.Pattern[str], str]]] = {
    "ladybug": [(re.compile(r"\blabels\((\w+)\)(?!\s*\[)"), r"[label(\1)]")],
    "neo4j": [],
}
_CLAUSE_END = {"ORDER", "SKIP", "LIMIT", "UNION"}

# What a query typed at the command line or in a notebook may not do, whatever the engine
# would allow: write, touch files (COPY … TO, LOAD FROM, EXPORT/IMPORT DATABASE), load
# extensions, attach or switch databases, checkpoint (which leaves recovery files beside a
# database opened read-only), manage transactions, or change settings (CALL name = value).
_NOT_READS = {
    "CREATE", "MERGE", "SET", "DELETE", "REMOVE", "DROP", "ALTER", "FOREACH", "COPY", "LOAD",
    "EXPORT", "IMPORT", "CHECKPOINT", "ATTACH", "DETACH", "USE", "INSTALL", "UNINSTALL",
    "BEGIN", "COMMIT", "ROLLBACK",
}  # fmt: skip
# Table functions that only describe the graph; any other CALL must be a subquery, CALL { … }.
_CALLABLE = {"show_tables", "table_info", "show_connection", "db_version", "show_functions"}


def for_engine(text: str, engine: Engine) -> str:
    """The user's query in the engine's dialect, outside string literals.

    >>> for_engine("MATCH (a)-[r]->(b) RETURN type(r), labels(a), labels(b)[0], 'type(r)'", "ladybug")
    "MATCH (a)-[r]->(b) RETURN label(r), [label(a)], label(b), 'type(r)'"
    >>> for_engine("RETURN type(r)", "neo4j")
    'RETURN type(r)'
    """
    rules = DIALECT[engine] + _USER_DIALECT[engine]
    parts = _split_strings(text)
    for i in range(0, len(parts), 2):  # even parts are code, odd ones string literals
        for pattern, replacement in rules:
            parts[i] = pattern.sub(replacement, parts[i])
    return "".join(parts)


def returned_names(text: str) -> list[str] | None:
    """The column names of the query's last RETURN as written: the alias, or the expression.

    None when they cannot be read off the text (``RETURN *``, no RETURN).

    >>> returned_names("MATCH (n) RETURN DISTINCT label(n), n.name AS name, count(*) ORDER BY name")
    ['label(n)', 'name', 'count(*)']
    >>> returned_names("MATCH (n) RETURN n.id, {a: 1, b: [1, 2]} LIMIT 3")
    ['n.id', '{a: 1, b: [1, 2]}']
    >>> returned_names("MATCH (n) RETURN *") is None
    True
    """
    code = _split_strings(text)
    masked = "".join(part if i % 2 == 0 else "\0" * len(part) for i, part in enumerate(code))
    depth, start = 0, None
    items: list[tuple[int, int]] = []
    tokens = list(re.finditer(r"[A-Za-z_]\w*|[()\[\]{},]", masked))
    for token in tokens:
        word = token.group()
        if word in "([{":
            depth += 1
        elif word in ")]}":
            depth -= 1
        elif depth == 0 and word.upper() == "RETURN":
            start, items = token.end(), []
        elif start is not None and depth == 0 and word == ",":
            items.append((start, token.start()))
            start = token.end()
        elif start is not None and depth == 0 and word.upper() in _CLAUSE_END:
            items.append((start, token.start()))
            start = None
            if word.upper() == "UNION":
                items = []
    if start is not None:
        items.append((start, len(text)))
    if not items:
        return None
    names = []
    for begin, end in items:
        expression = " ".join(text[begin:end].split())
        expression = re.sub(r"^DISTINCT\s+", "", expression, flags=re.IGNORECASE)
        alias = re.search(r"\s+AS\s+`?(\w+)`?$", expression, flags=re.IGNORECASE)
        names.append(alias[1] if alias else expression)
    return None if "*" in names else names


def _split_strings(text: str) -> list[str]:
    """``text`` as alternating code and string literals ('…', "…", `…`), escapes kept."""
    return re.split(r"""('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`)""", text, flags=re.DOTALL)


def refusal(text: str) -> str | None:
    """Why ``text`` is not a read of the graph alone (None when it is).

    >>> refusal("MATCH (n:SOE) WHERE n.name = 'COPY me' RETURN n.set, count(*)") is None
    True
    >>> refusal("COPY (MATCH (n) RETURN n.id) TO '/tmp/x.csv'")[:46]
    'COPY is not allowed: soekg cypher is read-only'
    >>> refusal("RETURN 1; RETURN 2")
    'one statement at a time, please (this has 2)'
    >>> refusal("CALL threads = 1")[:20]
    'CALL threads is not '
    """
    parts = _split_strings(text)
    code = "".join(part if i % 2 == 0 else " " for i, part in enumerate(parts))
    code = re.sub(r"//[^\n]*|/\*.*?\*/", " ", code, flags=re.DOTALL)  # comments say nothing
    statements = [s for s in code.split(";") if s.strip()]
    if len(statements) > 1:
        return f"one statement at a time, please (this has {len(statements)})"
    why = "is not allowed: soekg cypher is read-only, the graph and nothing else"
    why += " (no writes, files, extensions, settings or other databases)"
    for word in re.finditer(r"(?<![.\w$:])[A-Za-z_]\w*", code):  # not a property, label or parameter
        if word.group().upper() in _NOT_READS:
            return f"{word.group().upper()} {why}"
    for call in re.finditer(r"\bCALL\b\s*(\{|\(|[A-Za-z_]\w*)", code, flags=re.IGNORECASE):
        target = call.group(1)
        if target not in "{(" and target.lower() not in _CALLABLE:
            return f"CALL {target} {why}"
    return None
