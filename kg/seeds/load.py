"""Read ``seeds/``: documents with their metadata, the curated catalog and facts.

Layout (see ``seeds/README.md``)::

    seeds/documents/NAME.txt         the article, byte for byte
    seeds/documents/NAME.meta.yaml   its metadata
    seeds/catalog/*.yaml             entities, with the sentences behind their figures
    seeds/facts/*.yaml               relationships, each with its evidence sentence(s)

Every problem is a :class:`kg.errors.KGError` naming the file (and line).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.common.gcpause import paused_gc
from kg.errors import KGError, first_error
from kg.model import load_model
from kg.model.records import Document, Entity, Evidence, KnowledgeGraph, checked
from kg.seeds.curation import FactRecord, assemble
from kg.seeds.gazetteer import load_gazetteer
from kg.seeds.named import Named, named_places
from kg.seeds.review_files import REVIEW_DIR, Review, read_review
from kg.seeds.yamlio import LINE, read_text, read_yaml, read_yamls, require_text

__all__ = ["SeedSet", "load_seeds"]

_ENTITY_KEYS = {"id", "type", "name", "name_zh", "aliases", "description", "sources"}
_FACT_KEYS = {"type", "source", "target", "evidence", "date", "date_note", "status"}


@dataclass
class SeedSet:
    """What ``seeds/`` holds once checked: the graph and any warnings."""

    graph: KnowledgeGraph
    texts: dict[str, str]
    warnings: list[str] = field(default_factory=list)


def load_seeds(root: Path, *, reviews: bool = True) -> SeedSet:
    """Read and check a seeds folder; raise :class:`KGError` on the first problem.

    >>> seeds = load_seeds(Path("seeds"))
    >>> len(seeds.graph.documents)
    5
    """
    with paused_gc():  # millions of long-lived objects for a large folder, none in cycles
        return _load_seeds(Path(root), reviews)


def _load_seeds(root: Path, reviews: bool) -> SeedSet:
    if not root.is_dir():
        raise KGError("no seeds folder here (pass --seeds PATH)", path=root)
    _check_inside(root)
    documents, texts = _read_documents(root / "documents")
    doc_paths = {d.id: root / d.path for d in documents}
    entities, mentions = _read_catalog(root / "catalog", texts, doc_paths)
    reference = load_gazetteer().entities
    types = {e.id: e.type for e in reference.values()} | {e.id: e.type for e in entities}
    facts, named = _read_facts(root / "facts", types, texts, doc_paths)
    if reviews:
        candidates, proposed, proposed_named, sources = _read_reviews(
            root / REVIEW_DIR, types, texts, doc_paths
        )
        entities += candidates
        facts, named, mentions = facts + proposed, named + proposed_named, mentions + sources
    # A gazetteer entry enters the graph when a document names it or a fact cites it.
    known = {e.id for e in entities}
    cited = [*(p.entity for p in named), *(end for f in facts for end in (f.source, f.target))]
    entities += [reference[i] for i in dict.fromkeys(cited) if i not in known and i in reference]
    relationships, warnings = assemble(documents, entities, facts, mentions, named)
    # Every record was checked as it was made: the graph checks only how they refer to each other.
    graph = checked(KnowledgeGraph, documents=documents, entities=entities, relationships=relationships)
    try:
        graph.check_references()
    except ValueError as exc:
        raise KGError(str(exc), path=root) from None
    return SeedSet(graph=graph, texts=texts, warnings=warnings)


def _check_inside(root: Path) -> None:
    """Seed files are read only from inside the seeds folder, links resolved: a document or
    YAML file that is a link to ``/etc/passwd`` (or a folder linked elsewhere) stops the build
    with one line, before anything is read into the graph."""
    base = root.resolve()
    for sub in ("documents", "catalog", "facts", REVIEW_DIR):
        folder = root / sub
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.suffix in (".txt", ".yaml") and not path.resolve().is_relative_to(base):
                why = "a link to a file outside the seeds folder (only files inside it are read)"
                raise KGError(why, path=path)


def _read_documents(folder: Path) -> tuple[list[Document], dict[str, str]]:
    if not folder.is_dir():
        raise KGError("missing documents folder", path=folder)
    documents: list[Document] = []
    texts: dict[str, str] = {}
    for meta_path in sorted(folder.glob("*.meta.yaml")):
        if not meta_path.with_name(meta_path.name.removesuffix(".meta.yaml") + ".txt").exists():
            raise KGError("metadata without its document (.txt missing)", path=meta_path)
    text_paths = sorted(folder.glob("*.txt"))
    meta_paths = [p.with_name(p.stem + ".meta.yaml") for p in text_paths]
    for text_path, meta_path in zip(text_paths, meta_paths, strict=True):
        if not meta_path.exists():
            raise KGError(f"no metadata file {meta_path.name} beside the document", path=text_path)
    for text_path, meta_path, meta in zip(text_paths, meta_paths, read_yamls(meta_paths), strict=True):
        if not isinstance(meta, dict):
            raise KGError("metadata must be a mapping", path=meta_path)
        line = meta.pop(LINE)
        text = read_text(text_path)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()  # the same bytes, read once
        if meta.get("sha256") != digest:
            raise KGError(
                f"sha256 does not match {text_path.name} (the text changed? it is {digest})",
                path=meta_path,
            )
        try:
            doc = Document(path=f"{folder.name}/{text_path.name}", **meta)
        except (ValidationError, TypeError) as exc:
            msg = first_error(exc) if isinstance(exc, ValidationError) else str(exc)
            raise KGError(msg, path=meta_path, line=line) from None
        if doc.id in texts:
            raise KGError(f"duplicate document id {doc.id!r}", path=meta_path, line=line)
        documents.append(doc)
        texts[doc.id] = text
    if not documents:
        raise KGError("no documents (*.txt) found", path=folder)
    return documents, texts


def _locate(
    quote: Any, doc_id: str, texts: dict[str, str], doc_paths: dict[str, Path], where: Path, line: int | None
) -> Evidence:
    """Find a verbatim quote in its document and return it with offsets."""
    if doc_id not in texts:
        raise KGError(f"no document {doc_id!r}", path=where, line=line)
    if not isinstance(quote, str) or not quote.strip():
        raise KGError("evidence must be a non-empty quoted sentence", path=where, line=line)
    start = texts[doc_id].find(quote)
    if start < 0:
        short = quote if len(quote) <= 70 else quote[:67] + "..."
        raise KGError(f"evidence not found in {doc_paths[doc_id].name}: {short!r}", path=where, line=line)
    return checked(Evidence, doc_id=doc_id, quote=quote, start=start, end=start + len(quote))  # checked above


def _yaml_list(path: Path, key: str | None = None, data: Any = None) -> list[dict[str, Any]]:
    """The list of mappings in ``path`` (under ``key``); ``data``: the file as already parsed."""
    data = read_yaml(path) if data is None else data
    if key is not None:
        if not isinstance(data, dict) or key not in data:
            raise KGError(f"expected a mapping with a {key!r} list", path=path)
        data = data[key]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise KGError("expected a list of mappings", path=path)
    return data


def _read_catalog(
    folder: Path, texts: dict[str, str], doc_paths: dict[str, Path]
) -> tuple[list[Entity], list[tuple[str, Evidence, list[str]]]]:
    """Entities, and (entity id, evidence, properties it supports) for each source quote."""
    entities: list[Entity] = []
    mentions: list[tuple[str, Evidence, list[str]]] = []
    seen: dict[str, str] = {}
    model = load_model()
    for path in sorted(folder.glob("*.yaml")):
        for item in _yaml_list(path):
            line = item.pop(LINE)
            core = {k: v for k, v in item.items() if k in _ENTITY_KEYS}
            sources = core.pop("sources", None) or []
            props = {k: v for k, v in item.items() if k not in _ENTITY_KEYS}
            try:
                entity = Entity(properties=props, **core)
            except ValidationError as exc:
                raise KGError(first_error(exc), path=path, line=line) from None
            if entity.id in seen:
                raise KGError(f"duplicate id {entity.id!r} (also in {seen[entity.id]})", path=path, line=line)
            seen[entity.id] = path.name
            supported: set[str] = set()
            for src in sources if isinstance(sources, list) else [sources]:
                if not isinstance(src, dict) or {"doc", "quote"} - src.keys():
                    raise KGError("each source needs doc and quote", path=path, line=line)
                src_line = src.pop(LINE, line)
                supports = list(src.get("supports") or [])
                unknown = set(supports) - set(model.node_property_specs(entity.type))
                if unknown:
                    raise KGError(
                        f"source supports unknown property {sorted(unknown)[0]!r}", path=path, line=src_line
                    )
                ev = _locate(src["quote"], src["doc"], texts, doc_paths, path, src_line)
                mentions.append((entity.id, ev, supports))
                supported.update(supports)
            specs = model.node_property_specs(entity.type)
            unsourced = [p for p in entity.properties if specs[p].sourced and p not in supported]
            if unsourced:
                raise KGError(
                    f"{entity.id}: property {unsourced[0]!r} needs a source quote that supports it",
                    path=path,
                    line=line,
                )
            entities.append(entity)
    if not entities:
        raise KGError("no catalog entries (*.yaml) found", path=folder)
    return entities, mentions


@cache
def _allowed() -> frozenset[tuple[str, str, str]]:
    """The model's allowed (type, from, to) triples, looked up once per fact."""
    return load_model().triples()


