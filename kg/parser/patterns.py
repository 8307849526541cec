"""Dependency rules: records over a parse, read from a YAML file and checked once.

A file holds named ``lemmas`` lists and ``rules``. Each rule names the words that state a
relationship (``lemmas``: a list, or ``$name`` of a list), the paths from that word to the
relationship's source and target (``source``, ``target``: dependency labels of Universal
Dependencies, steps joined by ``>``, ``^`` for an edge read upwards, ``:*`` for any subtype),
optionally the node types each end may have, the relationship types it proposes (the first the
model allows between the two wins), a confidence, and examples. A path starting with ``nsubj``
or ``obj`` means the logical subject or object: the agent and the patient of a passive ("M was
developed by X", "M, developed by X") fill them as "X developed M" does. Labels, lemma lists,
node and relationship types are checked: an unknown one is one :class:`~kg.errors.KGError`
naming the file, its line and the rule. Nothing here is specific to a language.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kg.errors import KGError
from kg.model import load_model
from kg.seeds.yamlio import LINE, read_yaml, strip_lines

__all__ = ["DependencyExample", "DependencyRule", "DependencyRules", "check_label", "load_dependency_rules"]

# Universal Dependencies v2 relations, and `ref` of the enhanced graphs.
LABELS = {
    "acl", "advcl", "advmod", "amod", "appos", "aux", "case", "cc", "ccomp", "clf", "compound", "conj",
    "cop", "csubj", "dep", "det", "discourse", "dislocated", "expl", "fixed", "flat", "goeswith", "iobj",
    "list", "mark", "nmod", "nsubj", "nummod", "obj", "obl", "orphan", "parataxis", "punct", "reparandum",
    "root", "vocative", "xcomp", "ref",
}  # fmt: skip
# Subtypes of the language-specific kind; nmod, obl, acl, advcl and conj also take a word
# (the preposition or conjunction, as enhanced graphs write it: obl:into, nmod:such_as).
SUBTYPES = {"pass", "xsubj", "poss", "tmod", "npmod", "relcl", "prt", "agent", "preconj", "predet",
            "outer", "lvc", "redup", "svc", "vv", "ba", "asp", "ext", "prep"}  # fmt: skip
UPOS = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
        "PUNCT", "SCONJ", "SYM", "VERB", "X"}  # fmt: skip
_WORD_SUBTYPE = {"nmod", "obl", "acl", "advcl", "conj"}
_STEP = re.compile(r"^(\^)?([a-z]+)(?::([a-z_]+|\*))?$")


class DependencyExample(BaseModel):
    """A sentence, the facts a rule must propose from it, and facts it must not."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    facts: list[str] = Field(default_factory=list)
    absent: list[str] = Field(default_factory=list)


