"""The store interface and the result of a query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from kg.records import KnowledgeGraph

__all__ = ["QueryResult", "Store", "jsonable"]

_INTERNAL = {"_ID", "_SRC", "_DST"}


def jsonable(value: Any) -> Any:
    """Turn engine values (nodes, relationships, dates) into plain JSON values.

    >>> jsonable({"_ID": {"offset": 0}, "_LABEL": "SOE", "id": "cnpc", "ranking": None})
    {'type': 'SOE', 'id': 'cnpc'}
    """
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        if "_LABEL" in value:
            out["type"] = value["_LABEL"]
        for key, item in value.items():
            if key in _INTERNAL or key == "_LABEL" or item is None:
                continue
            out[key.lstrip("_").lower() if key.startswith("_") else key] = jsonable(item)
        return out
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


@dataclass
class QueryResult:
    """Columns and rows of a Cypher query, with plain-JSON values."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


class Store(Protocol):
    """What every graph store offers."""

    def write(self, graph: KnowledgeGraph) -> None: ...

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult: ...

    def read_graph(self) -> KnowledgeGraph: ...

    def counts(self) -> dict[str, int]: ...
