"""Every library query on Neo4j, timed as the embedded store's are (``benchmarks.suite.time_library``)."""

from __future__ import annotations

from typing import Any

__all__ = ["TIMEOUT_S", "neo4j_queries"]

TIMEOUT_S = 10.0  # as on the embedded store: a query that cannot finish in 10 s is reported as such


def neo4j_queries(repeat: int = 40) -> dict[str, Any]:
    """The library's Neo4j forms on the graph at ``NEO4J_URI``, each in a read transaction with a
    time limit, its rows turned into plain values as ``soekg query --neo4j`` does."""
    from neo4j import unit_of_work

    from benchmarks.suite import time_library
    from kg.store.base import QueryResult
    from kg.store.neo4j_store import Neo4jSettings, Neo4jStore, _read

    read = unit_of_work(timeout=TIMEOUT_S)(_read)
    with Neo4jStore(Neo4jSettings.from_env()) as store:

        def run(text: str, params: dict[str, Any]) -> QueryResult:
            def work(driver: Any) -> QueryResult:
                with driver.session(database=store.settings.database) as session:
                    return session.execute_read(read, text, params)  # type: ignore[no-any-return]

            return store._call(work)  # type: ignore[no-any-return]

        run("RETURN 1", {})
        return time_library(run, "neo4j", repeat)