def _fact_record(
    item: dict[str, Any],
    doc_id: str,
    types: dict[str, str],
    texts: dict[str, str],
    doc_paths: dict[str, Path],
    where: tuple[Path, int | None],
    method: str = "curated",
) -> FactRecord:
    """Check one fact (types, endpoints, quotes, properties) and build its record."""
    path, line = where
    model = load_model()
    missing = {"type", "source", "target", "evidence"} - item.keys()
    if missing:
        raise KGError(f"fact lacks {', '.join(sorted(missing))}", path=path, line=line)
    require_text({**item, LINE: line}, ("type", "source", "target", "date_note", "status", "rule"), path)
    rel_type, source, target = item["type"], item["source"], item["target"]
    if rel_type not in model.relationships:
        raise KGError(f"unknown relationship type {rel_type!r}", path=path, line=line)
    for end in (source, target):
        if end not in types:
            raise KGError(f"{rel_type}: no entity {end!r} in the catalog", path=path, line=line)
    if (rel_type, types[source], types[target]) not in _allowed():
        raise KGError(
            f"{rel_type} cannot join {types[source]} {source!r} to {types[target]} {target!r}",
            path=path,
            line=line,
        )
    quotes = item["evidence"] if isinstance(item["evidence"], list) else [item["evidence"]]
    evidence = [_locate(q, doc_id, texts, doc_paths, path, line) for q in quotes]
    extra = _FACT_KEYS | ({"confidence", "rule"} if method == "rule" else set())
    props = {k: v for k, v in item.items() if k not in extra}
    try:
        props = model.validate_properties("relationship", rel_type, props)
    except ValueError as exc:
        raise KGError(str(exc), path=path, line=line) from None
    confidence = item.get("confidence", 1.0)
    if not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        raise KGError(f"confidence must be a number from 0 to 1, got {confidence!r}", path=path, line=line)
    return FactRecord(
        type=rel_type,
        source=source,
        target=target,
        evidence=evidence,
        properties=props,
        date=item.get("date"),
        date_note=item.get("date_note"),
        status=item.get("status"),
        method=method,
        confidence=float(confidence),
        where=f"{path}:{line}" if line else str(path),
    )


