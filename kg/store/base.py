"""The store interface and the result of a query."""

from __future__ import annotations

import datetime as dt
import decimal
import os
from dataclasses import dataclass, field
from typing import Any, Protocol

from kg.model.records import KnowledgeGraph

__all__ = ["QueryLimits", "QueryResult", "Store", "jsonable"]

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
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _duration(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes | bytearray):
        return value.hex()
    return str(value)  # UUIDs, and whatever else an engine returns: text, never a crash later


def _duration(span: dt.timedelta) -> str:
    """An ISO 8601 duration, as Cypher writes one.

    >>> _duration(dt.timedelta(days=367, hours=2, seconds=1.5)), _duration(dt.timedelta(days=-1))
    ('P367DT2H1.5S', '-P1D')
    >>> _duration(dt.timedelta(0))
    'PT0S'
    """
    sign, span = ("-", -span) if span < dt.timedelta(0) else ("", span)
    hours, rest = divmod(span.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [(hours, "H"), (minutes, "M"), (seconds + span.microseconds / 1e6, "S")]
    time = "".join(f"{n:g}{unit}" for n, unit in parts if n)
    days = f"{span.days}D" if span.days else ""
    if not days and not time:
        return "PT0S"
    return f"{sign}P{days}" + (f"T{time}" if time else "")


@dataclass
class QueryResult:
    """Columns and rows of a Cypher query, with plain-JSON values; ``more`` when rows past
    a cap (:attr:`QueryLimits.max_rows`) were left unread."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    more: bool = False

    def records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries keyed by column name."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


TIMEOUT_ENV = "SOEKG_QUERY_TIMEOUT"
MEMORY_ENV = "SOEKG_QUERY_MEMORY_MB"


def _setting(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0:
        from kg.errors import KGError

        raise KGError(f"${name} must be a positive number, got {raw!r}")
    return value


@dataclass(frozen=True)
class QueryLimits:
    """Bounds on one query: seconds (None: none), rows read (None: all), and the memory in MB
    the embedded engine may use for it. Defaults from ``$SOEKG_QUERY_TIMEOUT`` (30 s) and
    ``$SOEKG_QUERY_MEMORY_MB`` (2048).

    >>> QueryLimits.from_env(timeout=5).timeout
    5
    """

    timeout: float | None = 30.0
    max_rows: int | None = None
    memory_mb: float = 2048.0

    @classmethod
    def from_env(cls, **given: Any) -> QueryLimits:
        values: dict[str, Any] = {
            "timeout": _setting(TIMEOUT_ENV, 30.0),
            "memory_mb": _setting(MEMORY_ENV, 2048.0),
        }
        values.update({k: v for k, v in given.items() if v is not None})
        if values["timeout"] is not None and not values["timeout"] > 0:
            from kg.errors import KGError

            raise KGError(f"the time limit must be a positive number of seconds, got {values['timeout']!r}")
        return cls(**values)

    def timed_out(self) -> str:
        """The one line for a query stopped at the time limit."""
        return (
            f"the query ran past its time limit of {self.timeout:g} s and was stopped; the database is "
            f"unchanged (a longer limit: --timeout SECONDS, ${TIMEOUT_ENV}, or kg.open(..., timeout=SECONDS))"
        )


class Store(Protocol):
    """What every graph store offers."""

    def write(self, graph: KnowledgeGraph) -> None: ...

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> QueryResult: ...

    def bounded_query(
        self, cypher: str, params: dict[str, Any], limits: QueryLimits, *, check_read: bool = False
    ) -> QueryResult: ...

    def read_graph(self) -> KnowledgeGraph: ...

    def counts(self) -> dict[str, int]: ...
