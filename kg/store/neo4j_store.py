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

from kg.errors import KGError
from kg.model import DOCUMENT, load_model
from kg.records import Document, Entity, KnowledgeGraph, Relationship
from kg.schema import constraint_name
from kg.store.base import QueryLimits, QueryResult, jsonable
from kg.store.neo4j_plan import (
    DEFAULT_BATCH,
    Statement,
    count_query,
    delete_query,
    graph_ids,
    load_plan,
    stored_ids_query,
)
from kg.store.read_plan import neo4j_plan_refusal, without_prefix
from kg.tables import record_from_row, relationship_from_row
from kg.visible import TERMINAL_CONTROL, written_out

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
        """Load ``graph``: missing constraints first, then batched upserts, then removal of what
        is gone.

        The removal counts each label and type; where more are stored than the graph has, it
        reads their ids and deletes the ones the graph lacks in batches, so no statement carries
        every id (at 1M relationships, one would).
        """
        plan = load_plan(graph, self.settings.batch_size, clean_up=False)
        summary = LoadSummary(uri=self.settings.shown_uri)
        model = load_model()
        wanted = graph_ids(graph)

        def send(session: Any, statement: Statement) -> None:
            counters = session.execute_write(_run_statement, statement)
            summary.statements += 1
            summary.rows += statement.rows
            summary.counters.update(counters)
            if progress is not None:
                progress(statement)

        def run(driver: Any) -> None:
            with driver.session(database=self.settings.database) as session:
                existing, orphans = session.execute_read(_constraints)
                summary.statements += 1
                for name in orphans:  # our constraint's index, left alone by a server stopped mid-creation
                    session.run(f"DROP INDEX `{name}`").consume()
                    summary.statements += 1
                for statement in plan:
                    name = statement.what.removeprefix("constraint ")
                    if name == statement.what or name not in existing:  # a reload skips them all
                        send(session, statement)
                # relationships first: a node deleted later takes fewer with it
                for name in [*model.relationships, *model.nodes]:
                    # Every wanted id was just upserted, so a count equal to the wanted
                    # number means nothing else is stored: no ids need reading.
                    count = session.execute_read(_count, count_query(model, name))
                    summary.statements += 1
                    if count == len(wanted.get(name, ())):
                        continue
                    stored = session.execute_read(_stored, stored_ids_query(model, name))
                    summary.statements += 1
                    stale = sorted(element for id_, element in stored if id_ not in wanted.get(name, ()))
                    for start in range(0, len(stale), self.settings.batch_size):
                        batch = stale[start : start + self.settings.batch_size]
                        send(
                            session,
                            Statement(delete_query(model, name), {"elements": batch}, f"clean {name}"),
                        )

        self._call(run)
        return summary

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
    names = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
             "properties_set", "constraints_added")  # fmt: skip
    return Counter({n: getattr(counters, n) for n in names if getattr(counters, n)})


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
