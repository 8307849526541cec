"""Check every Cypher statement the project can send to Neo4j, with Neo4j's own front end.

No Neo4j server is needed: the statements (schema constraints and the query
library's Neo4j forms) and a schema derived from the model are handed to
``tools/neo4j-lint/lint.mjs``, which runs ``@neo4j-cypher/language-support``.

Run it with ``python -m kg.query.neo4j_lint`` after ``npm ci --prefix tools/neo4j-lint``.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kg.model import load_model
from kg.model.schema import neo4j_constraints, neo4j_sources_index, node_columns, rel_columns
from kg.query.library import library_dir, load_library, parse_query
from kg.store.neo4j_load import CORES_QUERY
from kg.store.neo4j_plan import (
    count_query,
    delete_query,
    node_statement,
    rel_statement,
    stale_statements,
    stored_ids_query,
)

__all__ = ["LINT_DIR", "lint", "neo4j_schema", "statements"]

LINT_DIR = Path(__file__).resolve().parents[2] / "tools" / "neo4j-lint"


def neo4j_schema() -> dict[str, Any]:
    """Labels, relationship types and property keys as Neo4j will hold them.

    >>> schema = neo4j_schema()
    >>> "SOE" in schema["labels"], "PARTNERS_WITH" in schema["relationshipTypes"]
    (True, True)
    """
    model = load_model()
    keys = {c.name for t in model.nodes for c in node_columns(model, t)}
    keys |= {c.name for t in model.relationships for c in rel_columns(model, t)}
    return {
        "labels": list(model.nodes),
        "relationshipTypes": list(model.relationships),
        "propertyKeys": sorted(keys),
        "graphSchema": [
            {"from": a, "to": b, "relType": r} for r in model.relationships for a, b in model.pairs(r)
        ],
    }


def statements() -> list[dict[str, Any]]:
    """Every statement bound for Neo4j, each with where it comes from and its parameters."""
    out = [
        {"source": f"schema constraint {i + 1}", "query": q, "parameters": {}}
        for i, q in enumerate(neo4j_constraints(load_model()))
    ]
    out.append(
        {"source": "schema sources index", "query": neo4j_sources_index(load_model()), "parameters": {}}
    )
    model = load_model()
    for create, how in ((False, "load"), (True, "first load")):
        for label in model.nodes:
            load = node_statement(label, create)
            out.append({"source": f"{how} {label} nodes", "query": load, "parameters": {"rows": {}}})
        for rel_type in model.relationships:
            for source, target in model.pairs(rel_type):
                load = rel_statement(rel_type, source, target, create)
                where = f"{how} {rel_type} ({source}->{target})"
                out.append({"source": where, "query": load, "parameters": {"rows": {}}})
    out.append({"source": "the server's cores", "query": CORES_QUERY, "parameters": {}})
    for name, clean in stale_statements(model):
        out.append({"source": f"clean {name} (script)", "query": clean, "parameters": {"ids": {}}})
    for name in [*model.nodes, *model.relationships]:
        out.append({"source": f"count {name}", "query": count_query(model, name), "parameters": {}})
        out.append({"source": f"stored {name}", "query": stored_ids_query(model, name), "parameters": {}})
        out.append(
            {"source": f"clean {name}", "query": delete_query(model, name), "parameters": {"elements": {}}}
        )
    # The cypher-shell script export is checked with hostile text by tests/test_injection.py.
    engine_forms = list(load_library("neo4j").values())
    # The Browser forms a Neo4j variant stands in for (NAME.cypher beside NAME.neo4j.cypher) too.
    browser_forms = [parse_query(q.name, library_dir() / f"{q.name}.cypher")
                     for q in engine_forms if q.path.name.endswith(".neo4j.cypher")]  # fmt: skip
    for query in engine_forms + browser_forms:
        # Every text the query can render: one per value of each ranged bound (e.g. depth 1..3).
        ranges = [[(k, v) for v in range(query.param_bounds[k][0], query.param_bounds[k][1] + 1)]
                  for k in query.pattern_bounds]  # fmt: skip
        for choice in itertools.product(*ranges):
            text, bound = query.statement({**query.params, **dict(choice)})
            params: dict[str, Any] = {name: {} for name in bound}
            out.append(
                {"source": f"{query.path} {dict(choice) or ''}".strip(), "query": text, "parameters": params}
            )
    return out


def lint(checked: list[dict[str, Any]] | None = None) -> tuple[int, str]:
    """Run the Node linter on ``checked`` (default: :func:`statements`); return its exit code and output.

    The statements are shared among one Node process per core (up to four): Neo4j's front
    end takes about 50 ms a statement, and the checks are independent.
    """
    node = shutil.which("node")
    if node is None or not (LINT_DIR / "node_modules").is_dir():
        return 2, f"needs Node.js and `npm ci --prefix {LINT_DIR}`"
    todo = statements() if checked is None else checked
    workers = max(1, min(4, os.cpu_count() or 1, len(todo)))
    payloads = [
        json.dumps({"schema": neo4j_schema(), "statements": todo[i::workers]}) for i in range(workers)
    ]

    def check(payload: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - fixed script, data on stdin
            [node, str(LINT_DIR / "lint.mjs")], input=payload, capture_output=True, text=True, timeout=300
        )

    with ThreadPoolExecutor(workers) as pool:  # one Node process per share, all at once
        runs = list(pool.map(check, payloads))
    lines, problems = [], 0
    for run in runs:
        output = (run.stdout + run.stderr).strip().splitlines()
        summary = [line for line in output if line.endswith(" problems") and " statements checked, " in line]
        if run.returncode not in (0, 1) or not summary:  # Node or the linter broke, not a statement
            return run.returncode or 2, "\n".join([*output, "the Neo4j linter failed"])
        problems += int(summary[-1].split(", ")[1].split()[0])
        lines += [line for line in output if line not in summary]
    lines.append(f"{len(todo)} statements checked, {problems} problems")
    return (1 if problems else 0), "\n".join(lines)


def main() -> None:
    """Print the linter's report and exit with its status."""
    code, report = lint()
    print(report)
    sys.exit(code)


if __name__ == "__main__":
    main()
