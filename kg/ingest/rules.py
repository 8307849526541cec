"""The extraction rules, read from ``kg/ingest/rules/*.yaml`` and checked once.

``names.yaml`` holds recognition rules (what a name is, descriptive phrases, figures,
dates), ``relations.yaml`` relation rules over word order, and ``dependencies.yaml`` relation
rules over a dependency parse (:mod:`kg.parser.patterns`), used when the parser runs.
Every rule is one record with an ``id``,
its ``confidence`` and ``examples``; see the comments at the top of each file. A malformed
file, a duplicate id, a type or relationship the model lacks, or a token pattern spaCy
rejects is one :class:`~kg.errors.KGError` naming the file and the rule.
``$SOEKG_RULES`` names another folder to read instead.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kg.errors import KGError
from kg.model import load_model
from kg.parser.patterns import DependencyRules, load_dependency_rules
from kg.seeds.yamlio import LINE, read_yaml, strip_lines

__all__ = [
    "Example", "KindRule", "NameRules", "PatternRule", "RelationRule", "Rules", "load_rules",
]  # fmt: skip

Token = dict[str, Any]
SPECIAL_LABELS = ("FIGURE", "DATE")  # what figure and date examples name instead of a node type


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Example(_Record):
    """A sentence and what the rule must find in it: names (text: type) or facts."""

    text: str = Field(min_length=1)
    names: dict[str, str] = Field(default_factory=dict)
    facts: list[str] = Field(default_factory=list)


class _Rule(_Record):
    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    confidence: float = Field(ge=0, le=1)
    examples: list[Example] = Field(min_length=1)


class KindRule(_Rule):
    """What a proper name is, from its last word or the nouns around it."""

    type: str
    heads: list[str] = Field(default_factory=list)
    nouns: list[str] = Field(default_factory=list)
    prefixes: list[str] = Field(default_factory=list)  # with suffixes: the kind of a name starting so
    suffixes: list[str] = Field(default_factory=list)  # ... or ending so ("... Corporation of China")
    # last words that name one only after a prefix ("China Yangtze Power")
    trades: list[str] = Field(default_factory=list)
    quoted: bool = False  # a name of this kind only where it holds a quoted name ("“智慧大坝”填筑技术")


class PatternRule(_Rule):
    """spaCy token patterns (a token with ``keep: false`` is context, not part of the name), or a
    regular expression over the characters (Chinese rules: words are not spaced), whose group
    ``name``, where it has one, is what was found."""

    type: str = ""
    patterns: list[list[Token]] = Field(default_factory=list)
    regex: str | None = None
    items: str | None = None  # a regular expression cutting the name into a list's items, each a name

    @model_validator(mode="after")
    def _one_kind(self) -> PatternRule:
        if bool(self.patterns) == bool(self.regex):
            raise ValueError("give either 'patterns' or 'regex'")
        if self.regex:
            try:
                re.compile(self.regex)
            except re.error as exc:
                raise ValueError(f"regex does not compile: {exc}") from None
        if self.items:
            try:
                re.compile(self.items)
            except re.error as exc:
                raise ValueError(f"items does not compile: {exc}") from None
        return self


class RelationRule(_Rule):
    """How sentences state relationships of ``types``; ``kind`` says which shape it reads."""

    kind: Literal[
        "verb",
        "with",
        "mutual",
        "unit",
        "member",
        "possessive",
        "role",
        "place",
        "frame",
        "sector",
        "goal",
        "figure",
        "named",
        "means",  # Chinese shapes (rules/zh/relations.yaml)
        "compose",
        "scenario",
        "concern",
    ]
    types: list[str] = Field(min_length=1)
    phrases: list[str] = Field(default_factory=list)
    nouns: list[str] = Field(default_factory=list)
    lists: list[str] = Field(default_factory=list)
    verbs: list[str] = Field(default_factory=list)
    goals: list[str] = Field(default_factory=list)
    hedges: list[str] = Field(default_factory=list)  # words that make a figure someone's estimate
    targets: dict[str, list[str]] = Field(default_factory=dict)
    object: str | None = None
    reverse: bool | list[str] = (
        False  # the name after the phrase is the source (or: these types run backwards)
    )

    @field_validator("phrases", "nouns", "lists", "verbs", "goals", "hedges")
    @classmethod
    def _lower(cls, words: list[str]) -> list[str]:
        return [" ".join(w.lower().split()) for w in words]


class NameRules(_Record):
    words: dict[str, list[str]]
    kinds: list[KindRule]
    phrases: list[PatternRule]
    figures: list[PatternRule]
    dates: list[PatternRule]


class Rules(BaseModel):
    """All rules, checked against the model."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    names: NameRules
    relations: list[RelationRule]
    dependencies: DependencyRules = DependencyRules()

    def words(self, name: str) -> list[str]:
        """A named word list of ``names.yaml``.

        >>> "march" in load_rules().words("months")
        True
        """
        return self.names.words[name]


