"""The graph model: node and relationship types, read once from ``model.yaml``.

Validation (this module), the database schema (``kg.model.schema``) and the map styling
(``kg.export.html``) all read the :class:`GraphModel` returned by :func:`load_model`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    ValidationError,
    create_model,
    model_validator,
)

from kg.model.quantity import Quantity

__all__ = [
    "DOCUMENT",
    "MENTIONS",
    "ORGANISATIONS",
    "GraphModel",
    "NodeType",
    "PropertySpec",
    "RelType",
    "compatible",
    "load_model",
]

ANY = "*"

PropertyType = Literal[
    "string", "text", "integer", "float", "boolean", "date",
    "string_list", "integer_list", "quantity", "quantity_list",
]  # fmt: skip

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _iso_date(value: Any) -> Any:
    """Accept 2025, "2025-08" or "2026-02-10" (YAML may hand over an int or a date)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        if not _DATE.match(value):
            raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
        parts = [int(p) for p in value.split("-")] + [1, 1]
        dt.date(parts[0], parts[1], parts[2])  # rejects month 13, day 32
    return value


IsoDate = Annotated[str, BeforeValidator(_iso_date)]

_PYTHON_TYPES: dict[str, Any] = {
    "string": str,
    "text": str,
    "integer": StrictInt,
    "float": float,
    "boolean": StrictBool,
    "date": IsoDate,
    "string_list": list[str],
    "integer_list": list[StrictInt],
    "quantity": Quantity,
    "quantity_list": list[Quantity],
}


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class PropertySpec(_Spec):
    """One property: its type, meaning, whether it needs a source sentence, allowed units."""

    type: PropertyType
    description: str = ""
    sourced: bool = False
    units: tuple[str, ...] | None = None
    brief: str | None = None  # how a brief's sentence gives it: "on {}" ("... on industrial AI")


class Style(_Spec):
    """How a node or relationship type is drawn on the map (a dotted line always means unreviewed)."""

    color: str
    shape: str = "dot"
    hidden: bool = False


class NodeType(_Spec):
    """A node type (one label in Neo4j, one node table in LadybugDB)."""

    description: str
    style: Style
    properties: dict[str, PropertySpec] = Field(default_factory=dict)


class Endpoints(_Spec):
    from_: tuple[str, ...] = Field(alias="from")
    to: tuple[str, ...]


class RelType(_Spec):
    """A relationship type with the node types it may join."""

    description: str
    # The verb of a brief's sentence, in one form (third person singular; the brief makes it agree
    # with a plural subject): "SASAC *supervises* CNPC"; "{}" places the other end inside it.
    says: str = ""
    endpoints: tuple[Endpoints, ...]
    style: Style
    properties: dict[str, PropertySpec] = Field(default_factory=dict)


class BriefSections(_Spec):
    """How ``soekg brief`` groups an entity's facts: a relationship type's section where it
    names one, otherwise the section of the entity at the other end."""

    sections: tuple[str, ...]
    by_relationship: dict[str, str]
    by_node: dict[str, str]
    proper_names: tuple[str, ...] = ()  # node types named by proper names; the others' are descriptive
    bare_names: tuple[str, ...] = ()  # node types named without an article ("applies to energy")

    def section(self, rel_type: str, other_type: str) -> str:
        """The section a fact goes under.

        >>> brief = load_model().brief
        >>> brief.section("PARTNERS_WITH", "SOE"), brief.section("IMPLEMENTS", "SOE")
        ('Partners', 'Organisations involved')
        """
        return self.by_relationship.get(rel_type) or self.by_node[other_type]


