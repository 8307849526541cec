"""The validated in-memory graph: documents, entities and sourced relationships.

Every store and exporter takes a :class:`KnowledgeGraph`; building one checks it
against the model (types, endpoints, properties, provenance).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from kg.model.declaration import DOCUMENT, IsoDate, load_model

__all__ = [
    "PROVENANCE_FIELDS",
    "Document",
    "Entity",
    "Evidence",
    "KnowledgeGraph",
    "Provenance",
    "Relationship",
    "bounded_key",
    "checked",
    "relationship_id",
]

KEY_LENGTH = 120  # the longest id a document, entity or candidate may have
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=KEY_LENGTH)]


def _declared(kind: str) -> AfterValidator:
    """A value the model lists under ``kind`` (``statuses``, ``methods``): declared once, in
    ``model.yaml``, so a status added there is valid everywhere."""

    def check(value: str) -> str:
        allowed: tuple[str, ...] = getattr(load_model(), kind)
        if value not in allowed:
            raise ValueError(f"Input should be {', '.join(map(repr, allowed[:-1]))} or {allowed[-1]!r}")
        return value

    return AfterValidator(check)


Status = Annotated[str, _declared("statuses")]
Method = Annotated[str, _declared("methods")]


def bounded_key(key: str) -> str:
    """``key`` if it is short enough for an id, else its start and a short hash of the whole (a
    name of any length, with its article's name after it, still makes one distinct id).

    >>> bounded_key("kunlun-large-model")
    'kunlun-large-model'
    >>> long = bounded_key("x" * 200)
    >>> len(long), long[-9:] == "-" + hashlib.sha256(b"x" * 200).hexdigest()[:8]
    (120, True)
    """
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{key[: KEY_LENGTH - len(digest) - 1].rstrip('-')}-{digest}"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Record):
    """A verbatim sentence and where it sits in its document (character offsets)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str
    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    # What this sentence gives for a value its sources disagree on ("date 2025-03-27"); set only
    # on a relationship whose provenance lists a conflict.
    says: str | None = None


class Provenance(_Record):
    """Where a relationship comes from and how sure we are of it."""

    evidence: list[Evidence] = Field(min_length=1)
    date: IsoDate | None = None
    date_note: str | None = None
    # The event whose date the fact takes (a fact about a dated meeting or launch whose own
    # sentences give no date): set by the build, so every reader sees one date.
    dated_by: str | None = None
    status: Status | None = None
    method: Method = "curated"
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    # The values documents disagree on (``date``, ``status``, a property); each evidence
    # sentence ``says`` its own. The fact's value is the first source's (curated first).
    conflict: list[str] = Field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        """Distinct documents behind this fact, in evidence order."""
        return list(dict.fromkeys(e.doc_id for e in self.evidence))


# A relationship's provenance besides its evidence, as columns and JSON keys: read from the record
# itself, so a new provenance field reaches the stores and exports without a second list.
PROVENANCE_FIELDS = tuple(f for f in Provenance.model_fields if f != "evidence")


class Document(_Record):
    """A source article and its metadata (its text stays in ``seeds/documents``)."""

    id: Slug
    title: str = Field(min_length=1)
    publisher: str | None = None
    author: str | None = None
    published: IsoDate | None = None
    date_basis: Literal["stated", "inferred", "unknown"] = "unknown"
    date_note: str | None = None
    language: str = "en"
    # Only web addresses: a "javascript:" or "file:" link in a map or notebook would run or open
    # something on the reader's machine.
    url: str | None = Field(default=None, pattern=r"^https?://[^\s<>\"']+$")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    path: str
    note: str | None = None


class Entity(_Record):
    """A node other than a document: stable id, canonical English name, aliases.

    >>> Entity(id="sasac", type="Agency", name="SASAC", properties={"established": 2003}).type
    'Agency'
    """

    id: Slug
    type: str
    name: str = Field(min_length=1)
    name_zh: str | None = None
    aliases: list[str] = Field(default_factory=list)
    description: str | None = None
    candidate: bool = False
    properties: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _check_type_and_properties(self) -> Entity:
        model = load_model()
        if self.type not in model.nodes or self.type == DOCUMENT:
            known = ", ".join(t for t in model.nodes if t != DOCUMENT)
            raise ValueError(f"unknown node type {self.type!r} (known: {known})")
        self.properties = model.validate_properties("node", self.type, self.properties)
        return self


class Relationship(_Record):
    """A typed, sourced edge between two nodes."""

    id: str
    type: str
    source: str
    target: str
    properties: dict[str, Any] = Field(default_factory=dict)
    provenance: Provenance

    @model_validator(mode="after")
    def _check_properties(self) -> Relationship:
        self.properties = load_model().validate_properties("relationship", self.type, self.properties)
        return self


M = TypeVar("M", bound=BaseModel)
# Per record class: its field names in order (one set of them shared by every record made by
# ``checked``), for each a function giving its default (a fresh list for each record) or None,
# and a plain class whose instances' attribute dictionaries share their keys (see ``checked``).
_FIELDS: dict[type[BaseModel], tuple[set[str], list[tuple[str, Any]], type]] = {}
_set = object.__setattr__


def checked(cls: type[M], **values: Any) -> M:
    """A record made of values already checked (by the model or by earlier records), without
    checking them again: equal to ``cls(**values)`` (tests compare them), several times faster,
    and smaller. A large graph has millions of relationships, evidence sentences and
    provenance records.

    What ``model_construct`` does, less its search for aliases and its look at each default
    factory's signature on every call (the most of its time): the records here have neither
    aliases, nor private attributes, nor a ``model_post_init``. Smaller: every record of a class
    shares one set of field names, and its values are held in a dictionary that shares its keys
    with the others' (Python's own for an object's attributes: a third of the size).

    >>> ev = checked(Evidence, doc_id="d", quote="It rose.", start=0, end=8)
    >>> ev == Evidence(doc_id="d", quote="It rose.", start=0, end=8)
    True
    """
    if cls not in _FIELDS:
        if (
            cls.__pydantic_post_init__
            or cls.__private_attributes__
            or cls.model_config.get("extra") != "forbid"
        ):
            raise TypeError(f"{cls.__name__} needs model_construct")
        fields: list[tuple[str, Any]] = []
        for name, spec in cls.model_fields.items():
            default = spec.default_factory or (lambda d=spec.default: d)
            fields.append((name, None if spec.is_required() else default))
        _FIELDS[cls] = set(cls.model_fields), fields, type(f"{cls.__name__}Values", (), {})
    names, fields, holder = _FIELDS[cls]
    values_of = holder()
    for name, make in fields:
        setattr(values_of, name, values[name] if name in values else make())
    record = cls.__new__(cls)
    _set(record, "__dict__", values_of.__dict__)
    _set(record, "__pydantic_fields_set__", names)
    _set(record, "__pydantic_extra__", None)
    _set(record, "__pydantic_private__", None)
    return record


def relationship_id(rel_type: str, source: str, target: str) -> str:
    """Stable id of the one relationship of a type between two nodes.

    >>> relationship_id("SUPERVISES", "sasac", "central-soes")
    'r-2cbbfa42654cb8b6'
    """
    digest = hashlib.sha256(f"{rel_type}|{source}|{target}".encode()).hexdigest()
    return f"r-{digest[:16]}"


class KnowledgeGraph(_Record):
    """Documents, entities and relationships, checked against each other and the model."""

    documents: list[Document] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    relationships: list[Relationship] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_references(self) -> KnowledgeGraph:
        return self.check_references()

    def check_references(self) -> KnowledgeGraph:
        """Raise ``ValueError`` unless ids are unique and every relationship joins existing
        nodes of the types the model allows, citing existing documents (run on validation)."""
        ids = Counter([d.id for d in self.documents] + [e.id for e in self.entities])
        dupes = sorted(i for i, n in ids.items() if n > 1)
        if dupes:
            raise ValueError(f"duplicate ids: {', '.join(dupes)}")
        types = self.node_types()
        model = load_model()
        allowed_triples = model.triples()
        for rel in self.relationships:
            for end in (rel.source, rel.target):
                if end not in types:
                    raise ValueError(f"{rel.type} {rel.source} -> {rel.target}: no node {end!r}")
            if (rel.type, types[rel.source], types[rel.target]) not in allowed_triples:
                allowed = ", ".join(f"{a}->{b}" for a, b in model.pairs(rel.type))
                raise ValueError(
                    f"{rel.type} cannot join {types[rel.source]} {rel.source!r} to "
                    f"{types[rel.target]} {rel.target!r} (allowed: {allowed})"
                )
            for ev in rel.provenance.evidence:
                if ev.doc_id not in ids:
                    raise ValueError(f"{rel.type} {rel.source} -> {rel.target}: no document {ev.doc_id!r}")
        return self

    def canonical(self) -> KnowledgeGraph:
        """The same graph with documents, entities and relationships sorted by id."""
        return KnowledgeGraph.model_construct(
            documents=sorted(self.documents, key=lambda d: d.id),
            entities=sorted(self.entities, key=lambda e: e.id),
            relationships=sorted(self.relationships, key=lambda r: r.id),
        )

    def node_types(self) -> dict[str, str]:
        """Map every node id (documents included) to its type."""
        out = {d.id: DOCUMENT for d in self.documents}
        out.update({e.id: e.type for e in self.entities})
        return out