def _read_facts(
    folder: Path, types: dict[str, str], texts: dict[str, str], doc_paths: dict[str, Path]
) -> tuple[list[FactRecord], list[Named]]:
    facts: list[FactRecord] = []
    named: list[Named] = []
    # A missing or unreadable folder would otherwise read as "no facts" and empty the graph.
    if not folder.is_dir():
        raise KGError(
            "no facts folder (the curated facts are seeds/facts/*.yaml; nothing was built)", path=folder
        )
    try:
        with os.scandir(folder) as entries:
            next(entries, None)
    except OSError as exc:
        raise KGError(
            f"the facts folder cannot be read ({exc.strerror}); nothing was built", path=folder
        ) from None
    paths = sorted(folder.glob("*.yaml"))
    for path, data in zip(paths, read_yamls(paths), strict=True):
        doc_id = data.get("document") if isinstance(data, dict) else None
        if not isinstance(doc_id, str) or doc_id not in texts:
            raise KGError(f"'document' must name a seed document (got {doc_id!r})", path=path)
        unknown = set(data) - {"document", "facts", "mentions", LINE}
        if unknown:
            raise KGError(
                f"unknown key {sorted(unknown)[0]!r} (a facts file has document, facts, mentions)", path=path
            )
        for item in _yaml_list(path, "facts", data):  # parsed once above
            line = item.pop(LINE)
            facts.append(_fact_record(item, doc_id, types, texts, doc_paths, (path, line)))
        named += _checked_named(data.get("mentions"), doc_id, texts, types, path)
    return facts, named


def _checked_named(
    rows: Any, doc_id: str, texts: dict[str, str], types: dict[str, str], path: Path
) -> list[Named]:
    places = named_places(rows, doc_id, texts[doc_id], path)
    for place in places:
        if place.entity not in types:
            raise KGError(f"mention {place.text!r}: no entity {place.entity!r} in the catalog", path=path)
    return places


