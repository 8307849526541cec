"""``soekg ingest``: new articles into ``seeds/`` with proposed facts; ``--accept`` curates them.

Each article becomes ``documents/NAME.txt`` (its main text) and ``NAME.meta.yaml``,
and its proposals go to ``review/NAME.yaml``. Ingesting the same text again does
nothing; a changed text replaces that document's proposals and nothing else.
Files are handled one by one, so one bad file does not stop the others.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from kg.common.atomic import JOURNAL, sweep_folder, write_files
from kg.common.progress import Progress, silent
from kg.errors import KGError, first_error
from kg.ingest.dates import normalise_date
from kg.ingest.paths import RelationPath, choose_path
from kg.ingest.reader import find_articles, read_article
from kg.ingest.review import review_data
from kg.ingest.rules import load_rules
from kg.ingest.zh.script import language_of
from kg.model.records import Document, Entity
from kg.seeds.load import candidate_names, load_seeds
from kg.seeds.review_files import REVIEW_DIR, fuzzy_matches, read_review, record_path, review_text
from kg.seeds.yamlio import dump_yaml, read_text

if TYPE_CHECKING:
    from kg.ingest.extract import Extractor

__all__ = ["IngestReport", "accept", "ingest"]


@dataclass
class IngestReport:
    """What an ingest did, file by file."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    reviews: list[Path] = field(default_factory=list)
    facts_proposed: int = 0
    notes: list[str] = field(default_factory=list)  # how a file was read, where the reader should know
    fuzzy: list[str] = field(default_factory=list)  # names merged by spelling alone, to check first
    path: RelationPath | None = None  # how relations were read (None: no article needed reading)


def _published(value: Any, path: Path) -> str | None:
    if value in (None, ""):
        return None
    iso, _ = normalise_date(str(value), None)
    if iso is None:
        raise KGError(f"date {value!r} does not parse (use YYYY-MM-DD, YYYY-MM or YYYY)", path=path)
    return iso


def document_stem(path: Path) -> str:
    """The id-safe stem a document's id, review and facts files are named by.

    Every word of the file name is kept (two files differing by "Corp" or "the" are two documents);
    a name with no ASCII letters or digits gets a short hash of itself.

    >>> document_stem(Path("news/The CNPC Corp.md")), document_stem(Path("新闻.md"))
    ('the-cnpc-corp', 'article-d39567b2b9f1')
    """
    stem = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKC", path.stem).lower()).strip("-")[:60]
    return stem or "article-" + hashlib.sha256(path.stem.encode("utf-8")).hexdigest()[:12]


