"""The Neo4j store: the team server, loaded with the official ``neo4j`` driver.

Connection from ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` (or arguments). A load runs the statements of
:func:`kg.store.neo4j_plan.load_plan` through managed write transactions, which
the driver retries on transient errors; every statement is an idempotent upsert,
so an interrupted load is completed by running it again. Credentials never appear
in messages.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pyarrow as pa

from kg.common.visible import TERMINAL_CONTROL, written_out
from kg.errors import KGError
from kg.model import DOCUMENT, load_model
from kg.model.records import Document, Entity, KnowledgeGraph, Relationship
from kg.model.rows import record_from_row, relationship_from_row
from kg.model.schema import (
    SOURCES_ANALYZER,
    SOURCES_INDEX,
    SOURCES_PROPERTIES,
    SOURCES_WAIT_S,
    constraint_name,
    neo4j_constraints,
    neo4j_sources_index,
)
from kg.store.base import QueryLimits, QueryResult, jsonable
from kg.store.neo4j_load import (
    CORES_QUERY,
    COUNTERS,
    MAX_SESSIONS,
    OutOfMemory,
    label_counts,
    node_batches,
    rel_batches,
    send,
    send_all,
)
from kg.store.neo4j_plan import DEFAULT_BATCH, Statement, count_query, delete_query, stored_ids_query
from kg.store.read_plan import neo4j_plan_refusal, without_prefix
from kg.store.tables_arrow import RelKey, graph_tables

__all__ = ["SCHEMES", "LoadSummary", "Neo4jSettings", "Neo4jStore"]

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the server is and how to log in (the password is never shown)."""

    uri: str
    username: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None
    batch_size: int = DEFAULT_BATCH
    sessions: int | None = None  # sessions a load sends batches on at once (None: the server's cores)
    retry_seconds: float = 30.0  # how long a write retries a server that went away (the driver's default)

    def __post_init__(self) -> None:
        if "@" in self.uri.split("://", 1)[-1].split("/", 1)[0]:
            # Credentials in the URI would be shown wherever the URI is (errors, logs): refuse,
            # and do not echo the URI back.
            raise KGError(
                "the Neo4j URI holds a user or password: set NEO4J_USERNAME and NEO4J_PASSWORD instead"
            )
        scheme = self.uri.split("://", 1)[0] if "://" in self.uri else ""
        if scheme not in SCHEMES:
            schemes = ", ".join(s + "://" for s in SCHEMES)
            raise KGError(f"Neo4j URI {self.shown_uri!r} must start with one of: {schemes}")

    @property
    def shown_uri(self) -> str:
        """The URI as messages show it: scheme, host and port only (a query string can carry a
        password or token), with control characters written out.

        >>> Neo4jSettings("neo4j://db.example:7687/x?password=s3cret#\x1b[2J").shown_uri
        'neo4j://db.example:7687'
        """
        parts = urlsplit(self.uri)
        shown = f"{parts.scheme}://{parts.netloc}" if parts.scheme else self.uri.split("?")[0].split("#")[0]
        return written_out(shown, TERMINAL_CONTROL)

    @classmethod
    def from_env(cls, **overrides: Any) -> Neo4jSettings:
        """Settings from ``NEO4J_*`` variables, with explicit values taking precedence.

        >>> Neo4jSettings.from_env(uri="bolt://localhost:7687", password="x").username
        'neo4j'
        """
        values: dict[str, Any] = {
            "uri": os.environ.get("NEO4J_URI"),
            "username": os.environ.get("NEO4J_USERNAME") or "neo4j",
            "password": os.environ.get("NEO4J_PASSWORD") or "",
            "database": os.environ.get("NEO4J_DATABASE") or None,
        }
        if os.environ.get("NEO4J_RETRY_SECONDS"):
            try:
                values["retry_seconds"] = float(os.environ["NEO4J_RETRY_SECONDS"])
            except ValueError:
                raise KGError("NEO4J_RETRY_SECONDS must be a number of seconds") from None
        if os.environ.get("NEO4J_LOAD_SESSIONS"):
            sessions = os.environ["NEO4J_LOAD_SESSIONS"]
            if not sessions.isdigit() or int(sessions) < 1:
                raise KGError(
                    f"NEO4J_LOAD_SESSIONS must be a whole number of sessions from 1, got {sessions!r}"
                )
            values["sessions"] = int(sessions)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if not values["uri"]:
            raise KGError("no Neo4j server given: set NEO4J_URI (see .env.example) or pass --neo4j-uri")
        return cls(**values)


@dataclass
class LoadSummary:
    """What a load sent and what the server changed."""

    statements: int = 0
    rows: int = 0
    counters: Counter[str] = field(default_factory=Counter)
    uri: str = ""  # the server loaded


