"""The house keeps its floors: each room of ``kg`` imports only rooms on the floors below it
(or itself), and no module imports one that imports it back, however indirectly.

Read from the source with :mod:`ast` (imports inside functions and under ``TYPE_CHECKING``
count: a lazy import is still an arrow). A new room goes on a floor here; a change that needs
an arrow back up is a sign that something lives in the wrong room.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

KG = Path(__file__).resolve().parents[1] / "kg"

# Floors from the bottom up; a room is a subpackage of kg or one of its top-level modules.
FLOORS: list[set[str]] = [
    {"errors", "version", "model"},  # the declaration and the records it makes
    {"common"},  # atomic writes, memory limits, progress: no project knowledge
    {"seeds", "store"},  # curated seeds read and checked; graph stores
    {"parser", "export"},  # the dependency parser's client; files written from a graph
    {"ingest", "brief"},  # extraction from articles; briefs from a graph
    {"evaluation", "diff"},  # extraction scored; builds compared
    {"build"},  # seeds -> graph -> stores and exports
    {"review"},  # the review app over extraction's proposals
    {"query"},  # the Python API and the Cypher library
    {"cli", "__init__"},  # the command and the package's face
    {"__main__"},  # python -m kg
]
FLOOR = {room: i for i, rooms in enumerate(FLOORS) for room in rooms}


def _module(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The project's modules a file imports (``from kg.x import y`` counts kg.x.y if a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("kg")}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("kg")
            and not node.level
        ):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names} & modules
    return {m for m in found if m in modules}


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    files = {_module(p): p for p in KG.rglob("*.py")}
    g = nx.DiGraph()
    for module, path in files.items():
        g.add_node(module)
        for target in _imports(path, set(files)):
            # A subpackage's __init__ importing its own modules is how a package shows its face.
            if target != module and (module == "kg" or not target.startswith(module + ".")):
                g.add_edge(module, target)
    return g


def test_every_room_is_on_a_floor(graph: nx.DiGraph) -> None:
    rooms = {_room(m) for m in graph}
    assert rooms - set(FLOOR) == set(), "a new room: put it on a floor in FLOORS"


def test_no_arrow_runs_back_up(graph: nx.DiGraph) -> None:
    up = [
        f"{a} -> {b}" for a, b in graph.edges if _room(a) != _room(b) and FLOOR[_room(b)] >= FLOOR[_room(a)]
    ]
    assert up == []


def test_no_import_circles(graph: nx.DiGraph) -> None:
    assert list(nx.simple_cycles(graph)) == []


def test_the_check_sees_an_arrow_up(tmp_path: Path) -> None:
    """The reader finds a lazy import inside a function, the kind that would slip past a glance."""
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from kg.query.api import open\n    return open\n")
    assert _imports(source, {"kg.query.api", "kg.query"}) == {"kg.query.api"}
