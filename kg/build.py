"""The main job: seeds → validated graph → embedded database → JSON and HTML exports.

Each CLI command is a thin wrapper over one function here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.export import write_html, write_json
from kg.export.desktop import write_gexf, write_graphml
from kg.export.neo4j_files import write_admin_csv, write_cypher_script
from kg.export.views import View, select
from kg.seeds import load_seeds
from kg.store import EmbeddedStore

__all__ = ["DEFAULT_OUT", "DEFAULT_SEEDS", "FORMATS", "BuildReport", "build", "export"]

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("out")
FORMATS = {
    "json": write_json,
    "html": write_html,
    "graphml": write_graphml,
    "gexf": write_gexf,
    "cypher": write_cypher_script,
    "csv": write_admin_csv,
}


@dataclass
class BuildReport:
    """What a build wrote and found."""

    db_path: Path
    outputs: list[Path]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)


def build(seeds: Path = DEFAULT_SEEDS, db: Path | None = None, out: Path = DEFAULT_OUT) -> BuildReport:
    """Validate ``seeds``, write the embedded database, and export JSON and HTML.

    Nothing is written unless every seed file checks out; the database is replaced
    atomically, so a failure leaves the previous one untouched.

    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> report = build(Path("seeds"), tmp / "kg.lbug", tmp / "out")
    >>> report.counts["Document"], [p.name for p in report.outputs]
    (5, ['soe-kg.json', 'soe-kg.html'])
    """
    seedset = load_seeds(seeds)
    store = EmbeddedStore(db)
    store.write(seedset.graph)
    counts = store.counts()
    store.close()
    outputs = [
        write_json(seedset.graph, out / "soe-kg.json"),
        write_html(seedset.graph, out / "soe-kg.html"),
    ]
    return BuildReport(db_path=store.path, outputs=outputs, counts=counts, warnings=seedset.warnings)


def export(fmt: str, db: Path | None = None, output: Path | None = None, view: View | None = None) -> Path:
    """Export the graph stored in ``db``; return the file (or, for ``csv``, the folder) written.

    Formats: ``json`` (node-link), ``html`` (map), ``graphml`` and ``gexf`` (desktop tools),
    ``cypher`` (a ``cypher-shell -f`` script), ``csv`` (files for ``neo4j-admin database import``).
    A ``view`` narrows what is exported (a neighbourhood, some ids, filters).

    >>> export("yaml")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown format 'yaml' (choose json, html, graphml, gexf, cypher or csv)
    """
    if fmt not in FORMATS:
        names = list(FORMATS)
        raise KGError(f"unknown format {fmt!r} (choose {', '.join(names[:-1])} or {names[-1]})")
    with EmbeddedStore(db) as store:
        graph = store.read_graph()
    if view is not None:
        graph = select(graph, view)
        facts = [r for r in graph.relationships if r.type != "MENTIONS"]
        others = [e for e in graph.entities if e.id != view.entity]
        if not facts and not others:  # an empty map, or the focus alone, would look like an answer
            raise KGError(f"the view selects nothing ({view.describe()}); nothing was written")
    default = DEFAULT_OUT / ("neo4j-import" if fmt == "csv" else f"soe-kg.{fmt}")
    target = output or default
    if fmt == "html" and view is not None:
        write_html(graph, target, focus=view.entity)  # the centre drawn larger and ringed
    else:
        FORMATS[fmt](graph, target)
    return target
