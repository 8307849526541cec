"""The embedded store: LadybugDB, an on-disk Cypher database inside the process.

Writes are bulk ``COPY … FROM`` an Arrow table per node and relationship table,
into a fresh file that then replaces the old one in a single rename, so a failed
or interrupted build leaves the previous database as it was.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

import ladybug as lb
import pyarrow as pa

from kg.common.atomic import check_target, make_folders, remove_empty, sweep_stale
from kg.errors import KGError
from kg.model import DOCUMENT, GraphModel, load_model
from kg.model.records import Document, Entity, KnowledgeGraph, Relationship
from kg.model.rows import record_from_row, relationship_from_row
from kg.model.schema import ladybug_ddl, node_columns, rel_columns
from kg.store.base import QueryLimits, QueryResult, jsonable
from kg.store.read_plan import ladybug_plan_refusal, without_prefix
from kg.store.tables_arrow import RelKey, check_tables, graph_tables

__all__ = ["EmbeddedStore", "default_db_path"]

DB_ENV = "SOEKG_DB"


# Files LadybugDB keeps beside a database: its write-ahead log, and a checkpoint's shadow pages.
_SIDE_FILES = (".wal", ".shadow")


def default_db_path() -> Path:
    """``$SOEKG_DB`` if set, else ``data/soe-kg.lbug`` under the current directory."""
    return Path(os.environ.get(DB_ENV) or "data/soe-kg.lbug")


def _one_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}.wal")):
        if p.exists():
            p.unlink()


def _copy_relationships(db: Any, model: GraphModel, rels: dict[RelKey, pa.Table]) -> None:
    """One ``COPY`` per relationship table, on as many writer connections as there are cores.

    Each table is written by one connection only; LadybugDB's COPY alone keeps about
    one core busy, so two tables at a time nearly halve a large build on two cores.
    """
    jobs = sorted(((k, t) for k, t in rels.items() if t.num_rows), key=lambda kt: -kt[1].num_rows)
    workers = max(1, min(len(jobs), os.cpu_count() or 1, 4))
    connections = [lb.Connection(db) for _ in range(workers)]

    def copy(worker: int) -> None:
        for (rel_type, src, dst), table in jobs[worker::workers]:
            # A table joining several node-type pairs needs the pair named on COPY.
            options = f" (from='{src}', to='{dst}')" if len(model.pairs(rel_type)) > 1 else ""
            connections[worker].execute(f"COPY `{rel_type}` FROM $rows{options}", {"rows": table})

    try:
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(copy, range(workers)))  # list() re-raises a worker's error here
    finally:
        for connection in connections:
            connection.close()


def _check_copied(conn: Any, rels: dict[RelKey, pa.Table]) -> None:
    """Fail the build unless every relationship table holds exactly the rows given."""
    expected: Counter[str] = Counter()
    for (rel_type, _src, _dst), table in rels.items():
        expected[rel_type] += table.num_rows
    for rel_type, rows in expected.items():
        if rows:
            found = conn.execute(f"MATCH ()-[r:`{rel_type}`]->() RETURN count(r)").get_all()[0][0]
            if found != rows:
                raise RuntimeError(f"{rel_type}: {found} relationships stored, {rows} given")


class EmbeddedStore:
    """A LadybugDB database file holding the graph.

    >>> import tempfile
    >>> from kg.model.records import Entity, KnowledgeGraph
    >>> store = EmbeddedStore(Path(tempfile.mkdtemp()) / "kg.lbug")
    >>> store.write(KnowledgeGraph(entities=[Entity(id="cnpc", type="SOE", name="CNPC")]))
    >>> store.query("MATCH (s:SOE) RETURN s.name AS name").rows
    [['CNPC']]
    """

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        self._db: Any = None
        self._conn: Any = None
        self._worker: Any = None
        self._made: list[Path] = []  # folders the last prepare made

    # -- writing ----------------------------------------------------------
    def write(self, graph: KnowledgeGraph) -> None:
        """Replace the database with ``graph``, atomically."""
        self.write_tables(*graph_tables(graph))

    def write_tables(self, nodes: dict[str, pa.Table], rels: dict[RelKey, pa.Table]) -> None:
        """Replace the database with Arrow tables, atomically: the bulk path.

        ``nodes`` maps a node type to a table with the columns :func:`kg.model.schema.node_columns`
        gives; ``rels`` maps (type, source type, target type) to a table of ``from``, ``to`` and
        :func:`kg.model.schema.rel_columns`. Checked first (columns, unique ids, endpoints that exist),
        then copied in with one ``COPY`` per table into a new file swapped in by one rename.
        """
        self.replace_with(self.prepare_tables(nodes, rels))

    def prepare(self, graph: KnowledgeGraph) -> Path:
        """Write ``graph`` into a new database file beside this one and return it; the database
        is unchanged until :meth:`replace_with` (a build writes its exports meanwhile)."""
        return self.prepare_tables(*graph_tables(graph))

    def prepare_tables(self, nodes: dict[str, pa.Table], rels: dict[RelKey, pa.Table]) -> Path:
        """:meth:`prepare` from Arrow tables (see :meth:`write_tables`)."""
        check_tables(nodes, rels)
        check_target(self.path)  # never a rename over a folder or a device
        made = make_folders(self.path.parent)
        self._made = made  # taken away again if the new file is discarded
        tmp = self.path.with_name(f".{self.path.name}.building-{os.getpid()}")
        sweep_stale(self.path, "building")  # files of builds that were killed
        _remove(tmp)
        model = load_model()
        try:
            # Auto-checkpointing mid-COPY only slows a build that is checkpointed once at the end.
            db = lb.Database(str(tmp), auto_checkpoint=False, enable_multi_writes=True)
            conn = lb.Connection(db)
            try:
                for statement in ladybug_ddl(model):
                    conn.execute(statement)
                for node_type, table in nodes.items():
                    if table.num_rows:
                        conn.execute(f"COPY `{node_type}` FROM $rows", {"rows": table})
                _copy_relationships(db, model, rels)
                conn.execute("CHECKPOINT")
                _check_copied(conn, rels)
            finally:
                conn.close()
                db.close()
        except RuntimeError as exc:
            _remove(tmp)
            remove_empty(made)
            raise KGError(f"writing the database failed: {_one_line(exc)}", path=self.path) from None
        except BaseException:
            _remove(tmp)
            remove_empty(made)
            raise
        return tmp

    def replace_with(self, new: Path) -> None:
        """Swap in a database file :meth:`prepare` wrote, in one rename."""
        self.close()
        try:
            for side in _SIDE_FILES:  # a log or pending checkpoint of the old file, not of the new
                Path(f"{self.path}{side}").unlink(missing_ok=True)
            os.replace(new, self.path)
        except BaseException:
            _remove(new)
            raise

    def discard(self, new: Path) -> None:
        """Remove a database file :meth:`prepare` wrote that will not be swapped in, and the
        folders it made for it (a failed build leaves no empty folders)."""
        _remove(new)
        remove_empty(self._made)

    # -- reading ----------------------------------------------------------
    def _connection(self) -> Any:
        if self._conn is None:
            if not self.path.exists():
                raise KGError("no database here; run `soekg build` first", path=self.path)
            if not self.path.is_file():  # a folder or a device: LadybugDB would try to use it
                raise KGError("not a database file (a folder or a device)", path=self.path)
            try:
                self._open()
            except RuntimeError as exc:
                if "recovery is pending" not in str(exc):
                    raise KGError(f"cannot open the database: {_one_line(exc)}", path=self.path) from None
                self._recover()
        return self._conn

    def _open(self) -> None:
        self._db = lb.Database(str(self.path), read_only=True)
        self._conn = lb.Connection(self._db)

    def _recover(self) -> None:
        """Finish the checkpoint another program left half-done (its ``.shadow`` file), as
        LadybugDB asks: open the file once for writing, then again for reading. Our builds
        never checkpoint in place (they write a new file and rename it), so this only follows
        a notebook or tool that wrote to the database and was stopped."""
        try:
            lb.Connection(db := lb.Database(str(self.path))).close()
            db.close()
            self._open()
        except RuntimeError as exc:
            raise KGError(
                f"the database has a checkpoint another program left pending, and finishing it failed "
                f"({_one_line(exc)}); run `soekg build` to write a new one",
                path=self.path,
            ) from None
        sys.stderr.write(f"{self.path}: finished a checkpoint another program left pending\n")

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run read-only Cypher with parameters; values come back as plain JSON.

        Raises :class:`KGError` with the engine's one-line message on failure.
        """
        conn = self._connection()
        try:
            result = conn.execute(cypher, params or {})
            columns = list(result.get_column_names())
            rows = [jsonable(list(row)) for row in result.get_all()]
        except RuntimeError as exc:
            raise KGError(f"query failed: {_one_line(exc)}") from None
        return QueryResult(columns=columns, rows=rows)

    def bounded_query(
        self, cypher: str, params: dict[str, Any], limits: QueryLimits, *, check_read: bool = False
    ) -> QueryResult:
        """:meth:`query` within ``limits``, in a child process that is ended at the deadline or
        past the memory limit (:mod:`kg.store.worker`); ``check_read`` first asks the engine's
        plan whether the statement only reads the graph."""
        from kg.store.worker import QueryProcess

        if self._worker is None:
            self._worker = QueryProcess(partial(EmbeddedStore, self.path))
        return self._worker.run(cypher, params, limits, check_read=check_read)  # type: ignore[no-any-return]

    def run_bounded(
        self, cypher: str, params: dict[str, Any], limits: QueryLimits, *, check_read: bool = False
    ) -> QueryResult:
        """The query here, in this process, with the engine's timeout and at most
        ``limits.max_rows`` rows read (the child side of :meth:`bounded_query`)."""
        conn = self._connection()
        conn.set_query_timeout(int((limits.timeout or 0) * 1000))
        try:
            if check_read:
                plan = conn.execute("EXPLAIN " + without_prefix(cypher), params).get_all()
                why = ladybug_plan_refusal(str(plan[0][0]) if plan and plan[0] else "")
                if why is not None:
                    raise KGError(why)
            result = conn.execute(cypher, params)
            if isinstance(result, list):  # several statements: the guard lets one through only
                raise KGError("one statement at a time, please")
            columns = list(result.get_column_names())
            rows: list[list[Any]] = []
            more = False
            while result.has_next():
                if limits.max_rows is not None and len(rows) >= limits.max_rows:
                    more = True
                    break
                rows.append(jsonable(list(result.get_next())))
        except RuntimeError as exc:
            if _one_line(exc) == "Interrupted.":
                raise KGError(limits.timed_out()) from None
            raise KGError(f"query failed: {_one_line(exc)}") from None
        return QueryResult(columns=columns, rows=rows, more=more)

    def _raw(self, cypher: str) -> list[dict[str, Any]]:
        result = self._connection().execute(cypher)
        names = result.get_column_names()
        return [dict(zip(names, row, strict=True)) for row in result.get_all()]

    def read_graph(self) -> KnowledgeGraph:
        """Read the whole stored graph back as a validated :class:`KnowledgeGraph`."""
        model = load_model()
        documents: list[Document] = []
        entities: list[Entity] = []
        for node_type in model.nodes:
            cols = ", ".join(f"n.`{c.name}` AS `{c.name}`" for c in node_columns(model, node_type))
            for row in self._raw(f"MATCH (n:`{node_type}`) RETURN {cols} ORDER BY n.id"):
                record = record_from_row(node_type, row)
                (documents if node_type == DOCUMENT else entities).append(record)  # type: ignore[arg-type]
        relationships: list[Relationship] = []
        for rel_type in model.relationships:
            cols = ", ".join(f"r.`{c.name}` AS `{c.name}`" for c in rel_columns(model, rel_type))
            query = f"MATCH (a)-[r:`{rel_type}`]->(b) RETURN a.id AS _from, b.id AS _to, {cols} ORDER BY r.id"
            for row in self._raw(query):
                relationships.append(relationship_from_row(rel_type, row.pop("_from"), row.pop("_to"), row))
        return KnowledgeGraph(documents=documents, entities=entities, relationships=relationships)

    def counts(self) -> dict[str, int]:
        """Number of nodes per node type and relationships per relationship type."""
        model = load_model()
        out: Counter[str] = Counter()
        for name in [*model.nodes, *model.relationships]:
            pattern = f"(n:`{name}`)" if name in model.nodes else f"()-[n:`{name}`]->()"
            out[name] = self._raw(f"MATCH {pattern} RETURN count(*) AS c")[0]["c"]
        return dict(out)

    def close(self) -> None:
        """Release the database file (and end the child that runs bounded queries)."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None
        if self._conn is not None:
            self._conn.close()
            self._db.close()
        self._conn = self._db = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
