"""The main job: seeds → validated graph → embedded database → JSON and HTML exports.

Each CLI command is a thin wrapper over one function here.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.common.atomic import Content, CopyOf, check_target, staged
from kg.common.gcpause import paused_gc
from kg.common.memory import check_memory
from kg.common.progress import Progress, silent
from kg.errors import KGError
from kg.export.formats import DEFAULT_OUT
from kg.export.html import EXPORT_A_VIEW, render_html
from kg.export.json import write_json_to
from kg.export.overview import fits_one_map, overview
from kg.model import MENTIONS, load_model
from kg.model.records import KnowledgeGraph
from kg.seeds.load import load_seeds
from kg.seeds.lock import seeds_lock
from kg.store import EmbeddedStore
from kg.store.neo4j_plan import Statement
from kg.store.neo4j_store import LoadSummary, Neo4jSettings, Neo4jStore
from kg.store.snapshots import check_shrink, latest, planned
from kg.store.tables_arrow import graph_tables

if TYPE_CHECKING:
    from kg.diff import GraphDiff
    from kg.ingest.pipeline import IngestReport  # reading articles loads only when ingesting

__all__ = ["DEFAULT_OUT", "DEFAULT_SEEDS", "BuildReport", "IngestRun", "build", "ingest"]

DEFAULT_SEEDS = Path("seeds")


@dataclass
class BuildReport:
    """What a build wrote and found."""

    db_path: Path
    outputs: list[Path]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    neo4j: LoadSummary | None = None  # what a load into Neo4j did, when one was asked
    built: str | None = None  # when (ISO, UTC): ``g.changes(since=report.built)`` compares with this build
    map_note: str | None = None  # what the map shows of a graph too large for one

    def neo4j_line(self) -> str | None:
        """The Neo4j load in one line, as the command prints it (None: no load)."""
        if self.neo4j is None:
            return None
        summary = self.neo4j
        done = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(summary.counters.items()))
        sent = f"{summary.rows} rows in {summary.statements} statements"
        return f"Neo4j {summary.uri}: {sent}; {done or 'no changes'}"


def build(
    seeds: Path = DEFAULT_SEEDS,
    db: Path | None = None,
    out: Path = DEFAULT_OUT,
    neo4j: Neo4jSettings | None = None,
    progress: Progress | None = None,
    allow_shrink: bool = False,
) -> BuildReport:
    """Validate ``seeds``, write the embedded database, and export JSON and HTML; with
    ``neo4j`` settings, load the same graph into that server too. ``progress(what, done,
    total)`` hears what the build is doing (the rows of a Neo4j load as they go in).

    Nothing is written unless every seed file checks out; the database is replaced
    atomically, so a failure leaves the previous one untouched. A build that would lose more
    than half the last build's facts stops unless ``allow_shrink``. Each build is kept beside
    the database (:mod:`kg.store.snapshots`) for ``soekg diff``.

    >>> import tempfile
    >>> tmp = Path(tempfile.mkdtemp())
    >>> report = build(Path("seeds"), tmp / "kg.lbug", tmp / "out")
    >>> report.counts["Document"], [p.name for p in report.outputs]
    (5, ['soe-kg.json', 'soe-kg.html'])
    """
    tell = progress or silent
    server = Neo4jStore(neo4j) if neo4j is not None else None
    if server is not None:  # a server that cannot be reached or logged in to: before anything is written
        tell("reaching the Neo4j server", 0, None)
        server.check()
    loading = f"loading into Neo4j at {neo4j.shown_uri}" if neo4j is not None else ""
    # The collector paused for the whole build: the graph is millions of long-lived objects in
    # no cycles, and each full pass of the collector while the map and exports are made walks
    # them all (reference counting still frees what is dropped).
    with seeds_lock(seeds, "soekg build", shared=True), paused_gc():  # never a half-accepted review
        tell("reading the seeds", 0, None)
        check_memory(seeds)  # a folder too large is one line now, not a process killed part-way
        seedset = load_seeds(seeds)
        store = EmbeddedStore(db)
        check_target(store.path)  # a folder, device or pipe: refused before anything is staged
        if not allow_shrink:
            check_shrink(store.path, seedset.graph, None if latest(store.path) else _stored_facts(store))
        outputs = [out / "soe-kg.json", out / "soe-kg.html"]
        graph = seedset.graph
        # A graph too large for one map still gets its database and JSON in full; its map
        # shows the hubs and says how to map another part.
        tell("drawing the map", 0, None)
        shown, map_note = (graph, None) if fits_one_map(graph) else overview(graph)
        files: dict[Path, Content] = {
            outputs[0]: lambda path: write_json_to(graph, path),  # a piece at a time: no whole text
            outputs[1]: render_html(shown, overview=map_note),
        }
        kept, dropped = planned(store.path, graph, CopyOf(outputs[0]))  # the snapshot: the same JSON
        files.update(kept)
        try:
            # A build is one unit: the exports are written out in full before the database is
            # swapped, and renamed into place only after it (a failure before leaves all as it was).
            # The new database file is written meanwhile, beside the old one: the graph is turned
            # into tables first (Python), then their bulk load runs outside Python's lock while
            # the JSON is written, so the two take about as long as the longer of them.
            tell("writing the database", 0, None)
            tables = graph_tables(graph)
            with ThreadPoolExecutor(1) as pool:
                writing = pool.submit(store.prepare_tables, *tables)
                del tables  # the load holds them as long as it needs them
                try:
                    with staged(files):
                        store.replace_with(writing.result())
                except BaseException:
                    if writing.exception() is None:
                        store.discard(writing.result())
                    raise
        except OSError as exc:
            raise KGError(
                f"cannot write the exports ({exc.strerror or exc}); nothing was written, "
                "the database and exports are as they were",
                path=Path(exc.filename) if exc.filename else out,
            ) from None
        for old in dropped:  # the oldest kept build, once the new one is in place
            old.unlink(missing_ok=True)
        counts = store.counts()
        store.close()
    this_build = latest(store.path)
    report = BuildReport(db_path=store.path, outputs=outputs, counts=counts, warnings=seedset.warnings,
                         built=this_build.built if this_build else None)  # fmt: skip
    if map_note is not None:
        report.map_note = f"{outputs[1]}: {map_note} To map another part: {EXPORT_A_VIEW}"
    if server is not None:
        graph = seedset.graph
        total, done = len(graph.documents) + len(graph.entities) + len(graph.relationships), 0

        def advance(statement: Statement) -> None:
            nonlocal done
            done += statement.rows
            tell(loading, done, total)

        with server:
            report.neo4j = server.write(graph, progress=advance)
    return report


def _stored_facts(store: EmbeddedStore) -> int | None:
    """Facts in a database built before builds were kept (None: no database, or unreadable)."""
    if not store.path.is_file():
        return None
    try:
        counts = store.counts()
    except KGError:
        return None
    finally:
        store.close()
    return sum(n for name, n in counts.items() if name in load_model().relationships and name != MENTIONS)


@dataclass
class IngestRun:
    """What ``soekg ingest`` did: reviews accepted, articles read, and the rebuild if any."""

    accepted: list[str] = field(default_factory=list)
    report: IngestReport | None = None
    rebuilt: BuildReport | None = None
    adds: GraphDiff | None = None  # what the graph gains (or loses) from these articles and accepts

    @property
    def changed(self) -> bool:
        """Whether the seeds changed (and so the database needs a rebuild)."""
        return bool(self.accepted) or bool(self.report and (self.report.added or self.report.replaced))


def ingest(
    paths: list[Path],
    seeds: Path = DEFAULT_SEEDS,
    *,
    accept: list[Path] | None = None,
    overrides: dict[str, Any] | None = None,
    db: Path | None = None,
    out: Path = DEFAULT_OUT,
    rebuild: bool = True,
    relations: str = "auto",
    progress: Progress | None = None,
) -> IngestRun:
    """Accept reviewed files, then ingest new articles into review files; rebuild the
    database when the seeds changed (and ``rebuild``), and only then. ``relations`` (auto,
    parser, surface) says how relations are read: the dependency parser or word order;
    ``progress`` hears each step.

    >>> ingest([], Path("seeds"))
    Traceback (most recent call last):
    ...
    kg.errors.KGError: give article files or folders to ingest, or --accept REVIEW.yaml
    """
    from kg.ingest.pipeline import accept as accept_reviews
    from kg.ingest.pipeline import ingest as read_articles

    if not paths and not accept:
        raise KGError("give article files or folders to ingest, or --accept REVIEW.yaml")
    from kg.diff import diff

    run = IngestRun()
    with seeds_lock(seeds, "soekg ingest"):  # a second ingest or accept waits for this one
        try:
            before: KnowledgeGraph | None = load_seeds(seeds).graph
        except KGError:  # the accept or the reading below says what is wrong, in its own words
            before = None
        if accept:
            run.accepted = accept_reviews(seeds, accept, progress)
        if paths:
            run.report = read_articles(paths, seeds, overrides, relations, progress)
        if run.changed and before is not None:
            run.adds = diff(before, load_seeds(seeds).graph, "the seeds before", "the seeds after")
        if rebuild and run.changed:
            run.rebuilt = build(seeds, db, out, progress=progress)
    return run