def _substitute(value: Any, words: dict[str, list[str]], where: str) -> Any:
    """Replace ``"$name"`` by the word list ``name``."""
    if isinstance(value, str) and re.fullmatch(r"\$[a-z_]+", value):
        if value[1:] not in words:
            raise ValueError(f"{where}: no word list {value[1:]!r} under 'words'")
        return words[value[1:]]
    if isinstance(value, dict):
        return {k: _substitute(v, words, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, words, where) for v in value]
    return value


def _rule_line(raw: Any, section: str, index: int) -> tuple[str, int | None]:
    try:
        item = raw[section][index]
        return str(item.get("id")), item.get(LINE)
    except (KeyError, IndexError, TypeError, AttributeError):
        return "?", None


def _check_patterns(rules: list[PatternRule], where: Path) -> None:
    """Each pattern as spaCy would take it (``keep`` removed); spaCy's own check."""
    import spacy
    from spacy.matcher import Matcher

    matcher = Matcher(spacy.blank("en").vocab, validate=True)
    for rule in (r for r in rules if r.patterns):
        try:
            matcher.add(
                rule.id, [[{k: v for k, v in t.items() if k != "keep"} for t in p] for p in rule.patterns]
            )
        except (ValueError, TypeError) as exc:
            first = str(exc).strip().splitlines()
            raise KGError(
                f"rule {rule.id!r}: pattern spaCy rejects: {' '.join(first)[:200]}", path=where
            ) from None


def _check_model(rules: Rules, folder: Path) -> None:
    model = load_model()
    node_types = set(model.nodes) - {"Document"}
    ids: set[str] = set()
    names = folder / "names.yaml"
    typed: list[KindRule | PatternRule] = [*rules.names.kinds, *rules.names.phrases]
    for name_rule in [*typed, *rules.names.figures, *rules.names.dates]:
        _unique(name_rule.id, ids, names)
        for example in name_rule.examples:
            bad = [t for t in example.names.values() if t not in node_types and t not in SPECIAL_LABELS]
            if bad or not example.names:
                problem = f"unknown type {bad[0]!r}" if bad else "no names to find"
                raise KGError(f"rule {name_rule.id!r}: example {problem}", path=names)
    for typed_rule in typed:
        if typed_rule.type not in node_types:
            raise KGError(
                f"rule {typed_rule.id!r}: no node type {typed_rule.type!r} in the model", path=names
            )
    relations = folder / "relations.yaml"
    for rule in rules.relations:
        _unique(rule.id, ids, relations)
        for rel in [*rule.types, *(t for ts in rule.targets.values() for t in ts)]:
            if rel not in model.relationships:
                raise KGError(f"rule {rule.id!r}: no relationship type {rel!r} in the model", path=relations)
        for node in [*rule.targets, *([rule.object] if rule.object else [])]:
            if node not in node_types:
                raise KGError(f"rule {rule.id!r}: no node type {node!r} in the model", path=relations)
    for dependency in rules.dependencies.rules:  # one namespace: a fact names the rule that proposed it
        _unique(dependency.id, ids, folder / "dependencies.yaml")


