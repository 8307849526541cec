"""The ``neo4j-admin database import`` files of a whole stored graph, streamed from the database.

The same files :func:`kg.export.neo4j_files.write_admin_csv` writes from records (a test
imports both and compares), made a table at a time: each label's nodes and each type's
relationships (between one pair of labels) are read from the embedded database as an Arrow
table, turned into import cells by Arrow's own functions and written by its CSV writer. A
graph of millions of relationships is never in memory as records, and no Python code runs
per row: at 1M relationships the export takes seconds where the records took minutes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from kg.common.atomic import replacing_all
from kg.errors import KGError
from kg.export.neo4j_files import ARRAY_DELIMITER, CONSTRAINTS, _header, constraints_script
from kg.model import load_model
from kg.model.schema import Column, node_columns, rel_columns
from kg.store import EmbeddedStore

__all__ = ["write_admin_csv_from_db"]

_FORMULA = r"^[=+\-@\t\r]"  # what a spreadsheet would run: such a text cell gets a leading '


def _text(column: pa.Array) -> pa.Array:
    """Text cells as ``_cell`` writes them: an empty text is no cell, a formula is made inert."""
    column = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
    risky = pc.fill_null(pc.match_substring_regex(column, _FORMULA), False)
    return pc.if_else(risky, pc.binary_join_element_wise("'", column, ""), column)


def _cells(column: pa.ChunkedArray, kind: str, ids: pa.ChunkedArray, where: str) -> Any:
    """One stored column as import cells of ``kind`` (the model's column type)."""
    if not kind.endswith("[]"):
        return _text(column) if kind == "STRING" else column
    items = pc.list_flatten(column)
    if kind == "STRING[]":
        split = pc.fill_null(pc.match_substring(items, ARRAY_DELIMITER), False)
        if pc.any(split).as_py():  # the delimiter inside an item would split it in two on import
            parents = pc.list_parent_indices(column)
            first = ids[pc.filter(parents, split)[0].as_py()].as_py()
            raise KGError(f"{where} {first}: a list value contains the array delimiter {ARRAY_DELIMITER!r}")
    as_text = pc.cast(column, pa.list_(pa.string()))
    joined = pc.binary_join(as_text, ARRAY_DELIMITER)
    empty = pc.equal(pc.list_value_length(column), 0)
    joined = pc.if_else(pc.fill_null(empty, True), pa.scalar(None, pa.string()), joined)
    return _text(joined)


def _write(path: Path, header: list[str], columns: list[Any], first: bool) -> None:
    table = pa.table({str(i): c for i, c in enumerate(columns)})
    with path.open("ab" if not first else "wb") as handle:
        if first:
            handle.write((",".join(header) + "\n").encode("utf-8"))
        if table.num_rows:
            pcsv.write_csv(table, handle, pcsv.WriteOptions(include_header=False, quoting_style="needed"))


def write_admin_csv_from_db(db: Path, folder: Path) -> list[Path]:
    """Every label's and type's import file for the graph stored in ``db``, into ``folder``,
    all of them or none (as :func:`kg.export.neo4j_files.write_admin_csv` names them).

    >>> import tempfile
    >>> from kg.model.records import Entity, KnowledgeGraph
    >>> tmp = Path(tempfile.mkdtemp())
    >>> graph = KnowledgeGraph(entities=[Entity(id="x", type="Sector", name="=1")])
    >>> EmbeddedStore(tmp / "kg.lbug").write(graph)
    >>> [p.name for p in write_admin_csv_from_db(tmp / "kg.lbug", tmp / "import")]
    ['nodes_Sector.csv']
    >>> (tmp / "import" / "nodes_Sector.csv").read_text().splitlines()[1]
    '"x","\\'=1",,,,,"Sector"'
    """
    if folder.exists() and not folder.is_dir():
        raise KGError("a CSV export is a folder of files, and this is a file", path=folder)
    model = load_model()
    with EmbeddedStore(db) as store:
        counts = store.counts()
        labels = [label for label in model.nodes if counts.get(label)]
        types = [rel for rel in model.relationships if counts.get(rel)]
        paths = {name: folder / f"nodes_{name}.csv" for name in labels}
        paths |= {name: folder / f"relationships_{name}.csv" for name in types}
        with replacing_all([*paths.values(), folder / CONSTRAINTS]) as temps:  # every file or none
            temps[folder / CONSTRAINTS].write_text(constraints_script(), encoding="utf-8")
            for label in labels:
                columns = node_columns(model, label)
                table = _read(store, f"MATCH (n:`{label}`)", "n", columns)
                cells = [_cells(table[c.name], c.db_type, table["id"], f"{label}") for c in columns]
                label_column = pa.array([label] * table.num_rows, pa.string())
                _write(temps[paths[label]], [*_header(columns), ":LABEL"], [*cells, label_column], True)
            for rel_type in types:
                columns = rel_columns(model, rel_type)
                header = [
                    ":START_ID",
                    ":END_ID",
                    ":TYPE",
                    *(h.replace("id:ID", "id:string") for h in _header(columns)),
                ]
                for i, (src, dst) in enumerate(model.pairs(rel_type)):
                    pattern = f"MATCH (a:`{src}`)-[r:`{rel_type}`]->(b:`{dst}`)"
                    table = _read(store, pattern, "r", columns, ends=True)
                    if not table.num_rows and i:
                        continue
                    cells = [_cells(table[c.name], c.db_type, table["id"], rel_type) for c in columns]
                    kind = pa.array([rel_type] * table.num_rows, pa.string())
                    ends = [
                        table["_from"],
                        table["_to"],
                    ]  # ids as they are (slugs), as write_admin_csv writes them
                    _write(temps[paths[rel_type]], header, [*ends, kind, *cells], i == 0)
    return list(paths.values())


def _read(
    store: EmbeddedStore, pattern: str, var: str, columns: list[Column], ends: bool = False
) -> pa.Table:
    """One label's nodes or one type's relationships between two labels, as an Arrow table."""
    returned = [f"{var}.`{c.name}` AS `{c.name}`" for c in columns]
    if ends:
        returned = ["a.id AS _from", "b.id AS _to", *returned]
    result = store._connection().execute(f"{pattern} RETURN {', '.join(returned)}")
    return result.get_as_arrow()
