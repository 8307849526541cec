"""The ``soekg`` command: a thin layer over :mod:`kg.build` and the stores."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from kg.build import DEFAULT_OUT, DEFAULT_SEEDS, build, ingest
from kg.common.progress import Progress
from kg.common.visible import TERMINAL_CONTROL, written_out
from kg.diff import GraphDiff
from kg.errors import KGError
from kg.export.formats import check_format, formats
from kg.model import load_model
from kg.query.results import Results, cell_text, json_text
from kg.store.neo4j_plan import DEFAULT_BATCH
from kg.store.neo4j_store import Neo4jSettings
from kg.version import VERSION as __version__

app = typer.Typer(
    name="soekg",
    rich_markup_mode=None,  # help text as written: "[r:PARTNERS_WITH]" is Cypher, not markup
    help="A sourced knowledge graph of Chinese SOEs' AI initiatives.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])

Neo4jFlag = Annotated[bool, typer.Option("--neo4j", help="Use the Neo4j server (NEO4J_URI, NEO4J_PASSWORD).")]
Neo4jUri = Annotated[str | None, typer.Option("--neo4j-uri", help="Bolt URI [default: $NEO4J_URI]")]
Neo4jUser = Annotated[
    str | None, typer.Option("--neo4j-user", help="User [default: $NEO4J_USERNAME or neo4j]")
]
Neo4jDb = Annotated[str | None, typer.Option("--neo4j-database", help="Database [default: $NEO4J_DATABASE]")]

WideFlag = Annotated[
    bool, typer.Option("--wide", help="Never cut or wrap a value (the default when not a terminal).")
]


class Relations(StrEnum):
    auto = "auto"
    parser = "parser"
    surface = "surface"


RelationsOption = Annotated[
    Relations,
    typer.Option(
        "--relations",
        help="How relations are read: the dependency parser if it runs (auto), only the parser, or "
        "word order (surface).",
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Database file [default: $SOEKG_DB or data/soe-kg.lbug]"),
]
TimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.001,
        help="Stop the query after this many seconds [default: $SOEKG_QUERY_TIMEOUT or 30]",
    ),
]
MAX_ROWS = 1000  # rows soekg cypher prints unless told otherwise


def _stderr(line: str) -> None:
    # Plain write: a rich console would wrap a long message over several lines. What the user
    # typed comes back in messages: escape codes in it are shown, never obeyed.
    sys.stderr.write(written_out(" ".join(line.split()), TERMINAL_CONTROL) + "\n")


def friendly(func: F) -> F:
    """Report a KGError as one line on stderr and exit 1, never with a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KGError as exc:
            _stderr(f"error: {exc}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            _stderr("interrupted; the previous database is unchanged")
            raise typer.Exit(130) from None
        except OSError as exc:
            if exc.filename is not None:  # a file the command read or wrote
                _stderr(f"error: {exc.filename}: {exc.strerror or exc}")
                raise typer.Exit(1) from None
            # Standard output is full, closed (`| head`) or gone: say so once, and point it at
            # nowhere so that Python's own flush at exit does not print a second error.
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            _stderr(f"error: cannot write the output: {exc.strerror or exc}")
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _version(value: bool) -> None:
    if value:
        out.print(f"soekg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """A sourced knowledge graph of Chinese SOEs' AI initiatives."""
    # The Neo4j driver logs each retry of a lost server as a warning on stderr; the command's
    # own error line says what happened, once.
    logging.getLogger("neo4j").setLevel(logging.ERROR)


@app.command("build")
@friendly
def build_cmd(
    seeds: Annotated[Path, typer.Option(help="Seeds folder.")] = DEFAULT_SEEDS,
    db: DbOption = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the exports.")] = DEFAULT_OUT,
    neo4j: Neo4jFlag = False,
    neo4j_uri: Neo4jUri = None,
    neo4j_user: Neo4jUser = None,
    neo4j_database: Neo4jDb = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Rows per Neo4j statement.")] = DEFAULT_BATCH,
    allow_shrink: Annotated[
        bool, typer.Option("--allow-shrink", help="Build even if more than half the last build's facts go.")
    ] = False,
) -> None:
    """Validate seeds/, write the embedded database and the JSON and HTML exports.

    With --neo4j, also load the graph into the Neo4j server (password from $NEO4J_PASSWORD).

    Example: soekg build --db /tmp/kg.lbug --out /tmp/out
    """
    settings = (
        Neo4jSettings.from_env(
            uri=neo4j_uri, username=neo4j_user, database=neo4j_database, batch_size=batch_size
        )
        if neo4j
        else None
    )
    with _progress() as tell:
        report = build(seeds, db, out_dir, neo4j=settings, progress=tell, allow_shrink=allow_shrink)
    model = load_model()
    table = Table(title=f"Built {report.db_path}", show_edge=False)
    table.add_column("nodes")
    table.add_column("", justify="right")
    table.add_column("relationships")
    table.add_column("", justify="right")
    nodes = [(t, report.counts[t]) for t in model.nodes]
    rels = [(t, report.counts[t]) for t in model.relationships]
    for i in range(max(len(nodes), len(rels))):
        n = nodes[i] if i < len(nodes) else ("", "")
        r = rels[i] if i < len(rels) else ("", "")
        table.add_row(n[0], str(n[1]), r[0], str(r[1]))
    table.add_row("total", str(sum(c for _, c in nodes)), "total", str(sum(c for _, c in rels)))
    out.print(table)
    for path in report.outputs:
        out.print(f"wrote {path}", markup=False, highlight=False)
    if report.map_note:
        out.print(f"note: {report.map_note}", markup=False, highlight=False, soft_wrap=True)
    for warning in _grouped(report.warnings):
        _stderr(f"warning: {warning}")
    loaded = report.neo4j_line()
    if loaded:
        out.print(loaded, markup=False, highlight=False)


def _grouped(warnings: list[str], shown: int = 5) -> list[str]:
    """Warnings as printed: of many alike (the same words around a different quoted id), the
    first ``shown`` and a count of the rest; the build's report keeps them all.

    >>> print(_grouped([f"entity '{i}' is unsupported" for i in range(8)], 2)[-1])
    6 more like "entity '0' is unsupported" (8 in all: kg.build(...).warnings)
    """
    kinds: dict[str, list[str]] = {}
    for warning in warnings:
        kinds.setdefault(re.sub(r"'[^']*'", "''", warning), []).append(warning)
    lines: list[str] = []
    for alike in kinds.values():
        if len(alike) > shown + 1:
            lines += alike[:shown]
            lines.append(
                f'{len(alike) - shown} more like "{alike[0]}" ({len(alike)} in all: kg.build(...).warnings)'
            )
        else:
            lines += alike
    return lines


@contextlib.contextmanager
def _progress() -> Iterator[Progress | None]:
    """A progress display fed with (what, done, total): drawn on standard error, and cleared at
    the end, when both outputs are a terminal; None (quiet) when either is piped or redirected."""
    if not (out.is_terminal and err.is_terminal):
        yield None
        return
    from rich import progress as rp

    columns = (rp.SpinnerColumn(), rp.TextColumn("{task.description}"), rp.BarColumn(),
               rp.MofNCompleteColumn(), rp.TimeElapsedColumn())  # fmt: skip
    with rp.Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def tell(what: str, done: int, total: int | None) -> None:
            bar.update(task, description=written_out(what, TERMINAL_CONTROL), completed=done, total=total)
            bar.refresh()  # a step may take a while: show it now, not at the next tick

        yield tell


@app.command("export")
@friendly
def export_cmd(
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(formats())}.")],
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write [default: out/soe-kg.FORMAT]")
    ] = None,
    entity: Annotated[str | None, typer.Option(help="Centre on this entity (id, name or alias).")] = None,
    depth: Annotated[int, typer.Option(min=1, max=4, help="Steps around --entity.")] = 1,
    query: Annotated[
        str | None, typer.Option(help="Only the entities a library query returns (its id column).")
    ] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="Parameter for --query.")] = None,
    cypher: Annotated[
        str | None, typer.Option(help="Only the entities a read-only Cypher query returns (id column).")
    ] = None,
    types: Annotated[str | None, typer.Option(help="Node types to keep, comma-separated.")] = None,
    relationships: Annotated[
        str | None, typer.Option(help="Relationship types to keep, comma-separated.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Facts dated from (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Facts dated until (ISO).")] = None,
    document: Annotated[
        str | None, typer.Option(help="Only facts this document supports (id, title or file stem).")
    ] = None,
    review: Annotated[str, typer.Option(help="all, reviewed or unreviewed facts.")] = "all",
    pretty: Annotated[
        bool, typer.Option("--pretty", help="JSON indented, one key a line (larger; one line by default).")
    ] = False,
) -> None:
    """Export the stored graph, or a view of it, as JSON, an HTML map, GraphML, GEXF, a Cypher script or CSV.

    Example: soekg export --format html --entity CNPC --depth 2 -o cnpc.html
    """
    import kg.query.api

    _usage(check_format, fmt, "--format")  # before opening anything
    with kg.query.api.open(db) as graph:
        path = graph.export(
            fmt, output, entity, depth, query=query, params=_parse_params(param or []), cypher=cypher,
            node_types=_listed_option(types), rel_types=_listed_option(relationships), since=since,
            until=until, document=document, review=review, pretty=pretty,
        )  # fmt: skip
    out.print(f"wrote {path}", markup=False, highlight=False)