def _read_reviews(
    folder: Path, types: dict[str, str], texts: dict[str, str], doc_paths: dict[str, Path]
) -> tuple[list[Entity], list[FactRecord], list[Named], list[tuple[str, Evidence, list[str]]]]:
    """Unreviewed proposals: candidate entities, facts marked ``method: rule``, the places the
    documents name entities, and the sentences that state the candidates' figures."""
    candidates: list[Entity] = []
    facts: list[FactRecord] = []
    named: list[Named] = []
    sources: list[tuple[str, Evidence, list[str]]] = []
    if not folder.is_dir():
        return candidates, facts, named, sources
    types = dict(types)
    reviews = []
    # Every review's candidates first: a later ingest's review may use a candidate an earlier
    # one proposed, and files are read in name order, not in the order they were ingested.
    for path in sorted(folder.glob("*.yaml")):
        review = _own_keys(read_review(path), types)
        if review.document not in texts:
            raise KGError(f"'document' must name a seed document (got {review.document!r})", path=path)
        for row in review.candidates:
            line = row.pop(LINE, None)
            if row.get("key") in types:
                continue  # already known (accepted from another review, or in the catalog)
            entity, source = _candidate(row, review.document, texts, doc_paths, (path, line))
            candidates.append(entity)
            types[entity.id] = entity.type
            if source is not None:
                sources.append(source)
        reviews.append((path, review))
    for path, review in reviews:
        for row in review.facts:
            line = row.pop(LINE, None)
            facts.append(_fact_record(row, review.document, types, texts, doc_paths, (path, line), "rule"))
        named += _checked_named(review.mentions, review.document, texts, types, path)
    return candidates, facts, named, sources


def _own_keys(review: Review, types: dict[str, str]) -> Review:
    """A candidate whose key another file already gives to an entity of another type is a different
    thing ("Technology" the agency here, the company there): it gets a key of its own document."""
    clash = {c["key"]: f"{c['key']}-{review.path.stem}" for c in review.candidates
             if c.get("key") in types and types[c["key"]] != c.get("type")}  # fmt: skip
    if not clash:
        return review
    for row in review.candidates:
        row["key"] = clash.get(row["key"], row["key"])
    for fact in review.facts:
        fact["source"], fact["target"] = (
            clash.get(fact["source"], fact["source"]),
            clash.get(fact["target"], fact["target"]),
        )
    for mention in review.mentions:
        mention["entity"] = clash.get(mention["entity"], mention["entity"])
    return review


def candidate_names(row: dict[str, Any]) -> dict[str, Any]:
    """A review row's names as an entity's: a Chinese candidate is named in English once the analyst
    gives ``name_en``, its Chinese name kept as ``name_zh`` and its pinyin as an alias.

    >>> row = {"name": "准东电厂", "name_zh": "准东电厂", "pinyin": "Zhundong Dianchang", "name_en": ""}
    >>> candidate_names(row)
    {'name': '准东电厂', 'aliases': ['Zhundong Dianchang'], 'name_zh': '准东电厂'}
    """
    aliases = list(row.get("aliases") or [])
    if row.get("pinyin") and row["pinyin"] not in aliases:
        aliases.append(row["pinyin"])
    names: dict[str, Any] = {"name": row.get("name_en") or row.get("name"), "aliases": aliases}
    if row.get("name_zh"):
        names["name_zh"] = row["name_zh"]
    return names


def _candidate(
    row: dict[str, Any],
    doc_id: str,
    texts: dict[str, str],
    doc_paths: dict[str, Path],
    where: tuple[Path, int | None],
) -> tuple[Entity, tuple[str, Evidence, list[str]] | None]:
    """A candidate entity from a review row; a figure it states becomes its sourced ``value``."""
    path, line = where
    properties = row.get("properties") or {}
    if not isinstance(properties, dict):
        raise KGError("a candidate's 'properties' must be a mapping", path=path, line=line)
    properties = {k: v for k, v in properties.items() if k != LINE}
    try:
        entity = Entity(id=row.get("key"), type=row.get("type"), candidate=True, properties=properties,
                        **candidate_names(row))  # fmt: skip
    except ValidationError as exc:
        raise KGError(first_error(exc), path=path, line=line) from None
    if not properties:
        return entity, None
    evidence = _locate(row.get("quote"), doc_id, texts, doc_paths, path, line)
    return entity, (entity.id, evidence, sorted(entity.properties))
