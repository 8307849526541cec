"""Files for loading Neo4j by hand: a ``cypher-shell -f`` script and ``neo4j-admin import`` CSVs.

The script runs the same statements as ``soekg build --neo4j`` with each batch's
rows written as a Cypher list literal (strings escaped), so it needs no parameters.
The CSV headers carry Neo4j's import types, derived from the model.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import Any

from kg.common.atomic import replacing_all, write_text
from kg.common.visible import inert_in_spreadsheets
from kg.errors import KGError
from kg.export.formats import Format
from kg.model import load_model
from kg.model.records import Document, Entity, KnowledgeGraph
from kg.model.rows import node_row, rel_row
from kg.model.schema import (
    SOURCES_INDEX,
    SOURCES_WAIT_S,
    neo4j_constraints,
    neo4j_sources_index,
    node_columns,
    rel_columns,
)
from kg.store.neo4j_plan import DEFAULT_BATCH, load_plan

__all__ = ["ARRAY_DELIMITER", "cypher_literal", "write_admin_csv", "write_cypher_script"]

ARRAY_DELIMITER = "|"
_IMPORT_TYPES = {"STRING": "string", "INT64": "long", "DOUBLE": "double", "BOOLEAN": "boolean"}
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def cypher_literal(value: Any) -> str:
    """A Cypher literal for a value; strings are escaped so text can never end the literal.

    >>> cypher_literal({"name": "x'}) DETACH DELETE n //", "n": [1, 2.5, None, True]})
    "{`name`: 'x\\\\'}) DETACH DELETE n //', `n`: [1, 2.5, null, true]}"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"not a finite number: {value!r}")
        return repr(value)
    if isinstance(value, str):
        body = re.sub(r"[\\'\n\r\t]|[\x00-\x1f\u2028\u2029]",
                      lambda m: _ESCAPES.get(m.group(0), f"\\u{ord(m.group(0)):04x}"), value)  # fmt: skip
        return f"'{body}'"
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Cypher literal for {type(value).__name__}")


def cypher_script(graph: KnowledgeGraph, batch_size: int = DEFAULT_BATCH) -> list[str]:
    """The statements of the script, each complete (no parameters)."""
    out = []
    for statement in load_plan(graph, batch_size):
        query = statement.query
        for name, value in statement.parameters.items():
            query = query.replace(f"${name}", cypher_literal(value))
        out.append(query)
    return out + sources_index_statements(fresh=True)


def sources_index_statements(fresh: bool = False) -> list[str]:
    """The full-text index the library's Neo4j forms read (``kg.model.schema.SOURCES_INDEX``),
    made once the graph is in, and a wait until it is online; ``fresh`` drops one made before
    (for other types, had the model changed) first.

    >>> sources_index_statements()[-1]
    "CALL db.awaitIndex('relationship_sources', 600)"
    """
    drop = [f"DROP INDEX {SOURCES_INDEX} IF EXISTS"] if fresh else []
    wait = f"CALL db.awaitIndex('{SOURCES_INDEX}', {SOURCES_WAIT_S})"
    return [*drop, neo4j_sources_index(load_model()), wait]


def write_cypher_script(graph: KnowledgeGraph, path: Path, batch_size: int = DEFAULT_BATCH) -> Path:
    """Write a script for ``cypher-shell -f PATH``: constraints, upserts, clean-up, the index."""
    header = "// soe-ai-kg load script: cypher-shell -u neo4j -p … -f " + path.name + "\n"
    return write_text(path, header + "".join(q + ";\n\n" for q in cypher_script(graph, batch_size)))


def _header(columns: list[Any]) -> list[str]:
    cols = []
    for col in columns:
        base = col.db_type.removesuffix("[]")
        kind = _IMPORT_TYPES[base] + ("[]" if col.db_type.endswith("[]") else "")
        cols.append("id:ID" if col.name == "id" else f"{col.name}:{kind}")
    return cols


def _cell(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        items = ["" if v is None else str(v).lower() if isinstance(v, bool) else str(v) for v in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise KGError(f"{where}: a list value contains the array delimiter {ARRAY_DELIMITER!r}")
        return inert_in_spreadsheets(ARRAY_DELIMITER.join(items))
    if isinstance(value, str):  # opened in a spreadsheet, a text cell must not run as a formula
        return inert_in_spreadsheets(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


CONSTRAINTS = "constraints.cypher"  # beside the import files: an import makes no constraints


def constraints_script() -> str:
    """The model's constraints and the sources index as a ``cypher-shell -f`` script, for after an import.

    >>> constraints_script().splitlines()[0]
    'CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;'
    """
    statements = neo4j_constraints(load_model()) + sources_index_statements()
    return "".join(f"{statement};\n" for statement in statements)


def write_admin_csv(graph: KnowledgeGraph, folder: Path) -> list[Path]:
    """One CSV per node label and per relationship type, with import-typed headers, and the
    constraints to create once imported (:data:`CONSTRAINTS`); returns the CSV files.

    Load with ``neo4j-admin database import full --array-delimiter='|' --nodes=… --relationships=…``.
    """
    model = load_model()
    nodes: dict[str, list[dict[str, Any]]] = {}
    records: list[Document | Entity] = [*graph.documents, *graph.entities]
    for record in records:
        label, row = node_row(record)
        nodes.setdefault(label, []).append(row)
    rels: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for rel in graph.relationships:
        rels.setdefault(rel.type, []).append((rel.source, rel.target, rel_row(rel)))
    if folder.exists() and not folder.is_dir():
        raise KGError("a CSV export is a folder of files, and this is a file", path=folder)
    node_paths = {label: folder / f"nodes_{label}.csv" for label in nodes}
    rel_paths = {rel_type: folder / f"relationships_{rel_type}.csv" for rel_type in rels}
    written = [*node_paths.values(), *rel_paths.values()]
    with replacing_all(
        [*written, folder / CONSTRAINTS]
    ) as temps:  # every file or none: a half-written set misleads
        temps[folder / CONSTRAINTS].write_text(constraints_script(), encoding="utf-8")
        for label, rows in nodes.items():
            columns = node_columns(model, label)
            with temps[node_paths[label]].open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow([*_header(columns), ":LABEL"])
                for row in rows:
                    writer.writerow([*(_cell(row[c.name], f"{label} {row['id']}") for c in columns), label])
        for rel_type, items in rels.items():
            columns = rel_columns(model, rel_type)
            with temps[rel_paths[rel_type]].open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                props = [h.replace("id:ID", "id:string") for h in _header(columns)]
                writer.writerow([":START_ID", ":END_ID", ":TYPE", *props])
                for source, target, row in items:
                    cells = [_cell(row[c.name], f"{rel_type} {row['id']}") for c in columns]
                    writer.writerow([source, target, rel_type, *cells])
    return written


FORMATS = [
    Format("cypher", lambda graph, path, _: write_cypher_script(graph, path), "soe-kg.cypher", 4),
    Format("csv", lambda graph, path, _: write_admin_csv(graph, path), "neo4j-import", 5),
]