class GraphModel(_Spec):
    """The whole model; build it with :func:`load_model`.

    >>> m = load_model()
    >>> m.allows("SUPERVISES", "Agency", "SOE"), m.allows("SUPERVISES", "SOE", "Agency")
    (True, False)
    """

    version: int
    node_properties: dict[str, PropertySpec]
    relationship_properties: dict[str, PropertySpec]
    document: str
    mentions: str
    families: dict[str, tuple[str, ...]] = {}
    statuses: tuple[str, ...]
    methods: tuple[str, ...]
    nodes: dict[str, NodeType]
    relationships: dict[str, RelType]
    brief: BriefSections
    # Validators and endpoint sets derived from the declaration, built on first use.
    _derived: dict[tuple[str, str], Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _endpoints_are_node_types(self) -> GraphModel:
        for name, rel in self.relationships.items():
            for group in rel.endpoints:
                for end in (*group.from_, *group.to):
                    if end != ANY and end not in self.nodes:
                        raise ValueError(f"relationship {name} names unknown node type {end!r}")
        sections = set(self.brief.sections)
        for kind, table, names in (("relationship", self.brief.by_relationship, self.relationships),
                                   ("node", self.brief.by_node, self.nodes)):  # fmt: skip
            for key, section in table.items():
                if key not in names or section not in sections:
                    raise ValueError(f"brief: {kind} {key!r} or its section {section!r} is not declared")
        for family, members in self.families.items():
            if unknown := [t for t in members if t not in self.nodes]:
                raise ValueError(f"family {family} names unknown node type {unknown[0]!r}")
        if self.document not in self.nodes or self.mentions not in self.relationships:
            raise ValueError(
                f"document {self.document!r} must be a node type, mentions {self.mentions!r} a relationship"
            )
        missing = set(self.nodes) - set(self.brief.by_node) - {self.document}
        if missing:
            raise ValueError(f"brief: no section for node types {', '.join(sorted(missing))}")
        return self

    def pairs(self, rel_type: str) -> list[tuple[str, str]]:
        """Every (from, to) pair of node types a relationship type may join, in model order."""
        out: list[tuple[str, str]] = []
        for group in self.relationships[rel_type].endpoints:
            for a in self._expand(group.from_):
                for b in self._expand(group.to):
                    if (a, b) not in out:
                        out.append((a, b))
        return out

    def compatible(self, label: str, entity_type: str) -> bool:
        """Whether a name read as ``label`` may name an entity of ``entity_type``: the same type
        or two of one family (``families:`` in the model).

        >>> load_model().compatible("Company", "SOE"), load_model().compatible("Company", "Platform")
        (True, False)
        """
        return label == entity_type or any(
            label in members and entity_type in members for members in self.families.values()
        )

    def allows(self, rel_type: str, source_type: str, target_type: str) -> bool:
        """True when ``rel_type`` may go from ``source_type`` to ``target_type``."""
        return rel_type in self.relationships and (source_type, target_type) in self._pair_set(rel_type)

    def triples(self) -> frozenset[tuple[str, str, str]]:
        """Every allowed (relationship type, from type, to type): for checks in a loop.

        >>> ("SUPERVISES", "Agency", "SOE") in load_model().triples()
        True
        """
        key = ("triples", "")
        if key not in self._derived:
            self._derived[key] = frozenset((r, a, b) for r in self.relationships for a, b in self.pairs(r))
        return self._derived[key]  # type: ignore[no-any-return]

    def node_property_specs(self, node_type: str) -> dict[str, PropertySpec]:
        """All properties of a node type: the shared ones, then its own."""
        return {**self.node_properties, **self.nodes[node_type].properties}

    def rel_property_specs(self, rel_type: str) -> dict[str, PropertySpec]:
        """All properties of a relationship type: provenance, then its own."""
        return {**self.relationship_properties, **self.relationships[rel_type].properties}

    def validate_properties(self, kind: str, type_name: str, values: dict[str, Any]) -> dict[str, Any]:
        """Check a node's or relationship's own properties; return them normalised.

        Raises ``ValueError`` with one line naming the property and the problem.

        >>> load_model().validate_properties("node", "AIModel", {"parameters": "300 billion parameters"})
        {'parameters': {'value': 300000000000.0, 'unit': 'parameters', 'qualifier': 'exact'}}
        """
        table = self.nodes if kind == "node" else self.relationships
        if type_name not in table:
            raise ValueError(f"unknown {kind} type {type_name!r}")
        if not values:
            return {}  # every property is optional: nothing to check (and no validator to build)
        specs = table[type_name].properties
        validator = self._validator(kind, type_name)
        try:
            checked = validator.model_validate(values)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or type_name
            if err["type"] == "extra_forbidden":
                known = ", ".join(specs) or "none"
                raise ValueError(f"{type_name} has no property {where!r} (its properties: {known})") from None
            raise ValueError(f"{type_name}.{where}: {err['msg']}") from None
        out = checked.model_dump(exclude_none=True)
        for name, value in out.items():
            units = specs[name].units
            for q in value if isinstance(value, list) else [value]:
                if units and isinstance(q, dict) and q["unit"] not in units:
                    raise ValueError(f"{type_name}.{name}: unit {q['unit']!r} is not one of {list(units)}")
        return out

    def _expand(self, names: tuple[str, ...]) -> list[str]:
        if ANY in names:
            return [n for n in self.nodes if n != self.document]
        return list(names)

    def _pair_set(self, rel_type: str) -> frozenset[tuple[str, str]]:
        key = ("pairs", rel_type)
        if key not in self._derived:
            self._derived[key] = frozenset(self.pairs(rel_type))
        return self._derived[key]  # type: ignore[no-any-return]

    def _validator(self, kind: str, type_name: str) -> type[BaseModel]:
        """A pydantic model for one type's own properties, derived from the spec once."""
        key = (kind, type_name)
        if key not in self._derived:
            table = self.nodes if kind == "node" else self.relationships
            fields: dict[str, Any] = {
                name: (_PYTHON_TYPES[spec.type] | None, None)
                for name, spec in table[type_name].properties.items()
            }
            self._derived[key] = create_model(
                f"{type_name}Properties", __config__=ConfigDict(extra="forbid"), **fields
            )
        return self._derived[key]  # type: ignore[no-any-return]


@cache
def load_model() -> GraphModel:
    """Read the packaged model declaration (``kg/model.yaml``).

    >>> sorted(load_model().nodes)[:3]
    ['AIModel', 'Agency', 'Company']
    """
    text = resources.files("kg").joinpath("model.yaml").read_text(encoding="utf-8")
    # LibYAML's parser where PyYAML has it: the model is read at every start of the command.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return GraphModel.model_validate(yaml.load(text, Loader=loader))  # noqa: S506 - a safe loader


# The roles' type names, as the packaged model declares them (used in comparisons everywhere).
DOCUMENT = load_model().document
MENTIONS = load_model().mentions
ORGANISATIONS = frozenset(load_model().families.get("organisations", ()))


def compatible(label: str, entity_type: str) -> bool:
    """:meth:`GraphModel.compatible` in the packaged model (:func:`load_model` reads it once).

    >>> compatible("Platform", "AIModel"), compatible("Policy", "SOE")
    (True, False)
    """
    return load_model().compatible(label, entity_type)