def _unique(rule_id: str, ids: set[str], where: Path) -> None:
    if rule_id in ids:
        raise KGError(f"duplicate rule id {rule_id!r}", path=where)
    ids.add(rule_id)


@cache
def _load(folder: str) -> Rules:
    root = Path(folder)
    raw_names, raw_relations = read_yaml(root / "names.yaml"), read_yaml(root / "relations.yaml")
    expected = {
        "names.yaml": {"words", "kinds", "phrases", "figures", "dates"},
        "relations.yaml": {"relations"},
    }
    for path, raw in ((root / "names.yaml", raw_names), (root / "relations.yaml", raw_relations)):
        keys = expected[path.name]
        if not isinstance(raw, dict) or set(raw) - {LINE} != keys:
            raise KGError(f"expected a mapping of {', '.join(sorted(keys))}", path=path)
    words = strip_lines(raw_names["words"])
    try:
        data = _substitute(strip_lines(raw_names), words if isinstance(words, dict) else {}, "names.yaml")
        names = NameRules.model_validate(data)
    except (ValidationError, ValueError) as exc:
        raise _rule_error(exc, raw_names, root / "names.yaml") from None
    relations = []
    if not isinstance(raw_relations["relations"], list):
        raise KGError("'relations' must be a list of rules", path=root / "relations.yaml")
    for index, raw in enumerate(strip_lines(raw_relations["relations"])):
        try:
            relations.append(RelationRule.model_validate(raw))
        except ValidationError as exc:
            err = exc.errors()[0]
            rule_id, line = _rule_line(raw_relations, "relations", index)
            where = ".".join(map(str, err["loc"])) or "record"
            raise KGError(
                f"rule {rule_id!r}: {where}: {err['msg']}", path=root / "relations.yaml", line=line
            ) from None
    # A folder without dependency rules (the Chinese rules, for now) has none: the parser path
    # then reads only what the surface rules and the parse agree on.
    deps = root / "dependencies.yaml"
    dependencies = load_dependency_rules(deps) if deps.exists() else DependencyRules()
    rules = Rules(names=names, relations=relations, dependencies=dependencies)
    _check_model(rules, root)
    _check_patterns([*names.phrases, *names.figures, *names.dates], root / "names.yaml")
    return rules


def _rule_error(exc: Exception, raw: Any, path: Path, section: str | None = None) -> KGError:
    if not isinstance(exc, ValidationError):
        return KGError(str(exc), path=path)
    err = exc.errors()[0]
    loc = [section, *err["loc"]] if section else list(err["loc"])
    line = None
    if len(loc) >= 2 and isinstance(loc[1], int):
        rule_id, line = _rule_line(raw, str(loc[0]), loc[1])
        what = f"rule {rule_id!r}: {'.'.join(map(str, loc[2:])) or 'record'}"
    else:
        what = ".".join(map(str, loc))
    return KGError(f"{what}: {err['msg']}", path=path, line=line)


def load_rules(folder: Path | None = None, language: str = "en") -> Rules:
    """Read and check the rules (``$SOEKG_RULES`` or the packaged ones); cached. Chinese rules
    (``language="zh"``) are the ``zh/`` folder beside them (the packaged ones where
    ``$SOEKG_RULES`` has none).

    >>> rules = load_rules()
    >>> next(r for r in rules.relations if r.id == "partner").types
    ['PARTNERS_WITH']
    >>> next(r for r in load_rules(language="zh").relations if r.id == "zh-partner").types
    ['PARTNERS_WITH']
    """
    packaged = Path(str(resources.files("kg.ingest").joinpath("rules")))
    if folder is None:
        env = os.environ.get("SOEKG_RULES")
        folder = Path(env) if env else packaged
        if language == "zh":
            folder = folder / "zh" if (folder / "zh").is_dir() else packaged / "zh"
    return _load(str(folder))