def _usage(check: Callable[[str], object], value: str, option: str) -> None:
    """Run ``check`` on an option's value; its error is a usage mistake (exit 2)."""
    try:
        check(value)
    except KGError as exc:
        raise typer.BadParameter(exc.problem, param_hint=f"'{option}'") from None


def _listed_option(value: str | None) -> list[str]:
    """ "SOE, Company" → ["SOE", "Company"]."""
    return [t.strip() for t in (value or "").split(",") if t.strip()]


def _parse_params(pairs: list[str], *, typed: bool = False) -> dict[str, Any]:
    """``--param key=value`` pairs; ``typed`` reads JSON values (numbers, lists, booleans).

    Library queries type their parameters themselves, so they get the text as given.
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, raw = pair.partition("=")
        if not sep or not key.isidentifier():
            raise KGError(f"--param takes key=value, got {pair!r}")
        params[key] = raw
        if typed:
            with contextlib.suppress(json.JSONDecodeError):  # anything else stays text
                params[key] = json.loads(raw)
    return params


@app.command("brief")
@friendly
def brief_cmd(
    entity: Annotated[str, typer.Argument(help="The entity (id, name, alias or Chinese name).")],
    other: Annotated[str | None, typer.Option("--with", help="A second entity: a brief on the pair.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown, html or docx.")] = "markdown",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File [markdown: standard output; else out/brief-ID.EXT]"),
    ] = None,
    depth: Annotated[int, typer.Option(min=1, max=4, help="Facts this many steps out.")] = 1,
    since: Annotated[str | None, typer.Option(help="Only facts dated from (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Only facts dated until (ISO).")] = None,
    publisher: Annotated[
        list[str] | None, typer.Option("--publisher", help="Cite only this publisher (repeatable).")
    ] = None,
    unreviewed: Annotated[str, typer.Option(help="mark or omit unreviewed facts.")] = "mark",
    db: DbOption = None,
) -> None:
    """A cite-ready brief on an entity (or a pair): who it is, its facts by kind, every sentence
    footnoted with its verbatim quote, document title, publisher, date and URL.

    Example: soekg brief CNPC -f html -o cnpc.html
    """
    import kg.query.api

    suffixes = {"markdown": "md", "html": "html", "docx": "docx"}
    if fmt not in suffixes:
        raise typer.BadParameter(
            f"unknown brief format {fmt!r} (choose markdown, html or docx)", param_hint="'--format'"
        )
    with kg.query.api.open(db) as graph:
        brief = graph.brief(entity, other, depth=depth, since=since, until=until, publishers=publisher,
                            unreviewed=unreviewed)  # fmt: skip
    if output is None and fmt == "markdown":
        sys.stdout.write(written_out(brief.markdown(), TERMINAL_CONTROL))
        return
    target = output or DEFAULT_OUT / f"brief-{'-'.join(brief.subject)}.{suffixes[fmt]}"
    out.print(f"wrote {brief.save(target, fmt)}", markup=False, highlight=False)


@app.command("diff")
@friendly
def diff_cmd(
    old: Annotated[
        Path | None,
        typer.Argument(help="Earlier graph: a JSON export or database file [default: the previous build]"),
    ] = None,
    new: Annotated[Path | None, typer.Argument(help="Later graph [default: the database]")] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Compare with the last build kept from before this date (else the oldest kept)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the changes as Markdown.")] = False,
    map_file: Annotated[
        Path | None, typer.Option("--map", help="Also write a map of the later graph, changes highlighted.")
    ] = None,
    listed: Annotated[bool, typer.Option("--list", help="List the builds kept for the database.")] = False,
    db: DbOption = None,
) -> None:
    """What changed between two builds: documents, entities and facts added, removed or changed,
    and which build it compared with.

    Example: soekg diff --since 2026-01-05 --markdown > changes.md
    """
    import kg.query.api

    with kg.query.api.open(db) as graph:
        if listed:
            kept = graph.builds()
            _table(kept.columns, [[str(v) for v in row] for row in kept.rows], wide=not out.is_terminal)
            return
        changes = graph.changes(old, new, since=since)
        if map_file is not None:
            graph.map(changes=changes).save(map_file)
    said = f"{changes.summary()}; compared with {changes.old}"
    if as_json or markdown:  # the changes on standard output, what was compared on stderr
        as_text = json.dumps(changes.as_dict(), ensure_ascii=False, indent=1) + "\n"
        text = as_text if as_json else changes.markdown()
        sys.stdout.write(written_out(text, TERMINAL_CONTROL))
        _stderr(f"wrote {map_file}: {said}" if map_file is not None else said)
    elif map_file is not None:  # the map is the answer: one line says what it shows
        out.print(f"wrote {map_file}: {said}", markup=False, highlight=False)
    else:
        rows = [c.row() for c in changes.changes]
        _table(["change", "item", "type", "name", "details"], rows, wide=not out.is_terminal)
        out.print(said, style="dim", highlight=False)


@app.command("cypher")
@friendly
def cypher_cmd(
    query: Annotated[str, typer.Argument(help="A read-only Cypher query.")],
    db: DbOption = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="key=value (repeatable); key=name:NAME or id:NAME for an entity."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON objects.")] = False,
    wide: WideFlag = False,
    timeout: TimeoutOption = None,
    max_rows: Annotated[
        int, typer.Option("--max-rows", min=1, help="Print at most this many rows.")
    ] = MAX_ROWS,
    all_rows: Annotated[bool, typer.Option("--all", help="Print every row, however many.")] = False,
    neo4j: Neo4jFlag = False,
    neo4j_uri: Neo4jUri = None,
    neo4j_user: Neo4jUser = None,
    neo4j_database: Neo4jDb = None,
) -> None:
    """Run a read-only Cypher query on the embedded database (or Neo4j) and print a table
    (the Python API's `cypher`). Neo4j's spellings, such as type(r), work on both; labels and
    relationship types are checked against the model. A parameter given as name:NAME or
    id:NAME is the stored name or id of that entity (any of its names, aliases or Chinese name).

    Example: soekg cypher "MATCH (s:SOE)-[r:PARTNERS_WITH]->(c) RETURN s.name, c.name, r.topic"

    and, with a name: soekg cypher "MATCH (c:Company {name: $n})<-[r]-(s) RETURN s.name" -p n=name:Huawei
    """
    params = _parse_params(param or [], typed=True)
    cap = None if all_rows else max_rows
    with _open(db, neo4j, neo4j_uri, neo4j_user, neo4j_database, timeout, cap) as graph:
        for key, value in params.items():  # "name:Huawei" and "id:Huawei": the stored name or id
            kind, sep, name = value.partition(":") if isinstance(value, str) else ("", "", "")
            if sep and kind in ("name", "id") and not _quoted(param or [], key):
                params[key] = graph.name(name) if kind == "name" else graph.resolve(name)
        result = graph.cypher(query, **params)
    _print_rows(result.columns, result.rows, as_json=as_json, wide=wide)
    if result.more:  # on stderr, so --json output stays clean
        _stderr(f"showing the first {len(result.rows):,} rows; more were left unread (--all for every row, "
                f"or --max-rows N)")  # fmt: skip


def _quoted(pairs: list[str], key: str) -> bool:
    """Whether ``--param key=…`` was given as a JSON string ('n="name:x"' is the text itself)."""
    return any(p.partition("=")[0] == key and p.partition("=")[2].startswith('"') for p in pairs)


def _open(
    db: Path | None,
    neo4j: bool,
    uri: str | None,
    user: str | None,
    database: str | None,
    timeout: float | None = None,
    max_rows: int | None = None,
) -> Any:
    """The graph the options name (:func:`kg.open`)."""
    import kg.query.api

    if neo4j:
        return kg.query.api.open(neo4j=True, uri=uri, username=user, database=database, timeout=timeout,
                           max_rows=max_rows)  # fmt: skip
    return kg.query.api.open(db, timeout=timeout, max_rows=max_rows)


@app.command("ingest")
@friendly
def ingest_cmd(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Article files (.txt, .md, .html) or folders.")
    ] = None,
    seeds: Annotated[Path, typer.Option(help="Seeds folder to add to.")] = DEFAULT_SEEDS,
    db: DbOption = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the exports.")] = DEFAULT_OUT,
    title: Annotated[str | None, typer.Option(help="Title (overrides front matter).")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date, e.g. 2025-06-12.")] = None,
    url: Annotated[str | None, typer.Option(help="Source URL.")] = None,
    language: Annotated[str | None, typer.Option(help="Language tag, e.g. en.")] = None,
    accept: Annotated[
        list[Path] | None, typer.Option("--accept", help="Review file(s) to promote to curated facts.")
    ] = None,
    no_build: Annotated[
        bool, typer.Option("--no-build", help="Do not rebuild the database afterwards.")
    ] = False,
    relations: RelationsOption = Relations.auto,
) -> None:
    """Extract entities and facts from new articles into review files, or accept reviewed ones.

    Example: soekg ingest news/article.md --publisher "China Daily"

    then, once seeds/review/article.yaml is reviewed: soekg ingest --accept seeds/review/article.yaml
    """
    overrides = {"title": title, "publisher": publisher, "date": date, "url": url, "language": language}
    with _progress() as tell:
        run = ingest(paths or [], seeds, accept=accept, overrides=overrides, db=db, out=out_dir,
                     rebuild=not no_build, relations=relations.value, progress=tell)  # fmt: skip
    for line in run.accepted:
        out.print(line, markup=False, highlight=False)
    report = run.report
    if report is not None and report.path is not None:
        out.print(report.path.description, markup=False, highlight=False)
        for line in report.path.fallbacks:
            _stderr(f"warning: {line}")
    if report is not None:
        for line in report.added + report.replaced:
            out.print(f"ingested {line}", markup=False, highlight=False)
        for line in report.unchanged:
            out.print(line, markup=False, highlight=False)
        for line in report.failed:
            _stderr(f"error: {line}")
        for line in report.notes:
            _stderr(f"note: {line}")
        for review in report.reviews:
            out.print(f"review {review}", markup=False, highlight=False)
        for line in report.fuzzy:
            out.print(f"check {line}", markup=False, highlight=False)
        out.print(f"{report.facts_proposed} facts proposed for review", markup=False, highlight=False)
    if run.adds is not None:
        out.print(f"what this adds: {run.adds.summary()}", markup=False, highlight=False)
        for line in _tally(run.adds):
            out.print(line, markup=False, highlight=False)
    if run.rebuilt is not None:
        out.print(f"rebuilt {run.rebuilt.db_path}", markup=False, highlight=False)
    elif not no_build:
        out.print("nothing new: the database is unchanged (not rebuilt)", markup=False, highlight=False)
    if report is not None and report.failed:
        raise typer.Exit(1)


@app.command("review")
@friendly
def review_cmd(
    reviews: Annotated[
        list[Path] | None, typer.Argument(help="Review files [default: every file in SEEDS/review/]")
    ] = None,
    seeds: Annotated[Path, typer.Option(help="Seeds folder.")] = DEFAULT_SEEDS,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 [default: a free one]")] = 0,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in the browser.")] = False,
    db: DbOption = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the exports.")] = DEFAULT_OUT,
    no_build: Annotated[
        bool, typer.Option("--no-build", help="Do not rebuild the database after an accept.")
    ] = False,
) -> None:
    """Decide the proposals of ingested articles in the browser, by keyboard: a local page on
    127.0.0.1 whose link (with its token) is printed; Ctrl-C stops it. Every decision is written
    to the review file at once; "accept this article" runs soekg ingest --accept.

    Example: soekg review seeds/review/sinopec-baidu.yaml --open
    """
    import signal
    import webbrowser

    from kg.review import review_server

    server = review_server(reviews, seeds, port=port, db=db, out=out_dir, rebuild=not no_build)
    if open_browser:
        try:
            opened = webbrowser.open(server.url)
        except webbrowser.Error:
            opened = False
        if not opened:
            server.stop()
            raise KGError("cannot open a browser here; run without --open and open the printed link yourself")
    files = len(server.session.files)
    out.print(f"reviewing {files} file{'s' * (files != 1)}: {server.url}", markup=False, highlight=False)
    out.print("Ctrl-C stops the server; every decision is already in the review files", markup=False,
              highlight=False, style="dim")  # fmt: skip
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stopped like Ctrl-C, files whole
    server.start()
    try:
        while server.thread is not None and server.thread.is_alive():
            server.thread.join(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    out.print("stopped; the review files hold every decision", markup=False, highlight=False)


def _tally(changes: GraphDiff) -> list[str]:
    """Changes counted by type, a line per kind: "facts added: DEVELOPS 2, PARTNERS_WITH 1"."""
    lines = []
    for item, plural in (("entity", "entities"), ("fact", "facts")):
        for kind in ("added", "removed", "changed"):
            counts: dict[str, int] = {}
            for c in changes.changes:
                if (c.item, c.kind) == (item, kind):
                    counts[c.type] = counts.get(c.type, 0) + 1
            if counts:
                tally = ", ".join(f"{t} {n}" for t, n in sorted(counts.items()))
                lines.append(f"  {plural} {kind}: {tally}")
    return lines


@app.command("eval")
@friendly
def eval_cmd(
    seeds: Annotated[Path, typer.Option(help="Seeds folder with curated facts.")] = DEFAULT_SEEDS,
    corpus: Annotated[
        Path | None, typer.Option(help="Folder of articles to ingest and score (with --gold).")
    ] = None,
    gold: Annotated[
        Path | None, typer.Option(help="Gold entities and relations of the corpus (YAML).")
    ] = None,
    reviews: Annotated[
        bool, typer.Option("--reviews", help="What analysts decided in the accepted reviews, per rule.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    relations: RelationsOption = Relations.auto,
) -> None:
    """Score extraction: on an annotated corpus (--corpus DIR --gold FILE, what the graph receives
    from each article), against the curated seed facts, or (--reviews) by what analysts decided.

    Example: soekg eval --corpus ../shared/devset/articles --gold ../shared/devset/gold.yaml
    """
    import kg.query.api

    result = kg.query.api.evaluate(seeds, corpus, gold, reviews=reviews, relations=relations.value)
    if reviews:
        _review_tables(result, seeds, as_json)
        return
    for note in result.notes:
        _stderr(note)
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=1) + "\n")
        return
    if corpus is not None:
        _scores_table("article", [("all articles", result.overall), *result.per_article.items()])
        for name in result.missing:
            _stderr(f"warning: {name}: in the gold file, not in {corpus}")
        return
    _scores_table("scope", [("all documents", result.overall), *result.per_document.items()])


def _review_tables(result: Any, seeds: Path, as_json: bool) -> None:
    """``soekg eval --reviews``: per rule, what analysts made of its proposals; the facts they added."""
    if as_json:
        sys.stdout.write(json_text(result.as_dict()) + "\n")
        return
    if not result.reviews:
        out.print(
            f"no accepted reviews kept in {seeds / 'reviewed'} yet (soekg review, then accept)",
            markup=False,
            highlight=False,
        )
        return
    rows = [
        [rule, t.proposed, t.accepted, t.rejected, t.retyped, t.repointed, t.undecided, f"{t.precision:.2f}"]
        for rule, t in sorted(result.rules.items(), key=lambda kv: (-kv[1].proposed, kv[0]))
    ]
    out.print(f"{result.reviews} accepted reviews; relation rules:", markup=False, highlight=False)
    _table(
        ["rule", "proposed", "accepted", "rejected", "retyped", "re-pointed", "not looked at", "kept as is"],
        rows,
        wide=not out.is_terminal,
    )
    names = [[rule, t.names, t.kept, t.repointed, t.dropped] for rule, t in sorted(result.names.items())]
    out.print("names, by how they were resolved:", markup=False, highlight=False)
    _table(["rule", "names", "kept", "re-pointed", "dropped"], names, wide=not out.is_terminal)
    out.print(
        f"facts analysts added by hand (the rules missed them): {len(result.added)}",
        markup=False,
        highlight=False,
    )
    if result.added:
        _table(
            ["document", "type", "source", "target", "evidence"],
            [[a["document"], a["type"], a["source"], a["target"], a["evidence"]] for a in result.added],
            wide=not out.is_terminal,
        )
    if result.added_names:
        _table(
            ["document", "name added by hand", "entity"],
            [[a["document"], a["text"], a["entity"]] for a in result.added_names],
            wide=not out.is_terminal,
        )


def _scores_table(scope_name: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    table = Table(scope_name, "what", "precision", "recall", "F1", "tp", "fp", "fn")
    for scope, scores in rows:
        for name, score in scores.items():
            table.add_row(scope, name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
                          str(score.tp), str(score.fp), str(score.fn))  # fmt: skip
            scope = ""
    out.print(table, markup=False, highlight=False)


@app.command("query")
@friendly
def query_cmd(
    name: Annotated[str | None, typer.Argument(help="A library query's name (see --list).")] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the library's questions and parameters.")
    ] = False,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Parameter key=value (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON objects.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print rows as CSV.")] = False,
    wide: WideFlag = False,
    timeout: TimeoutOption = None,
    db: DbOption = None,
    neo4j: Neo4jFlag = False,
    neo4j_uri: Neo4jUri = None,
    neo4j_user: Neo4jUser = None,
    neo4j_database: Neo4jDb = None,
) -> None:
    """Ask one of the library's questions (the Python API's `run`), or list them.

    Example: soekg query partners_of_soe --param soe=chn-energy
    """
    with _open(db, neo4j, neo4j_uri, neo4j_user, neo4j_database, timeout) as graph:
        if list_ or name is None:
            table = Table("query", "question", "parameters")
            for q in graph.queries():
                params = ", ".join(
                    f"{p} ({q.param_types[p]}, {'default' if p in q.defaults else 'e.g.'} {v})"
                    for p, v in q.params.items()
                )
                table.add_row(q.name, q.question, params)
            out.print(table, markup=False, highlight=False)
            return
        values = _parse_params(param or [])
        result = graph.run(name, **values)
        bound = graph.library[name].bind(values)
    _print_rows(result.columns, result.rows, as_json=as_json, as_csv=as_csv, wide=wide)
    if "skip" in bound and len(result.rows) == bound["limit"]:
        # A full page may not be the whole answer: say how to get the rest (on stderr, so
        # --json and --csv output stays clean).
        skip, limit = bound["skip"], bound["limit"]
        err.print(
            f"showing rows {skip + 1}-{skip + limit}; more may follow: "
            f"--param skip={skip + limit} (or --param limit=N)",
            style="yellow",
            highlight=False,
        )


def _print_rows(
    columns: list[str], rows: list[list[Any]], *, as_json: bool, as_csv: bool = False, wide: bool = False
) -> None:
    if as_json:
        sys.stdout.write(Results(query="", columns=columns, rows=rows).to_json() + "\n")
    elif as_csv:
        sys.stdout.write(Results(query="", columns=columns, rows=rows).to_csv())
    else:
        _table(columns, rows, wide=wide or not out.is_terminal)


def _table(columns: list[str], rows: list[list[Any]], *, wide: bool) -> None:
    """Rows as a table: a list one item per line; an id, a header or (``wide``, and whenever the
    output is not a terminal) any value never cut, so it can be pasted into the next command."""
    cells = [[_listed(v) for v in row] for row in rows]
    table = Table(show_lines=any("\n" in c for row in cells for c in row))
    for i, name in enumerate(columns):
        header = cell_text(name)
        longest = max((len(line) for row in cells for line in row[i].splitlines()), default=0)
        keep = _is_id(name) or not any(" " in row[i] for row in cells)  # ids, codes, numbers
        table.add_column(header, min_width=max(len(header), longest if keep else 0), overflow="fold")
    for row in cells:
        table.add_row(*row)
    console = out
    if wide:  # as wide as the table needs: nothing wraps or is cut
        needed = table.__rich_measure__(out, out.options.update(max_width=10**6)).maximum
        console = Console(width=max(80, needed), soft_wrap=True)
    console.print(table, markup=False, highlight=False)
    out.print(f"{len(rows)} row{'' if len(rows) == 1 else 's'}", style="dim", highlight=False)


def _listed(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(cell_text(v) for v in value)
    return cell_text(value)


def _is_id(column: str) -> bool:
    return column == "id" or column.endswith(("_id", "_ids", ".id"))


class _ClosedOutput(io.TextIOBase):
    """Standard output when the command was started without one: each write fails as a write
    to a closed descriptor does, so the command says so once (:func:`friendly`)."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def writable(self) -> bool:
        return True


def run() -> None:
    """Console-script entry point: usage mistakes too are one line, exit 2."""
    try:  # recent typer carries its own copy of click
        from typer._click import exceptions as click_errors
    except ImportError:  # pragma: no cover - older typer on click
        from click import exceptions as click_errors  # type: ignore[no-redef]

    if sys.stdout is None:  # started with standard output closed (`>&-`): writing is an error, not a no-op
        sys.stdout = _ClosedOutput()
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show Chinese gets \\u56fd, not a crash
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        code = app(standalone_mode=False)
    except click_errors.NoArgsIsHelpError:
        code = 0  # typer has printed the help already
    except click_errors.UsageError as exc:
        root = exc.ctx.find_root().info_name or "" if exc.ctx else ""
        command = "soekg" + (exc.ctx.command_path[len(root) :] if exc.ctx else "")
        _stderr(f"error: {exc.format_message()} (see `{command} --help`)")
        code = 2
    except typer.Abort:
        _stderr("interrupted; the previous database is unchanged")
        code = 130
    sys.exit(code if isinstance(code, int) else 0)