def _free_stem(stem: str, path: Path, used: dict[str, Path], known_ids: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``… when another file of this run already has it: two
    articles named alike (a/report.txt, b/report.txt) are two documents. A file ingested again
    under its earlier name keeps its stem, and replaces its earlier text.

    >>> _free_stem("report", Path("b/report.txt"), {"report": Path("a/report.txt")}, {"doc-report-2"})
    'report-3'
    """
    if stem not in used or used[stem] == path:
        return stem
    n = 2
    while f"{stem}-{n}" in used or f"doc-{stem}-{n}" in known_ids:
        n += 1
    return f"{stem}-{n}"


def _title(meta: dict[str, Any], text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "untitled")
    return str(meta.get("title") or first)[:300]


def ingest(
    paths: list[Path],
    root: Path,
    overrides: dict[str, Any] | None = None,
    relations: str = "auto",
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest article files and folders into the seeds folder ``root``.

    ``overrides`` (title, publisher, author, date, url, language) win over front matter.
    ``relations`` (auto, parser, surface) says how relations are read (:mod:`kg.ingest.paths`);
    ``progress`` hears each article as it is read.
    """
    report = IngestReport()
    load_rules()  # a broken rule file is one error, before any article is read
    load_rules(language="zh")
    current = load_seeds(root)
    by_hash = {d.sha256: d.id for d in current.graph.documents}
    known_ids = {d.id for d in current.graph.documents}
    extractors: dict[str, Extractor] = {}
    # Articles resolve against curated entities only, never against another review's candidates:
    # then one run, two batches, or a run killed and rerun propose the same (a name a pending
    # review also has becomes a candidate of the same key, one entity once built).
    curated = [e for e in current.graph.entities if not e.candidate]
    used: dict[str, Path] = {}  # stems given out in this run, and to which file
    for folder in (root / "documents", root / REVIEW_DIR):
        sweep_folder(folder)  # once, not once per file written: each sweep reads the folder
    files: list[Path] = []
    for path in paths:
        try:
            files += find_articles([path], report.failed)
        except KGError as exc:
            report.failed.append(str(exc))
    if files:
        report.path = choose_path(relations)  # said once; "parser" without one stops here
    tell = progress or silent
    for number, path in enumerate(files):
        tell(f"reading {path.name}", number, len(files))
        try:
            article = read_article(path)
            meta = {**article.meta, **{k: v for k, v in (overrides or {}).items() if v is not None}}
            data = article.text.encode("utf-8")
            digest = hashlib.sha256(data).hexdigest()
            if digest in by_hash:
                report.unchanged.append(f"{path}: unchanged (same text as {by_hash[digest]})")
                continue
            stem = _free_stem(document_stem(path), path, used, known_ids)
            used[stem] = path
            doc_id = f"doc-{stem}"
            published = _published(meta.get("date"), path)
            facts_file = root / "facts" / f"{stem}.yaml"
            if facts_file.exists():
                _check_curated_quotes(facts_file, article.text, path)
            language, note = language_of(meta.get("language"), article.text)
            if note:
                report.notes.append(f"{path}: {note}")
            if language not in extractors:
                tell("preparing the extraction rules", number, len(files))
            extractor = extractors.get(language) or extractors.setdefault(
                language, _extractor(language, curated, report)
            )
            tell(f"reading {path.name}", number, len(files))
            # The parser reads English; a Chinese article keeps its own rules
            parsed = report.path.parse(article.text, str(path)) if report.path and language != "zh" else None
            extraction = extractor.extract(article.text, published, scope=stem, parsed=parsed)
            doc_meta = {
                "id": doc_id,
                "title": _title(meta, article.text),
                "publisher": meta.get("publisher"),
                "author": meta.get("author"),
                "published": published,
                "date_basis": "stated" if published else "unknown",
                "language": language,
                "url": meta.get("url"),
                "sha256": digest,
                "note": f"ingested from {path.name}",
            }
            try:  # the metadata as the seeds will hold it, checked before anything is written
                Document.model_validate({**doc_meta, "path": f"{stem}.txt"})
            except ValidationError as exc:
                raise KGError(first_error(exc), path=path) from None
            review_path = root / REVIEW_DIR / f"{stem}.yaml"
            review_path.parent.mkdir(parents=True, exist_ok=True)
            (root / "documents").mkdir(parents=True, exist_ok=True)
            review = review_data(doc_id, extraction)
            meta_text = dump_yaml(doc_meta)
            write_files(
                {
                    root / "documents" / f"{stem}.txt": article.text,
                    root / "documents" / f"{stem}.meta.yaml": meta_text,
                    review_path: review_text(review_path, review, str(path)),
                },
                swept=True,
                journal=root / JOURNAL,  # the three appear together, even after a kill
            )
            (report.replaced if doc_id in known_ids else report.added).append(f"{path} -> {doc_id}")
            known_ids.add(doc_id)
            by_hash[digest] = doc_id
            report.reviews.append(review_path)
            report.facts_proposed += len(review["facts"])
            report.fuzzy += [f"{review_path.name}: {line}" for line in fuzzy_matches(review)]
        except KGError as exc:
            report.failed.append(str(exc))
    tell("articles read", len(files), len(files))
    return report


def _extractor(language: str, entities: list[Entity], report: IngestReport) -> Extractor:
    """The extractor for ``language``: Chinese articles are read by the Chinese rules."""
    from kg.ingest.extract import Extractor

    if language != "zh":
        return Extractor(entities)
    from kg.ingest.zh.extract import ChineseExtractor
    from kg.ingest.zh.script import simplified

    chinese = ChineseExtractor(entities)
    for note in (chinese.note, simplified("")[1]):
        if note:
            report.notes.append(note)
    return chinese


def _check_curated_quotes(facts_file: Path, text: str, path: Path) -> None:
    """A changed article must still hold every sentence its curated facts quote."""
    data = yaml.safe_load(read_text(facts_file)) or {}
    for fact in data.get("facts") or []:
        quotes = fact.get("evidence")
        for quote in quotes if isinstance(quotes, list) else [quotes]:
            if quote not in text:
                raise KGError(
                    f"changed text drops a sentence that {facts_file.name} quotes; edit that file first",
                    path=path,
                )


def _appended(path: Path, items: list[dict[str, Any]], header: str, text: str | None = None) -> str:
    """The text of the catalog file ``path`` (or its pending ``text``) with ``items`` appended
    (the header if it is new)."""
    body = dump_yaml(items, width=1_000_000)
    if text is not None or path.exists():
        old = text if text is not None else read_text(path)
        return old + ("" if old.endswith("\n") else "\n") + body
    return header + body


def _facts_file(
    path: Path, document: str, facts: list[dict[str, Any]], mentions: list[dict[str, Any]]
) -> str:
    """The facts file ``path`` with ``facts`` and ``mentions`` added to what it holds."""
    data: dict[str, Any] = {"document": document, "facts": [], "mentions": []}
    if path.exists():
        old = yaml.safe_load(read_text(path)) or {}
        data["facts"] = list(old.get("facts") or [])
        data["mentions"] = list(old.get("mentions") or [])
    data["facts"] += facts
    data["mentions"] += mentions
    if not data["mentions"]:
        del data["mentions"]
    return dump_yaml(data, width=1_000_000)


def _check_in_copy(root: Path, changes: dict[Path, str], review: Path | None) -> None:
    """Load the seeds as they would be after ``changes``, without touching ``root``."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "seeds"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("review"))
        for path, text in changes.items():
            (copy / path.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
            (copy / path.relative_to(root)).write_text(text, encoding="utf-8")
        try:
            load_seeds(copy)
        except KGError as exc:
            # Name the files the analyst edits, not the scratch copy.
            what = f" (accepting {review.name})" if review else " (accepting these reviews together)"
            raise KGError(str(exc).replace(str(copy), str(root)) + what) from None


def _catalog_entry(candidate: dict[str, Any], document: str) -> dict[str, Any]:
    """A reviewed candidate as a catalog entry; a figure it states keeps its source sentence."""
    names = {k: v for k, v in candidate_names(candidate).items() if v}
    entry = {"id": candidate["key"], "type": candidate["type"], **names}
    properties = {k: v for k, v in (candidate.get("properties") or {}).items() if k != "__line__"}
    if properties:
        entry.update(properties)
        entry["sources"] = [{"doc": document, "quote": candidate["quote"], "supports": sorted(properties)}]
    return entry


def accept(root: Path, reviews: list[Path], progress: Progress | None = None) -> list[str]:
    """Promote review files to curated catalog entries and facts; return what was done.

    The seeds as they would become with every review accepted are loaded and checked in a
    scratch copy first; only then are the catalog and fact files replaced and the reviews
    removed, in one journalled commit (:mod:`kg.common.atomic`). A problem in one review accepts
    none and names it; a kill half-way is finished by the next command. ``progress`` hears
    each step.
    """
    tell = progress or silent
    review_dir = (root / REVIEW_DIR).resolve()
    for review_path in reviews:
        if review_path.resolve().parent != review_dir:  # accepting removes the file: never a curated one
            raise KGError(
                f"only a review file in {root / REVIEW_DIR} can be accepted, and this is not one "
                "(curated files are changed by editing them)",
                path=review_path,
            )
    read = {path: read_review(path) for path in reviews}  # a bad review stops us before the seeds load
    known = {e.id for e in load_seeds(root).graph.entities if not e.candidate}
    changes: dict[Path, str] = {}
    steps: list[tuple[Path, dict[Path, str]]] = []  # each review and the files as it leaves them
    done: list[str] = []
    for number, (review_path, review) in enumerate(read.items()):
        tell(f"accepting {review_path.name}", number, len(read))
        catalog = root / "catalog" / "ingested.yaml"
        facts = root / "facts" / f"{review_path.stem}.yaml"
        entities = [_catalog_entry(c, review.document) for c in review.candidates if c["key"] not in known]
        known.update(e["id"] for e in entities)
        rows = [
            {k: v for k, v in f.items() if k not in ("confidence", "rule", "__line__")} for f in review.facts
        ]
        mentions = [{k: m[k] for k in ("entity", "text", "at")} for m in review.mentions]
        if entities:
            header = "# Entities accepted from reviewed ingests.\n"
            changes[catalog] = _appended(catalog, entities, header, changes.get(catalog))
        if rows or mentions:
            changes[facts] = _facts_file(facts, review.document, rows, mentions)
        kept = record_path(root, review_path.stem, set(changes))  # the decisions, for soekg eval --reviews
        changes[kept] = read_text(review_path)
        steps.append((review_path, dict(changes)))
        known_already = len(review.candidates) - len(entities)  # accepted, but already in the graph
        entity_note = f"{len(review.candidates)} entities accepted ({len(entities)} new to the catalog"
        entity_note += f", {known_already} already known)" if known_already else ")"
        done.append(
            f"{review_path}: {entity_note}, {len(rows)} facts and {len(mentions)} mentions curated; "
            f"the decisions kept in {kept}"
        )
    tell("checking the seeds with the reviews accepted", len(read), len(read))
    try:
        _check_in_copy(root, changes, steps[-1][0] if len(steps) == 1 else None)
    except KGError:
        if len(steps) == 1:
            raise
        for review_path, partial in steps:  # which review makes them fail: the first that does
            _check_in_copy(root, partial, review_path)
        raise
    write_files(changes, journal=root / JOURNAL, remove=tuple(r for r, _ in steps))
    return done