class DependencyRule(BaseModel):
    """One relationship stated by a word and the grammatical roles around it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    lemmas: list[str] = Field(min_length=1)
    pos: list[str] = Field(default_factory=list)  # universal parts of speech the word may have
    source: list[str] = Field(min_length=1)
    target: list[str] = Field(default_factory=list)
    via: list[str] = Field(default_factory=list)  # lemmas the first step of a longer path reaches
    unless: list[str] = Field(default_factory=list)  # paths that stop the rule when they reach an entity
    source_types: list[str] = Field(default_factory=list)
    target_types: list[str] = Field(default_factory=list)
    types: list[str] = Field(min_length=1)
    mutual: bool = False  # the sources are each other's partners: "A and B signed an agreement"
    yields: bool = False  # gives way to another rule's fact about the same two entities
    properties: dict[str, list[str]] = Field(default_factory=dict)  # a fact's property: paths to its words
    confidence: float = Field(ge=0, le=1)
    examples: list[DependencyExample] = Field(min_length=1)

    @field_validator("lemmas", "via")
    @classmethod
    def _lower(cls, words: list[str]) -> list[str]:
        return [" ".join(w.lower().split()) for w in words]


class DependencyRules(BaseModel):
    """A file's rules, and the verbs that give a noun its name (the lemma list ``naming``:
    "robots named X", "a platform called Y"), which the matcher reads through."""

    model_config = ConfigDict(frozen=True)

    rules: tuple[DependencyRule, ...] = ()
    naming: frozenset[str] = frozenset()
    replaces: frozenset[str] = frozenset()  # kinds of relations.yaml these rules stand in for


def check_label(label: str) -> str | None:
    """What is wrong with one step of a path, or None.

    >>> check_label("obl:into"), check_label("^acl"), check_label("nsbj"), check_label("obj:into")
    (None, None, "unknown dependency label 'nsbj'", "unknown subtype 'into' of 'obj'")
    """
    m = _STEP.match(label)
    if m is None or m.group(2) not in LABELS:
        return f"unknown dependency label {label.lstrip('^').split(':')[0]!r}"
    base, sub = m.group(2), m.group(3)
    if sub is None or sub == "*" or sub in SUBTYPES or (base in _WORD_SUBTYPE and sub.isascii()):
        return None
    return f"unknown subtype {sub!r} of {base!r}"


def _paths(paths: Any, lists: dict[str, list[str]]) -> Any:
    """Paths with ``label=$list`` written out as ``label=word|word``."""
    if not isinstance(paths, list):
        return paths
    out = []
    for path in paths:
        steps = []
        for step in str(path).split(">"):
            label, _, words = step.strip().partition("=")
            if words.startswith("$"):
                if words[1:] not in lists:
                    raise ValueError(f"path {path!r}: no lemma list {words[1:]!r} under 'lemmas'")
                words = "|".join(lists[words[1:]])
            steps.append(f"{label}={words}" if words else label)
        out.append(">".join(steps))
    return out


def _substitute(raw: dict[str, Any], lists: dict[str, list[str]]) -> dict[str, Any]:
    out = dict(raw)
    for key in ("source", "target", "unless"):
        out[key] = _paths(out.get(key), lists) if key in out else None
        if out[key] is None:
            del out[key]
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: _paths(v, lists) for k, v in out["properties"].items()}
    for key in ("lemmas", "via"):
        value = out.get(key)
        names = value if isinstance(value, list) else [value] if value is not None else []
        words: list[Any] = []
        for item in names:
            if isinstance(item, str) and item.startswith("$"):
                if item[1:] not in lists:
                    raise ValueError(f"{key}: no lemma list {item[1:]!r} under 'lemmas'")
                words += lists[item[1:]]
            else:
                words.append(item)
        if value is not None:
            out[key] = words
    return out


def _check(rule: DependencyRule) -> None:
    model = load_model()
    node_types = set(model.nodes) - {"Document"}
    for pos in rule.pos:
        if pos not in UPOS:
            raise ValueError(f"unknown part of speech {pos!r} (universal ones: {', '.join(sorted(UPOS))})")
    for path in [
        *rule.source,
        *rule.target,
        *rule.unless,
        *(p for ps in rule.properties.values() for p in ps),
    ]:
        for step in [] if path in ("self", "this") else path.split(">"):
            problem = check_label(step.strip().split("=")[0])
            if problem:
                raise ValueError(f"path {path!r}: {problem}")
    for rel in rule.types:
        if rel not in model.relationships:
            raise ValueError(f"no relationship type {rel!r} in the model")
    for node in [*rule.source_types, *rule.target_types]:
        if node not in node_types:
            raise ValueError(f"no node type {node!r} in the model")
    if rule.mutual == bool(rule.target):
        raise ValueError("a rule has a target, or is mutual (its sources are each other's partners)")


def load_dependency_rules(path: Path) -> DependencyRules:
    """Read and check a dependency rule file.

    >>> from importlib import resources
    >>> folder = Path(str(resources.files("kg.ingest"))) / "rules"
    >>> loaded = load_dependency_rules(folder / "dependencies.yaml")
    >>> next(r for r in loaded.rules if r.id == "dep-develop").types
    ['DEVELOPS', 'OPERATES']
    """
    raw = read_yaml(path)
    if not isinstance(raw, dict) or set(raw) - {LINE} != {"lemmas", "replaces", "rules"}:
        raise KGError("expected a mapping of lemmas, replaces, rules", path=path)
    replaces = raw["replaces"]
    if not isinstance(replaces, list) or not all(isinstance(k, str) for k in replaces):
        raise KGError("'replaces' must be a list of kinds of relations.yaml", path=path)
    lists = {k: v for k, v in raw["lemmas"].items() if k != LINE} if isinstance(raw["lemmas"], dict) else None
    if lists is None or not all(
        isinstance(v, list) and all(isinstance(w, str) for w in v) for v in lists.values()
    ):
        raise KGError("'lemmas' must map names to lists of words", path=path, line=raw.get(LINE))
    lists = {k: [" ".join(w.lower().split()) for w in v] for k, v in lists.items()}
    if not isinstance(raw["rules"], list):
        raise KGError("'rules' must be a list of rules", path=path)
    rules, ids = [], set()
    for item in raw["rules"]:
        line = item.get(LINE) if isinstance(item, dict) else None
        name = str(item.get("id")) if isinstance(item, dict) else "?"
        try:
            if not isinstance(item, dict):
                raise ValueError("a rule is a mapping")
            rule = DependencyRule.model_validate(_substitute(strip_lines(item), lists))
            _check(rule)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(map(str, err["loc"])) or "record"
            raise KGError(f"rule {name!r}: {where}: {err['msg']}", path=path, line=line) from None
        except ValueError as exc:
            raise KGError(f"rule {name!r}: {exc}", path=path, line=line) from None
        if rule.id in ids:
            raise KGError(f"duplicate rule id {rule.id!r}", path=path, line=line)
        ids.add(rule.id)
        rules.append(rule)
    naming = frozenset(lists.get("naming", []))
    return DependencyRules(rules=tuple(rules), naming=naming, replaces=frozenset(replaces))