def _message(exc: Exception, settings: Neo4jSettings) -> str:
    """One line about a driver error, without credentials."""
    from neo4j import exceptions as ne

    where = f"Neo4j at {settings.shown_uri}"
    if isinstance(exc, ne.AuthError):
        return f"{where}: authentication failed for user {settings.username!r} (check NEO4J_PASSWORD)"
    if isinstance(exc, ne.ServiceUnavailable):
        return f"{where}: cannot connect (is it running? `docker compose up -d neo4j`)"
    if isinstance(exc, ne.ConfigurationError):
        return f"{where}: bad connection settings ({type(exc).__name__})"
    if isinstance(exc, ne.Neo4jError):
        code = exc.code or ""
        if "DatabaseNotFound" in code:
            return f"{where}: no database {settings.database!r} on this server"
        if "WriteOnReadOnlyAccess" in code or "ForbiddenOnReadOnlyDatabase" in code:
            return f"{where}: the database is read-only (writes are refused)"
        if code == "Neo.ClientError.Security.Forbidden":  # a user without write rights (Enterprise roles)
            return f"{where}: user {settings.username!r} may not write to this database"
        if "AccessMode" in code:
            return f"{where}: this query path is read-only (writes are refused)"
        text = (exc.message or "").replace(settings.password, "***") if settings.password else exc.message
        return f"{where}: {code}: {' '.join((text or '').split())[:300]}"
    return f"{where}: {type(exc).__name__}"


