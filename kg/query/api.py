"""The analyst's Python API: open the graph, ask the usual questions by name, get tables and graphs.

>>> import kg
>>> g = kg.open(kgdb)            # the embedded database; kg.open(neo4j=True) for the server
>>> g.partners("CHN Energy").column("partner")
['Hangzhou Hikvision Digital Technology', 'Huawei Technologies']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from rapidfuzz import fuzz, process

from kg.errors import KGError
from kg.export.json import to_networkx
from kg.model import DOCUMENT, MENTIONS, load_model
from kg.model.figures import with_figures
from kg.model.names import normalise
from kg.model.records import KnowledgeGraph
from kg.model.schema import SOURCES_INDEX
from kg.query.cypher_names import unknown_name
from kg.query.library import Engine, LibraryQuery, load_library, portable_form
from kg.query.results import Results
from kg.query.user_cypher import check_params, for_engine, refusal, returned_names
from kg.store import EmbeddedStore
from kg.store.base import QueryLimits, QueryResult

if TYPE_CHECKING:
    from kg.brief.compose import Brief
    from kg.diff import GraphDiff
    from kg.export.views import View
    from kg.review.server import ReviewServer

__all__ = ["KG", "evaluate", "export", "open"]


def open(
    path: Path | str | None = None,
    *,
    neo4j: bool = False,
    timeout: float | None = None,
    max_rows: int | None = None,
    **neo4j_options: Any,
) -> KG:
    """Open the graph: the embedded database at ``path`` (default ``data/soe-kg.lbug``), or Neo4j.

    Each query (:meth:`KG.cypher`, :meth:`KG.run` and the methods built on it) stops after
    ``timeout`` seconds (default ``$SOEKG_QUERY_TIMEOUT`` or 30) with one error; ``max_rows``
    reads at most that many rows of an answer (default: all), and the answer says so (``more``).

    >>> g = open(kgdb)
    >>> g.engine, g.limits.timeout
    ('ladybug', 30.0)
    """
    limits = QueryLimits.from_env(timeout=timeout, max_rows=max_rows)
    if neo4j:
        from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

        return KG(Neo4jStore(Neo4jSettings.from_env(**neo4j_options)), "neo4j", limits)
    return KG(EmbeddedStore(path), "ladybug", limits)


def export(
    fmt: str,
    db: Path | None = None,
    output: Path | None = None,
    view: View | None = None,
    *,
    pretty: bool = False,
) -> Path:
    """Export the graph stored in ``db``; return the file (or, for ``csv``, the folder) written.

    Formats (:mod:`kg.export.formats`): ``json`` (node-link, on one line; indented if ``pretty``),
    ``html`` (map), ``graphml`` and ``gexf`` (desktop tools), ``cypher`` (a ``cypher-shell -f``
    script), ``csv`` (files for ``neo4j-admin database import``). A ``view`` narrows what is
    exported (a neighbourhood, some ids, filters).

    >>> export("yaml")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown format 'yaml' (choose json, html, graphml, gexf, cypher or csv)
    """
    from kg.export.formats import check_format, write_view
    from kg.export.views import View

    check_format(fmt)
    if fmt == "csv" and (view is None or not view.narrows()):
        return _whole_csv(EmbeddedStore(db).path, output)
    with open(db) as graph:
        return write_view(
            graph.select(view or View()), fmt, output, view.entity if view else None, pretty=pretty
        )


def evaluate(
    seeds: Path | str = "seeds",
    corpus: Path | str | None = None,
    gold: Path | str | None = None,
    *,
    reviews: bool = False,
    relations: str = "auto",
) -> Any:
    """Score extraction, as ``soekg eval`` does: on an annotated corpus (``corpus`` and ``gold``:
    what the graph would receive from each article), against the curated seed facts (neither),
    or by what analysts decided in the accepted reviews (``reviews``). ``relations`` (auto,
    parser, surface) says how relations are read. Each answer has ``as_dict()``.

    >>> evaluate(corpus="articles")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: give both --corpus DIR and --gold FILE, or neither (to score on the seeds)
    """
    root = Path(seeds)
    if reviews:
        if corpus is not None or gold is not None:
            raise KGError("--reviews reads the accepted reviews; give it without --corpus and --gold")
        from kg.review.record import evaluate_reviews

        return evaluate_reviews(root)
    if (corpus is None) != (gold is None):
        raise KGError("give both --corpus DIR and --gold FILE, or neither (to score on the seeds)")
    if corpus is not None and gold is not None:
        from kg.evaluation.corpus import evaluate_corpus

        return evaluate_corpus(Path(corpus), Path(gold), root, relations)
    from kg.evaluation.seeds import evaluate as evaluate_seeds

    return evaluate_seeds(root, relations)


def _whole_csv(db: Path, output: Path | None) -> Path:
    """The ``neo4j-admin`` import files of the whole graph in ``db``, streamed from the database
    a table at a time (:mod:`kg.export.admin_csv`): a graph of millions of relationships is
    never in memory as records."""
    from kg.export.admin_csv import write_admin_csv_from_db
    from kg.export.formats import DEFAULT_OUT

    target = output or DEFAULT_OUT / "neo4j-import"
    write_admin_csv_from_db(db, target)
    return target


def _a(word: str) -> str:
    """The article before a type's name: "an SOE", "an AIModel", "a Company".

    >>> _a("SOE"), _a("Company"), _a("AIModel")
    ('an', 'a', 'an')
    """
    return "an" if word[:1] in "AEIOU" or word == "SOE" else "a"


class KG:
    """One open graph. Methods take an entity's id, name, alias or Chinese name.

    >>> g = open(kgdb)
    >>> g.resolve("国资委")
    'sasac'
    """

    def __init__(self, store: Any, engine: Engine, limits: QueryLimits | None = None):
        self.store = store
        self.engine: Engine = engine
        self.limits = limits or QueryLimits.from_env()  # time, rows and memory of each query
        self.library: dict[str, LibraryQuery] = load_library(engine)
        self._names: dict[str, set[str]] | None = None
        self._labels: dict[str, str] = {}
        self._types: dict[str, str] = {}
        self._graph: KnowledgeGraph | None = None

    # -- running queries --------------------------------------------------
    def queries(self) -> list[LibraryQuery]:
        """The library's questions, with their parameters.

        >>> [q.name for q in open(kgdb).queries()][:3]
        ['agency_directs', 'company_partners', 'conflicts']
        """
        return list(self.library.values())

    def run(self, name: str, **params: Any) -> Results:
        """Run a library query by name with its parameters (checked and typed). Entity and
        document parameters take names as well as ids, as every method here does.

        >>> open(kgdb).run("policy_targets").column("year")
        [2027, 2027, 2030, 2035]
        >>> len(open(kgdb).run("partners_of_soe", soe="CHN Energy"))
        2
        """
        if name not in self.library:
            close = process.extract(name, list(self.library), scorer=fuzz.WRatio, limit=3)
            hint = ", ".join(c for c, score, _ in close if score >= 60) or ", ".join(list(self.library)[:5])
            raise KGError(f"no library query {name!r} (close: {hint}; see `soekg query --list`)")
        query = self.library[name]
        query.bind(params)  # unknown, missing or mistyped parameters first, before any name
        # A default is the query's own "no filter" value (entity "*"), never a name to look up.
        values = dict(params)
        given = {k for k, v in values.items() if k not in query.defaults or str(v) != str(query.defaults[k])}
        for param, kind in query.param_types.items():
            if param not in given:
                continue
            if kind == "entity":
                kinds = query.param_kinds.get(param)
                values[param] = self.resolve(str(values[param]), types=kinds)
                if kinds and self._types[values[param]] not in kinds:
                    raise KGError(self._wrong_type(query, param, str(params[param]), values[param]))
            elif kind == "document":
                values[param] = self.resolve(str(values[param]), types=[DOCUMENT])
        try:
            result = self.store.bounded_query(*query.statement(values), self.limits)
        except KGError as exc:
            # a Neo4j graph loaded before the sources index existed: the Browser form answers
            # (slower) until the next load makes the index
            fallback = portable_form(name, self.engine) if SOURCES_INDEX in str(exc) else None
            if fallback is None or SOURCES_INDEX not in query.text:
                raise
            query, result = fallback, self.store.bounded_query(*fallback.statement(values), self.limits)
        # collect() has no order; sorted lists make the same question give the same answer
        for column in query.collected:
            if column not in result.columns:
                continue  # a list an engine's form collects on the way, not a column it returns
            i = result.columns.index(column)
            for row in result.rows:
                row[i] = sorted(row[i], key=str)
        return self._results(name, result, params)

    def cypher(self, text: str, **params: Any) -> Results:
        """Run read-only Cypher; values go in ``params``, never into the text. Neo4j's
        spellings work on both engines (``type(r)``, ``labels(n)``), and an unaliased column
        is named by the expression as written.

        >>> g = open(kgdb)
        >>> g.cypher("MATCH (p:Person) WHERE p.name_zh = $zh RETURN p.name AS name", zh="朱松纯").rows
        [['Zhu Songchun']]
        >>> g.cypher("MATCH (:SOE {id: 'cnpc'})-[r]->(m:AIModel) RETURN type(r), labels(m) LIMIT 1").records()
        [{'type(r)': 'DEVELOPS', 'labels(m)': ['AIModel']}]
        """
        # Refused before the engine sees it: writes, files, extensions, settings, other databases,
        # a text too long or too deep to parse safely, a label the model lacks (refused on both
        # engines). Then the engine's own plan is asked (check_read), and both stores refuse
        # writes besides (a read-only database; read transactions on Neo4j).
        why = refusal(text) or unknown_name(text)
        if why is not None:
            raise KGError(why)
        check_params(text, params)
        result = self.store.bounded_query(for_engine(text, self.engine), params, self.limits, check_read=True)
        names = returned_names(text)
        if names is not None and len(names) == len(result.columns):
            result = QueryResult(columns=names, rows=result.rows, more=result.more)
        return self._results("cypher", result, params)

    @staticmethod
    def _results(name: str, result: QueryResult, params: dict[str, Any]) -> Results:
        columns, rows = with_figures(result.columns, result.rows)  # "300 billion parameters" beside 3e11
        return Results(query=name, columns=columns, rows=rows, params=params, more=result.more)

    # -- names ------------------------------------------------------------
    def _index(self) -> dict[str, set[str]]:
        if self._names is None:
            names: dict[str, set[str]] = {}
            text = "MATCH (n) RETURN n.id, n.name, n.aliases, n.name_zh, n.title, n.path, labels(n)[0]"
            rows = self.store.query(for_engine(text, self.engine)).rows
            for node_id, name, aliases, name_zh, title, path, label in rows:
                # a document by its id, title, file name or file stem ("000_b788….txt", "000_b788…")
                files = [Path(path).name, Path(path).stem] if path else []
                for form in [node_id, name, name_zh, title, *files, *(aliases or [])]:
                    if form:
                        names.setdefault(normalise(str(form)), set()).add(node_id)
                self._labels[node_id] = name or title or node_id
                self._types[node_id] = label
            self._names = names
        return self._names

    def resolve(self, name: str, types: list[str] | None = None) -> str:
        """The id of the entity (or document) called ``name``: its id, name, alias or Chinese
        name (a document's title or file name); a clear error when unknown or ambiguous.
        ``types``, the node types expected, settle an ambiguous name and rank close matches.

        >>> g = open(kgdb)
        >>> g.resolve("CNPC"), g.resolve("china national petroleum corporation")
        ('cnpc', 'cnpc')
        >>> g.resolve("000_b788352872a1fbc9")
        'doc-b788352872a1fbc9'
        >>> g.resolve("China Mobil")
        Traceback (most recent call last):
        ...
        kg.errors.KGError: no entity called 'China Mobil' (close matches: ... (china-mobile, SOE), ...)
        """
        index = self._index()
        ids = index.get(normalise(name), set())
        if len(ids) > 1 and types:
            ids = {i for i in ids if self._types[i] in types} or ids
        if len(ids) == 1:
            return next(iter(ids))
        if len(ids) > 1:
            options = ", ".join(self._described(i) for i in sorted(ids))
            raise KGError(f"{name!r} is ambiguous: {options}; pass one of these ids")
        # each entity once, with its best-matching form; the expected types first
        best: dict[str, float] = {}
        close = process.extract(normalise(name), list(index), scorer=fuzz.QRatio, limit=20, score_cutoff=60)
        for form, score, _ in close:
            for i in index[form]:
                best[i] = max(best.get(i, 0.0), score)
        wanted = set(types or ())
        ranked = sorted(best, key=lambda i: (self._types[i] not in wanted, -best[i], i))[:3]
        what = "document" if types == [DOCUMENT] else "entity"
        hint = ", ".join(self._described(i) for i in ranked) or "none"
        raise KGError(f"no {what} called {name!r} (close matches: {hint})")

    def name(self, name: str) -> str:
        """The name the graph stores for the entity (or document) called ``name``, to match
        ``{name: $n}`` in Cypher (``soekg cypher --param n=name:Huawei``); :meth:`resolve`
        gives its id (``--param n=id:Huawei``).

        >>> g = open(kgdb)
        >>> g.name("Huawei"), g.resolve("Huawei")
        ('Huawei Technologies', 'huawei')
        >>> g.cypher("MATCH (c:Company {name: $n}) RETURN c.id AS id", n=g.name("华为")).rows
        [['huawei']]
        """
        return self._labels[self.resolve(name)]

    def _wrong_type(self, query: LibraryQuery, param: str, given: str, node_id: str) -> str:
        """A name of another type than a query expects, and the queries that take that type."""
        found = self._types[node_id]
        fits = [(q.name, p) for q in self.library.values() for p, k in q.param_kinds.items() if found in k]
        fits = fits or [("neighbourhood", "id"), ("timeline", "entity")]
        hint = " or ".join(f"{q} (--param {p}={given})" for q, p in fits)
        expected = " or ".join(query.param_kinds[param])
        return f"{given} is {_a(found)} {found}, not {_a(expected)} {expected}: try {hint}"

    def _described(self, node_id: str) -> str:
        return f"{self._labels[node_id]} ({node_id}, {self._types[node_id]})"

    # -- the usual questions ------------------------------------------------
    def partners(self, soe: str) -> Results:
        """Whom an SOE partners with, on what, with the evidence.

        >>> open(kgdb).partners("CHN Energy").column("topic")[0]
        'rapid coal quality testing technology'
        """
        return self.run("partners_of_soe", soe=soe)

    def company_partners(self, company: str) -> Results:
        """Which SOEs work with a company, and how.

        >>> open(kgdb).company_partners("Hikvision").column("soe")
        ['China Energy Investment Corporation']
        """
        return self.run("company_partners", company=company)

    def models(self) -> Results:
        """AI models with their owners and sizes (``parameters_text`` reads "300 billion
        parameters"); a model no one is recorded with is listed with no owner.

        >>> "Kunlun Large Model" in open(kgdb).models().column("model")
        True
        """
        return self.run("models_by_owner")

    def model_history(self, model: str) -> Results:
        """A model's sizes over time, oldest first, as the documents state them.

        >>> open(kgdb).model_history("Kunlun").records()[0]["parameter_history_text"]
        ['33 billion parameters', '70 billion parameters', '300 billion parameters']
        """
        return self.run("model_history", model=model)

    def platforms(self) -> Results:
        """Platforms with their owners and figures.

        >>> "AI Huanxin" in open(kgdb).platforms().column("platform")
        True
        """
        return self.run("platforms_by_owner")

    def policies(self) -> Results:
        """Policies, their issuers and their targets by year.

        >>> open(kgdb).policies().column("value")
        [70.0, None, 90.0, None]
        """
        return self.run("policy_targets")

    def people(self) -> Results:
        """People and their roles.

        >>> len(open(kgdb).people())
        7
        """
        return self.run("people_roles")

    def agency(self, agency: str) -> Results:
        """What an agency directs, launches, issues or promotes.

        >>> "AI Huanxin" in open(kgdb).agency("SASAC").column("target")
        True
        """
        return self.run("agency_directs", agency=agency)

    def document(self, doc_id: str) -> Results:
        """Everything one document supports: its id, title, file name or file stem.

        >>> len(open(kgdb).document("doc-b788352872a1fbc9")) > 40
        True
        """
        return self.run("document_facts", doc=doc_id)

    def timeline(
        self, since: str | None = None, until: str | None = None, entity: str | None = None
    ) -> Results:
        """Dated facts between two ISO dates (either may be left out), in date order, of one
        ``entity`` or of all; a fact about a dated event carries the event's date (``dated_by``).

        >>> open(kgdb).timeline("2026", "2026", entity="SASAC").column("relationship")  # all of 2026
        ['ORGANISES']
        >>> len(open(kgdb).timeline(until="2024")) == len(open(kgdb).timeline("0001", "2024"))
        True
        """
        bounds = {k: v for k, v in (("since", since), ("until", until)) if v is not None}
        return self.run("timeline", entity=entity or "*", **bounds)

    def evidence(self, a: str, b: str) -> Results:
        """Why we believe two entities are related: each relationship and its sentences.

        >>> open(kgdb).evidence("CHN Energy", "Hikvision").column("relationship")
        ['PARTNERS_WITH']
        """
        return self.run("evidence_between", a=a, b=b)

    def conflicts(self) -> Results:
        """Facts whose sources disagree (two dates for one launch), each sentence with what it
        ``says``; the fact keeps the first source's value.

        >>> open(kgdb).conflicts().columns[:4]  # the curated seeds agree with each other
        ['source', 'relationship', 'target', 'conflict']
        """
        return self.run("conflicts")

    def paths(self, a: str, b: str) -> Results:
        """The shortest chains of relationships between two entities.

        >>> open(kgdb).paths("Huawei", "SASAC").column("hops")[0]
        3
        """
        return self.run("shortest_paths", a=a, b=b)

    def neighbourhood(self, entity: str, depth: int = 1, limit: int = 1000) -> Results:
        """Entities within ``depth`` steps (1 to 3), nearest first, at most ``limit`` of them.

        >>> open(kgdb).neighbourhood("Kunlun", depth=1).column("name")[:2]
        ['China National Petroleum Corporation', 'Energy and chemicals']
        """
        return self.run("neighbourhood", id=entity, depth=depth, limit=limit)

    def neighbourhood_graph(self, entity: str, depth: int = 1, limit: int = 1000) -> nx.MultiDiGraph:
        """The neighbourhood as a networkx graph, with every attribute and provenance.

        The documents its relationships cite come along, so a map of it shows its sources.

        >>> hood = open(kgdb).neighbourhood_graph("Kunlun")
        >>> sorted(n for n, data in hood.nodes(data=True) if data["type"] != "Document")
        ['cnpc', 'energy-and-chemicals', 'kunlun-large-model', 'seismic-model']
        """
        ids = {self.resolve(entity), *self.neighbourhood(entity, depth, limit).column("id")}
        return to_networkx(self.subgraph(ids))

    def subgraph(self, ids: set[str]) -> KnowledgeGraph:
        """The graph restricted to some node ids, with the documents its facts cite (for maps and exports).

        >>> part = open(kgdb).subgraph({"cnpc", "kunlun-large-model"})
        >>> [r.type for r in part.relationships], [d.id for d in part.documents]
        (['DEVELOPS'], ['doc-61c2d96440bd8ec1'])
        """
        from kg.export.views import View, select

        return select(self._whole(), View(ids=ids))  # any ids: a subgraph may well be empty

    def _whole(self) -> KnowledgeGraph:
        """The whole stored graph, read once per open graph."""
        if self._graph is None:
            self._graph = self.store.read_graph()
        return self._graph

    def view(
        self,
        entity: str | None = None,
        depth: int = 1,
        *,
        ids: set[str] | None = None,
        query: str | None = None,
        params: dict[str, Any] | None = None,
        cypher: str | None = None,
        node_types: Iterable[str] = (),
        rel_types: Iterable[str] = (),
        since: str | None = None,
        until: str | None = None,
        document: str | None = None,
        review: str = "all",
    ) -> View:
        """What a map or an export shows, checked, with names resolved (nothing set: everything).

        ``entity``/``depth``: a neighbourhood; ``ids``, a library ``query`` (with ``params``)
        or read-only ``cypher``: the entities in its ``id`` column; the filters narrow further.

        >>> open(kgdb).view("Kunlun", query="top_connected", params={"limit": 5}, since="2025").describe()
        'around kunlun-large-model, depth 1; 5 selected ids; dated from 2025'
        """
        from kg.export.views import View
        from kg.query.library import check_range, coerce

        model = load_model()
        node_set, rel_set = set(node_types), set(rel_types)
        for given, known, what in ((node_set, list(model.nodes), "node type"),
                                   (rel_set, list(model.relationships), "relationship type")):  # fmt: skip
            if given - set(known):
                raise KGError(f"unknown {what} {sorted(given - set(known))[0]!r} (known: {', '.join(known)})")
        if review not in ("all", "reviewed", "unreviewed"):
            raise KGError(f"review takes all, reviewed or unreviewed, got {review!r}")
        for value, name in ((since, "since"), (until, "until")):
            if value:
                coerce(value, "date", name)  # one clear line for a date that is no date
        check_range(since, until)
        if not 1 <= depth <= 4:
            raise KGError(f"depth must be 1 to 4, got {depth}")
        view = View(depth=depth, node_types=node_set, rel_types=rel_set, since=since, until=until,
                    review=review, ids=set(ids) if ids is not None else None)  # type: ignore[arg-type]  # fmt: skip
        if entity:
            view.entity = self.resolve(entity)
        if document:  # an id, title, file name or stem, as everywhere
            view.document = self.resolve(document, types=[DOCUMENT])
        for found, what in ((self.run(query, **(params or {})) if query else None, f"query {query!r}"),
                            (self.cypher(cypher) if cypher else None, "the Cypher query")):  # fmt: skip
            if found is None:
                continue
            if "id" not in found.columns:
                raise KGError(f"{what} returns no id column to select entities by (e.g. RETURN n.id AS id)")
            view.ids = set(found.column("id")) if view.ids is None else view.ids & set(found.column("id"))
        return view

    def select(self, view: View) -> KnowledgeGraph:
        """The part of the graph a :meth:`view` asks for; an error if it selects nothing.

        >>> g = open(kgdb)
        >>> sorted(e.id for e in g.select(g.view("Kunlun")).entities)
        ['cnpc', 'energy-and-chemicals', 'kunlun-large-model', 'seismic-model']
        """
        from kg.export.views import select

        part = select(self._whole(), view)
        facts = any(r.type != MENTIONS for r in part.relationships)
        others = any(e.id != view.entity for e in part.entities)
        if view.narrows() and not facts and not others:  # an empty map would look like an answer
            raise KGError(f"the view selects nothing ({view.describe()}); nothing was written")
        return part

    def map(
        self, entity: str | None = None, depth: int = 1, *, changes: GraphDiff | None = None, **options: Any
    ) -> Any:
        """A map of the graph, or of a view of it, shown inline in a notebook (``.save(path)`` to keep it).

        ``options`` are :meth:`view`'s: ``ids``, ``query``, ``params``, ``cypher``, ``node_types``,
        ``rel_types``, ``since``, ``until``, ``document``, ``review``. A neighbourhood map draws
        its centre biggest and ringed. With ``changes`` (:meth:`changes`), what changed is
        highlighted (of a comparison of two files: the later file's graph is drawn).

        >>> page = open(kgdb).map("CNPC", depth=1)
        >>> "Kunlun Large Model" in page.html
        True
        """
        from kg.export.html import MapPage

        if changes is not None:
            from kg.diff import read_graph

            later = self._whole() if changes.new == "this database" else read_graph(Path(changes.new))
            return MapPage(later, changes=changes.ids(), changes_label=changes.old)
        view = self.view(entity, depth, **options)
        return MapPage(self.select(view), focus=view.entity)

    def export(self, fmt: str, output: Path | str | None = None, entity: str | None = None, depth: int = 1,
               *, pretty: bool = False, **options: Any) -> Path:  # fmt: skip
        """Write the graph, or a view of it (:meth:`view`'s options), as ``fmt``; return the path.

        Formats: ``json``, ``html``, ``graphml``, ``gexf``, ``cypher``, ``csv`` (a folder);
        the default path is ``out/soe-kg.FORMAT`` (``out/neo4j-import`` for csv). JSON is
        written on one line unless ``pretty`` (indented: larger, and slower to write).

        >>> import tempfile
        >>> open(kgdb).export("json", tempfile.mkdtemp() + "/cnpc.json", "CNPC").name
        'cnpc.json'
        """
        from kg.export.formats import check_format, write_view

        check_format(fmt)  # before any query
        view = self.view(entity, depth, **options)
        target = Path(output) if output else None
        if fmt == "csv" and not view.narrows() and isinstance(self.store, EmbeddedStore):
            return _whole_csv(self.store.path, target)  # streamed from the database
        return write_view(self.select(view), fmt, target, view.entity, pretty=pretty)

    def brief(
        self,
        entity: str,
        other: str | None = None,
        *,
        depth: int = 1,
        since: str | None = None,
        until: str | None = None,
        publishers: list[str] | None = None,
        unreviewed: str = "mark",
    ) -> Brief:
        """A cite-ready brief on an entity, or on a pair (what joins them, and whom both are
        joined to): who it is, then its facts grouped by kind, every sentence footnoted with
        its verbatim quote, document title, publisher, date and URL. ``depth`` reaches facts
        further out; ``since``/``until`` keep dated facts in a range; ``publishers`` cites only
        their sentences; ``unreviewed`` facts are ``"mark"``-ed or ``"omit"``-ted.

        >>> b = open(kgdb).brief("CNPC")
        >>> [s.title for s in b.sections][:2], b.notes[0].published
        (['Oversight and structure', 'Models, platforms and infrastructure'], '2026')
        >>> print(b.markdown().splitlines()[0])
        # China National Petroleum Corporation
        """
        from kg.brief.compose import compose
        from kg.export.views import select

        if unreviewed not in ("mark", "omit"):
            raise KGError(f"unreviewed takes mark or omit, got {unreviewed!r}")
        review = "reviewed" if unreviewed == "omit" else "all"
        view = self.view(entity, depth, since=since, until=until, review=review)
        assert view.entity is not None
        subject = [view.entity]
        if other is not None:
            second = self.view(other, depth, since=since, until=until, review=review)
            assert second.entity is not None
            if second.entity == view.entity:
                raise KGError("a brief on a pair needs two different entities")
            subject.append(second.entity)
            ids = {e.id for v in (view, second) for e in select(self._whole(), v).entities}
            view = self.view(ids=ids, since=since, until=until, review=review)
        graph = select(self._whole(), view)  # no facts is an answer too: who it is, and "nothing"
        parts = [f"depth {depth}"] + [f"dated from {since}"] * bool(since) + [f"until {until}"] * bool(until)
        parts += [f"sources from {', '.join(publishers)}"] if publishers else []
        parts += ["unreviewed facts left out" if unreviewed == "omit" else "unreviewed facts marked"]
        scope = "Brief from soe-ai-kg: " + "; ".join(parts)
        brief = compose(graph, subject, whole=self._whole(), publishers=publishers,
                        unreviewed=unreviewed, depth=depth, scope=scope)  # fmt: skip
        if not any(s.facts for s in brief.sections):  # an empty brief would read as "nothing happened"
            asked = "; ".join(parts[1:-1] + parts[-1:] * (unreviewed == "omit"))
            about = " and ".join(self._labels[s] for s in subject)
            raise KGError(f"no facts about {about}{f' match these options ({asked})' if asked else ''}; "
                          "nothing was written")  # fmt: skip
        return brief

    def changes(
        self, old: Path | str | None = None, new: Path | str | None = None, *, since: str | None = None
    ) -> GraphDiff:
        """What changed from an earlier build to this database: documents, entities and facts
        added, removed or changed (a new sentence, a changed date, status or figure, a fact
        reviewed). ``old`` is a JSON export or a database file; without it, the build kept
        before the last one (:mod:`kg.store.snapshots`), or with ``since`` (a date) the last build kept
        from before that date or, when none is that old, the oldest kept; a build's own time
        (``BuildReport.built``) is that build. The answer's ``old`` says which build, and when.
        With ``new`` too (a file), it compares the two files instead of this database.

        >>> import tempfile
        >>> g = open(kgdb)
        >>> old = g.export("json", tempfile.mkdtemp() + "/old.json")
        >>> g.changes(old).summary()
        'no changes'
        """
        from kg.diff import diff, read_graph
        from kg.store.snapshots import snapshots

        if new is not None:  # two files: this database is not part of it
            if old is None:
                raise KGError("give OLD as well as NEW (both JSON exports or database files)")
            return diff(read_graph(Path(old)), read_graph(Path(new)), str(old), str(new))
        if old is not None:
            return diff(read_graph(Path(old)), self._whole(), str(old), "this database")
        path: Path | None = getattr(self.store, "path", None)  # Neo4j keeps no builds
        kept = snapshots(path) if path is not None else []
        if not kept:
            raise KGError("no build of this database is kept; give OLD as a JSON export (soe-kg.json)")
        assert path is not None
        note = ""
        if since is None:
            earlier = kept[:-1]  # the last kept build is this database
            if not earlier:
                raise KGError("no build of this database kept before the last one; "
                              "give OLD as a JSON export (soe-kg.json) or --since a date")  # fmt: skip
        elif "T" in since:  # a build's own time, as BuildReport.built gives it: that build
            earlier = [k for k in kept if k.built[: len(since)] <= since]
        else:
            from kg.query.library import coerce

            coerce(since, "date", "since")
            earlier = [k for k in kept if k.built[: len(since)] < since]
            if not earlier:
                earlier, note = kept[:1], f" (the oldest kept; none is from before {since})"
        if not earlier:
            raise KGError(f"no build of this database kept from {since} or before")
        base = earlier[-1]
        label = f"the build of {base.built.replace('T', ' ')[:16]} UTC{note}"
        return diff(read_graph(base.path(path)), self._whole(), label, "this database")

    def builds(self) -> Results:
        """The builds kept for this database (:mod:`kg.store.snapshots`), oldest first: when each was
        built (UTC), its nodes and facts, and its file; ``soekg diff --list`` prints the same.

        >>> open(kgdb).builds().columns
        ['built', 'nodes', 'facts', 'file']
        """
        from kg.store.snapshots import snapshots

        path: Path | None = getattr(self.store, "path", None)  # Neo4j keeps no builds
        kept = snapshots(path) if path is not None else []
        rows = [[k.built.replace("T", " ")[:19] + " UTC", k.nodes, k.facts, k.file] for k in kept]
        return Results(query="builds", columns=["built", "nodes", "facts", "file"], rows=rows)

    def review(
        self,
        reviews: list[Path | str] | None = None,
        seeds: Path | str = "seeds",
        *,
        port: int = 0,
        open_browser: bool = False,
    ) -> ReviewServer:
        """Serve the review page (``soekg review``) in a background thread and return the server:
        its ``url`` is the link the command prints (a notebook shows it as a link); ``.stop()``
        ends it. "Accept this article" rebuilds this database, as ``soekg ingest --accept`` does.

        >>> open(kgdb).review(seeds="seeds")
        Traceback (most recent call last):
        ...
        kg.errors.KGError: seeds/review: no review files to decide (ingest articles first: soekg ingest FILE)
        """
        from kg.review import review_server

        db = getattr(self.store, "path", None) if self.engine == "ladybug" else None
        server = review_server([Path(r) for r in reviews] if reviews else None, Path(seeds), port=port, db=db)
        server.start()
        if open_browser:
            import webbrowser

            webbrowser.open(server.url)
        return server

    def close(self) -> None:
        """Release the database (``with kg.open(...) as g:`` does it for you).

        >>> with open(kgdb) as g:
        ...     len(g.people())
        7
        """
        self.store.close()

    def __enter__(self) -> KG:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
