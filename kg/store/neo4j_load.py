"""A load into Neo4j, streamed: each batch is made from the graph's tables as it is sent, on
as many sessions as the server has cores.

A label or relationship type the database holds none of is inserted (``CREATE``: nothing to
match); the others are upserted (``MERGE`` on the constrained id). A load stopped half-way
has left some of a label in: the next load upserts it, so running it again completes it. A
batch the server has no memory for is sent again in halves, down to one row: the load
finishes rather than stops, and only a single row too large for the server's transaction
limit stops it, with one line naming the limit.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyarrow as pa

from kg.model import load_model
from kg.store.neo4j_plan import Statement, node_statement, rel_statement
from kg.store.tables_arrow import RelKey

__all__ = [
    "CORES_QUERY",
    "MAX_SESSIONS",
    "Group",
    "OutOfMemory",
    "label_counts",
    "node_batches",
    "rel_batches",
    "send",
    "send_all",
]

MAX_SESSIONS = 4  # beyond this, a load on a shared server only waits on locks
COUNTERS = ("nodes_created", "nodes_deleted", "relationships_created", "relationships_deleted",
            "properties_set", "constraints_added")  # fmt: skip


class OutOfMemory(Exception):
    """One row alone is more than the server's transaction memory limit allows."""


def _storable(row: dict[str, Any]) -> dict[str, Any]:
    """A row as Neo4j stores it: no nulls (no property) and no empty lists (``neo4j-admin
    import`` cannot write one, so a load leaves them out too and both give the same store)."""
    return {k: v for k, v in row.items() if v is not None and v != []}


# A group of statements sent one after another by one session, and the labels whose nodes they
# lock: groups that share no label run at once, on different sessions (see ``send_all``).
Group = tuple[frozenset[str], Iterator[Statement]]


def node_batches(nodes: dict[str, pa.Table], size: int, create: set[str]) -> Iterator[Group]:
    """The statements loading ``nodes``, a batch of ``size`` rows each, made as they are sent:
    each batch a group of its own (new nodes lock nothing another batch needs).

    >>> from kg.model.records import Entity, KnowledgeGraph
    >>> from kg.store.tables_arrow import graph_tables
    >>> tables = graph_tables(KnowledgeGraph(entities=[Entity(id="e", type="Sector", name="Energy")]))[0]
    >>> [(s.what, s.parameters["rows"]) for _, batch in node_batches(tables, 10, set()) for s in batch]
    [('Sector', [{'id': 'e', 'name': 'Energy'}])]
    """
    for label, table in nodes.items():
        query = node_statement(label, label in create)
        for start in range(0, table.num_rows, size):
            yield frozenset(), _node_batch(query, label, table, start, size)


def _node_batch(query: str, label: str, table: pa.Table, start: int, size: int) -> Iterator[Statement]:
    rows = [_storable(row) for row in table.slice(start, size).to_pylist()]
    yield Statement(query, {"rows": rows}, label, len(rows))


def rel_batches(rels: dict[RelKey, pa.Table], size: int, create: set[str]) -> Iterator[Group]:
    """The statements loading ``rels`` (rows of [source id, target id, properties]), a group per
    table: a relationship locks its two nodes, and two sessions writing to the same hub at once
    wait on each other, or deadlock and start again."""
    for (rel_type, source, target), table in rels.items():
        query = rel_statement(rel_type, source, target, rel_type in create)
        yield frozenset((source, target)), _rel_table(query, rel_type, table, size)


def _rel_table(query: str, rel_type: str, table: pa.Table, size: int) -> Iterator[Statement]:
    for start in range(0, table.num_rows, size):
        rows = [
            [row.pop("from"), row.pop("to"), _storable(row)] for row in table.slice(start, size).to_pylist()
        ]
        yield Statement(query, {"rows": rows}, rel_type, len(rows))


def _halves(statement: Statement) -> list[Statement]:
    """The statement on each half of its batch (the rows to load, or the elements to delete)."""
    ((name, rows),) = statement.parameters.items()
    middle = len(rows) // 2
    return [Statement(statement.query, {name: part}, statement.what, len(part) if statement.rows else 0)
            for part in (rows[:middle], rows[middle:])]  # fmt: skip


