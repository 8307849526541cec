"""The engine's own word on what a statement does: its plan, read before the statement runs.

Defence in depth behind :func:`kg.query.user_cypher.refusal`: LadybugDB's ``EXPLAIN`` lists the
operators it would run, Neo4j's names the query type (``r`` for a read) and its operators.
A statement runs only if every operator reads the graph; a table function only if it
describes the graph. LadybugDB has no setting that turns file access off (its read-only
mode stops writes to the database, not ``COPY … TO`` or ``LOAD FROM``), so this is where
the engine itself is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["ladybug_plan_refusal", "neo4j_plan_refusal", "without_prefix"]

# LadybugDB's physical operators that read the graph (each seen in the plans of the library's
# queries and of reads users write; an operator not listed is refused, and named).
_LADYBUG_READS = {
    "AGGREGATE", "AGGREGATE_FINALIZE", "AGGREGATE_SCAN", "CROSS_PRODUCT", "DUMMY_SINK",
    "DUMMY_SIMPLE_SINK", "EMPTY_RESULT", "FILTER", "FLATTEN", "HASH_JOIN_BUILD", "HASH_JOIN_PROBE",
    "INDEX_LOOKUP", "INTERSECT", "INTERSECT_BUILD", "LIMIT", "MULTIPLICITY_REDUCER", "ORDER_BY",
    "ORDER_BY_MERGE", "ORDER_BY_SCAN", "PATH_PROPERTY_PROBE", "PRIMARY_KEY_SCAN_NODE_TABLE",
    "PROJECTION", "QUERY_PRIMARY_KEY_LOOKUP", "RECURSIVE_EXTEND", "RESULT_COLLECTOR",
    "SCAN_NODE_TABLE", "SCAN_REL_TABLE", "SEMI_MASKER", "SKIP", "TABLE_FUNCTION_CALL", "TOP_K",
    "TOP_K_SCAN", "UNION_ALL_SCAN", "UNWIND", "COUNT_REL_TABLE",
}  # fmt: skip
# Table functions that read the graph or describe it (READ_FTABLE reads the engine's own
# intermediate results); LOAD FROM a file shows up as another one, READ_CSV say.
_LADYBUG_FUNCTIONS = {
    "READ_FTABLE",
    "SHOW_TABLES",
    "TABLE_INFO",
    "SHOW_CONNECTION",
    "DB_VERSION",
    "SHOW_FUNCTIONS",
}
_OPERATOR = re.compile(r"([A-Z][A-Z_]+)\[\d+\]")
_FUNCTION = re.compile(r"Function: (\w+)")
# Neo4j operators that reach outside the graph or write even inside a read transaction.
_NEO4J_NOT_READS = ("LoadCSV", "ProcedureCall", "Transaction", "Create", "Merge", "Delete", "Set", "Remove")


def without_prefix(text: str) -> str:
    """The statement an ``EXPLAIN`` or ``PROFILE`` in front of it would explain or run.

    >>> without_prefix("  profile MATCH (n) RETURN n")
    ' MATCH (n) RETURN n'
    """
    found = re.match(r"\s*(?:EXPLAIN|PROFILE)\b", text, flags=re.IGNORECASE)
    return text[found.end() :] if found else text


def ladybug_plan_refusal(plan: str) -> str | None:
    """Why a LadybugDB plan (the text ``EXPLAIN`` returns) is more than a read (None if not).

    >>> ladybug_plan_refusal("│ COPY_TO[2] │ ... │ SCAN_NODE_TABLE[0] │")
    'the engine would run COPY_TO, which is not a read of the graph'
    >>> ladybug_plan_refusal("│ TABLE_FUNCTION_CALL[0] │ Function: READ_CSV │") is not None
    True
    >>> ladybug_plan_refusal("│ RESULT_COLLECTOR[1] │ SCAN_NODE_TABLE[0] │") is None
    True
    """
    operators = _OPERATOR.findall(plan)
    if not operators:
        return "the engine's plan for this query could not be read, so it is not run"
    for operator in operators:
        if operator not in _LADYBUG_READS:
            return f"the engine would run {operator}, which is not a read of the graph"
    for function in _FUNCTION.findall(plan):
        if function.upper() not in _LADYBUG_FUNCTIONS:
            return f"the engine would call {function}, which is not a read of the graph"
    return None


def _operators(plan: Any) -> Iterable[str]:
    if plan is None:
        return
    yield str(plan.get("operatorType", "")).split("@")[0]
    for child in plan.get("children", ()) or ():
        yield from _operators(child)


def neo4j_plan_refusal(query_type: str | None, plan: Any) -> str | None:
    """Why a Neo4j ``EXPLAIN`` summary (query type, plan) is more than a read (None if not).

    >>> neo4j_plan_refusal("r", {"operatorType": "ProduceResults@neo4j", "children": [
    ...     {"operatorType": "LoadCSV@neo4j", "children": []}]})
    'the server would run LoadCSV, which is not a read of the graph'
    >>> neo4j_plan_refusal("rw", None)
    "the server counts this query as 'rw', not a read"
    >>> neo4j_plan_refusal("r", {"operatorType": "AllNodesScan@neo4j", "children": []}) is None
    True
    """
    if query_type != "r":
        return f"the server counts this query as {query_type!r}, not a read"
    for operator in _operators(plan):
        if operator.startswith(_NEO4J_NOT_READS):
            return f"the server would run {operator}, which is not a read of the graph"
    return None