class Neo4jStore:
    """The graph in a Neo4j database (same interface as :class:`EmbeddedStore`)."""

    def __init__(self, settings: Neo4jSettings):
        self.settings = settings
        self._driver: Any = None

    def _call(self, work: Callable[[Any], Any]) -> Any:
        from neo4j import GraphDatabase
        from neo4j import exceptions as ne

        try:
            if self._driver is None:
                auth = (self.settings.username, self.settings.password)
                self._driver = GraphDatabase.driver(
                    self.settings.uri, auth=auth, max_transaction_retry_time=self.settings.retry_seconds
                )
                self._driver.verify_connectivity()
            return work(self._driver)
        except (ne.Neo4jError, ne.DriverError, ValueError) as exc:
            self.close()
            raise KGError(_message(exc, self.settings)) from None

    def check(self) -> None:
        """Connect and log in, or one error line saying why not (nothing is sent)."""
        self._call(lambda driver: None)

    def write(
        self, graph: KnowledgeGraph, progress: Callable[[Statement], None] | None = None
    ) -> LoadSummary:
        """Load ``graph`` (see :meth:`write_tables`)."""
        return self.write_tables(*graph_tables(graph), progress=progress)

    def write_tables(
        self,
        nodes: dict[str, pa.Table],
        rels: dict[RelKey, pa.Table],
        progress: Callable[[Statement], None] | None = None,
    ) -> LoadSummary:
        """Load the graph's tables: missing constraints first, then its nodes and its
        relationships in batches made as they are sent, on several sessions
        (:mod:`kg.store.neo4j_load`), then the removal of what the graph no longer has.

        The removal counts each label and type; where more are stored than the graph has, it
        reads their ids and deletes the ones the graph lacks in batches, so no statement carries
        every id (at 1M relationships, one would).
        """
        summary = LoadSummary(uri=self.settings.shown_uri)
        model = load_model()
        size = self.settings.batch_size
        wanted = {label: t.num_rows for label, t in nodes.items()}
        for (rel_type, _, _), table in rels.items():
            wanted[rel_type] = wanted.get(rel_type, 0) + table.num_rows
        sent: list[int] = [0]  # rows in, for the message if the load stops part-way

        def done(statement: Statement, counters: Counter[str]) -> None:
            summary.statements += 1
            summary.rows += statement.rows
            sent[0] += statement.rows
            summary.counters.update(counters)
            if progress is not None:
                progress(statement)

        def run(driver: Any) -> None:
            database = self.settings.database
            with driver.session(database=database) as session:
                existing, orphans = session.execute_read(_constraints)
                summary.statements += 1
                for name in orphans:  # our constraint's index, left alone by a server stopped mid-creation
                    session.run(f"DROP INDEX `{name}`").consume()
                    summary.statements += 1
                for label, query in zip(model.nodes, neo4j_constraints(model), strict=True):
                    if constraint_name(label) not in existing:  # a reload skips them all
                        done(Statement(query, {}, f"constraint {constraint_name(label)}"),
                             session.execute_write(_run_statement, Statement(query, {}, "")))  # fmt: skip
            stored = label_counts(driver, database)
            summary.statements += len(stored)
            empty = {name for name, count in stored.items() if count == 0}  # inserted, not matched
            sessions, retry = self._sessions(driver), self.settings.retry_seconds
            send_all(driver, database, node_batches(nodes, size, empty), sessions, done, retry)
            send_all(driver, database, rel_batches(rels, size, empty), sessions, done, retry)
            with driver.session(database=database) as session:
                # relationships first: a node deleted later takes fewer with it
                for name in [*model.relationships, *model.nodes]:
                    # Every wanted id was just loaded, so a count equal to the wanted number
                    # means nothing else is stored: no ids need reading.
                    count = session.execute_read(_count, count_query(model, name))
                    summary.statements += 1
                    if count == wanted.get(name, 0):
                        continue
                    ids = _ids(nodes, rels, name)
                    stored_ids = session.execute_read(_stored, stored_ids_query(model, name))
                    summary.statements += 1
                    stale = sorted(element for id_, element in stored_ids if id_ not in ids)
                    for start in range(0, len(stale), size):
                        batch = stale[start : start + size]
                        statement = Statement(delete_query(model, name), {"elements": batch}, f"clean {name}")
                        for sent, counters in send(session, statement, retry):
                            done(sent, counters)
                # made once the graph is in (one population instead of an update per batch)
                summary.statements += _sources_index(session, model)

        try:
            self._call(run)
        except OutOfMemory as exc:
            self.close()
            raise KGError(
                f"Neo4j at {self.settings.shown_uri}: one row is more than a transaction may hold on this "
                f"server (it says: {' '.join(str(exc).split())[:200]}); give its transactions more memory "
                f"(the setting it names). {_stopped(sent[0])}"
            ) from None
        except KGError as exc:
            if not sent[0]:
                raise
            raise KGError(f"{exc}; {_stopped(sent[0])}") from None
        return summary

    def _sessions(self, driver: Any) -> int:
        """Sessions for a load: the setting, else the server's cores (at most :data:`MAX_SESSIONS`)."""
        if self.settings.sessions:
            return self.settings.sessions
        try:
            records, _, _ = driver.execute_query(CORES_QUERY, database_=self.settings.database)
            cores = int(records[0]["cores"])
        except Exception:  # a server that does not say (Aura, restricted procedures): the default
            cores = 2
        return max(1, min(MAX_SESSIONS, cores))

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult:
        """Run read-only Cypher with parameters (a read transaction: writes are refused)."""

        def run(driver: Any) -> QueryResult:
            with driver.session(database=self.settings.database) as session:
                return session.execute_read(_read, cypher, params or {})  # type: ignore[no-any-return]

        return self._call(run)  # type: ignore[no-any-return]

    def bounded_query(
        self, cypher: str, params: dict[str, Any], limits: QueryLimits, *, check_read: bool = False
    ) -> QueryResult:
        """:meth:`query` within ``limits``: the server stops the transaction at the time limit,
        and rows past ``limits.max_rows`` are never fetched. ``check_read`` first asks the
        server's plan (``EXPLAIN``) whether the statement only reads the graph."""
        from neo4j import unit_of_work
        from neo4j.exceptions import Neo4jError

        def work(tx: Any) -> QueryResult:
            if check_read:
                summary = tx.run("EXPLAIN " + without_prefix(cypher), params).consume()
                why = neo4j_plan_refusal(summary.query_type, summary.plan)
                if why is not None:
                    raise KGError(why)
            return _read(tx, cypher, params, limits.max_rows)

        bounded = unit_of_work(timeout=limits.timeout)(work) if limits.timeout else work

        def run(driver: Any) -> QueryResult:
            try:
                with driver.session(database=self.settings.database) as session:
                    return session.execute_read(bounded)  # type: ignore[no-any-return]
            except Neo4jError as exc:
                if "TransactionTimedOut" in (exc.code or ""):
                    raise KGError(limits.timed_out()) from None
                raise

        return self._call(run)  # type: ignore[no-any-return]

    def read_graph(self) -> KnowledgeGraph:
        """Read the stored graph back as a validated :class:`KnowledgeGraph`."""
        model = load_model()
        documents: list[Document] = []
        entities: list[Entity] = []
        for label in model.nodes:
            for (row,) in self.query(f"MATCH (n:{label}) RETURN properties(n) ORDER BY n.id").rows:
                record = record_from_row(label, row)
                (documents if label == DOCUMENT else entities).append(record)  # type: ignore[arg-type]
        relationships: list[Relationship] = []
        for rel in model.relationships:
            query = f"MATCH (a)-[r:{rel}]->(b) RETURN a.id, b.id, properties(r) ORDER BY r.id"
            for source, target, row in self.query(query).rows:
                relationships.append(relationship_from_row(rel, source, target, row))
        return KnowledgeGraph(documents=documents, entities=entities, relationships=relationships)

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type."""
        model = load_model()
        out = {}
        for name in [*model.nodes, *model.relationships]:
            out[name] = self.query(count_query(model, name)).rows[0][0]
        return out

    def close(self) -> None:
        """Close the driver."""
        if self._driver is not None:
            self._driver.close()
        self._driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _run_statement(tx: Any, statement: Statement) -> Counter[str]:
    result = tx.run(statement.query, statement.parameters)
    counters = result.consume().counters
    return Counter({n: getattr(counters, n) for n in COUNTERS if getattr(counters, n)})


def _stopped(rows: int) -> str:
    """What a load that failed left, and what to do.

    >>> _stopped(0), _stopped(12000)
    ('nothing was loaded', 'the load stopped part-way (12,000 rows in): run it again to complete it')
    """
    return (
        f"the load stopped part-way ({rows:,} rows in): run it again to complete it"
        if rows
        else "nothing was loaded"
    )


def _ids(nodes: dict[str, pa.Table], rels: dict[RelKey, pa.Table], name: str) -> set[str]:
    """The ids the graph has for a label or relationship type (read only where a clean-up needs them)."""
    if name in nodes:
        return set(nodes[name].column("id").to_pylist())
    return {i for (rel_type, _, _), t in rels.items() if rel_type == name for i in t.column("id").to_pylist()}


def _constraints(tx: Any) -> tuple[set[str], list[str]]:
    """The constraints there are, and the indexes named like one of ours that no constraint owns."""
    existing = {record["name"] for record in tx.run("SHOW CONSTRAINTS YIELD name RETURN name")}
    ours = [constraint_name(label) for label in load_model().nodes]
    orphans = tx.run(
        "SHOW INDEXES YIELD name, owningConstraint "
        "WHERE owningConstraint IS NULL AND name IN $ours RETURN name",
        ours=ours,
    )
    return existing, sorted(record["name"] for record in orphans)


def _sources_index(session: Any, model: Any) -> int:
    """Make :data:`~kg.model.schema.SOURCES_INDEX` where it is missing, or made for other types,
    properties or analyzer (a changed model), and wait until it is online: the library's Neo4j
    forms of document_facts and timeline read through it. Returns the statements sent."""
    found = session.execute_read(_index_definition)
    sent = 1
    if found is not None and found != (
        sorted(model.relationships),
        list(SOURCES_PROPERTIES),
        SOURCES_ANALYZER,
    ):
        session.run(f"DROP INDEX {SOURCES_INDEX}").consume()
        sent, found = sent + 1, None
    if found is None:
        session.run(neo4j_sources_index(model)).consume()
        sent += 1
    session.run("CALL db.awaitIndex($name, $seconds)", name=SOURCES_INDEX, seconds=SOURCES_WAIT_S).consume()
    return sent + 1


def _index_definition(tx: Any) -> tuple[list[str], list[str], str | None] | None:
    """The types, properties and analyzer of the sources index there is, if there is one."""
    record = tx.run(
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options WHERE name = $name "
        "RETURN labelsOrTypes, properties, options",
        name=SOURCES_INDEX,
    ).single()
    if record is None:
        return None
    config = (record["options"] or {}).get("indexConfig") or {}
    return sorted(record["labelsOrTypes"]), list(record["properties"]), config.get("fulltext.analyzer")


def _count(tx: Any, query: str) -> int:
    return int(tx.run(query).single(strict=True)["n"])


def _stored(tx: Any, query: str) -> list[tuple[str, str]]:
    return [(record["id"], record["element"]) for record in tx.run(query)]


def _read(tx: Any, cypher: str, params: dict[str, Any], max_rows: int | None = None) -> QueryResult:
    result = tx.run(cypher, params)
    rows: list[list[Any]] = []
    for record in result:
        if max_rows is not None and len(rows) >= max_rows:
            return QueryResult(columns=list(result.keys()), rows=rows, more=True)
        rows.append([jsonable(_plain(v)) for v in record.values()])
    return QueryResult(columns=list(result.keys()), rows=rows)


def _plain(value: Any) -> Any:
    """Driver graph values as plain data: nodes and relationships become their properties."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"_LABEL": next(iter(value.labels), None), **dict(value)}
    if isinstance(value, Relationship):
        return {"_LABEL": value.type, **dict(value)}
    if isinstance(value, Path):
        return {"_NODES": [_plain(n) for n in value.nodes], "_RELS": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