def _memory_error(exc: Exception) -> bool:
    code = getattr(exc, "code", None) or ""
    return "MemoryPoolOutOfMemoryError" in code or "TransactionMemoryLimit" in code or "OutOfMemory" in code


def _run(tx: Any, statement: Statement) -> Counter[str]:
    counters = tx.run(statement.query, statement.parameters).consume().counters
    return Counter({n: getattr(counters, n) for n in COUNTERS if getattr(counters, n)})


def send_all(
    driver: Any,
    database: str | None,
    groups: Iterable[Group],
    sessions: int,
    done: Callable[[Statement, Counter[str]], None],
    retry_s: float = 30.0,
) -> None:
    """Send every group's statements as write transactions, on ``sessions`` sessions at once:
    a session takes the next group that locks no label another session's group does (so no
    two wait on one node), and sends its statements one after another, each made only when it
    is sent (a batch per session in memory, never all). ``done(statement, counters)`` is called
    as each is committed, one call at a time.

    A batch over the server's transaction memory limit is sent again in two halves.
    """
    waiting = list(groups)
    busy: Counter[str] = Counter()
    turn = threading.Condition()
    failed: list[BaseException] = []

    def take() -> Group | None:
        with turn:
            while waiting and not failed:
                for i, (labels, _) in enumerate(waiting):
                    if not any(busy[label] for label in labels):
                        busy.update(labels)
                        return waiting.pop(i)
                turn.wait()
            return None

    def release(labels: frozenset[str]) -> None:
        with turn:
            busy.subtract(labels)
            turn.notify_all()

    def worker() -> None:
        with driver.session(database=database) as session:
            while (group := take()) is not None:
                labels, statements = group
                try:
                    for statement in statements:
                        for sent, counters in send(session, statement, retry_s):
                            with turn:
                                done(sent, counters)
                except BaseException as exc:
                    with turn:
                        failed.append(exc)
                        turn.notify_all()
                    raise
                finally:
                    release(labels)

    with ThreadPoolExecutor(max(1, sessions), thread_name_prefix="neo4j-load") as pool:
        futures = [pool.submit(worker) for _ in range(max(1, sessions))]
    if failed:
        raise failed[0]
    for future in futures:
        future.result()


def send(session: Any, statement: Statement, retry_s: float) -> list[tuple[Statement, Counter[str]]]:
    """Commit one statement; over the server's transaction memory, its two halves instead."""
    try:
        return [(statement, _commit(session, statement, retry_s))]
    except Exception as exc:
        if not _memory_error(exc):
            raise
        if len(next(iter(statement.parameters.values()), [])) <= 1:
            raise OutOfMemory(str(getattr(exc, "message", exc))) from None
        return [result for half in _halves(statement) for result in send(session, half, retry_s)]


def _commit(session: Any, statement: Statement, retry_s: float) -> Counter[str]:
    """One write transaction, tried again as the driver's managed transactions are (a server gone
    for a moment, a deadlock) for up to ``retry_s`` seconds, but not when the server has no
    memory for it: the driver would try the same batch for ``retry_s`` before it could be halved."""
    deadline, pause = time.monotonic() + retry_s, 0.2
    while True:
        try:
            with session.begin_transaction() as tx:
                counters = _run(tx, statement)
                tx.commit()
                return counters
        except Exception as exc:
            retry = getattr(exc, "is_retryable", lambda: False)()
            if _memory_error(exc) or not retry or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def label_counts(driver: Any, database: str | None) -> dict[str, int]:
    """Nodes per label and relationships per type stored (Neo4j's count store: no scan)."""
    from kg.store.neo4j_plan import count_query

    model = load_model()
    names = [*model.nodes, *model.relationships]
    with driver.session(database=database) as session:
        return {name: session.execute_read(_count, count_query(model, name)) for name in names}


def _count(tx: Any, query: str) -> int:
    return int(tx.run(query).single(strict=True)["n"])


# How many processors the server has (its JVM's count), to choose the sessions of a load.
CORES_QUERY = (
    "CALL dbms.queryJmx('java.lang:type=OperatingSystem') YIELD attributes "
    "RETURN attributes.AvailableProcessors.value AS cores"
)
