"""The main job: seeds → validated graph → embedded database → JSON and HTML exports.

Each CLI command is a thin wrapper over one function here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.export import write_html, write_json
from kg.seeds import load_seeds
from kg.store import EmbeddedStore

__all__ = ["DEFAULT_OUT", "DEFAULT_SEEDS", "FORMATS", "BuildReport", "build", "export"]

DEFAULT_SEEDS = Path("seeds")
DEFAULT_OUT = Path("out")
FORMATS = {"json": write_json, "html": write_html}


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


def export(fmt: str, db: Path | None = None, output: Path | None = None) -> Path:
    """Export the graph stored in ``db`` as ``json`` or ``html``; return the file written.

    >>> export("yaml")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown format 'yaml' (choose json or html)
    """
    if fmt not in FORMATS:
        raise KGError(f"unknown format {fmt!r} (choose {' or '.join(FORMATS)})")
    with EmbeddedStore(db) as store:
        graph = store.read_graph()
    return FORMATS[fmt](graph, output or DEFAULT_OUT / f"soe-kg.{fmt}")
