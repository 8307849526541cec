"""Every extraction rule's own examples, one test row each: a new rule is a record with an example.

A row passes when extraction finds in the example sentence what the record says (names with
their type, or facts as "Source TYPE Target"), and the rule itself is among what found it.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from kg.ingest.extract import Extraction, Extractor
from kg.ingest.rules import load_rules
from kg.model.names import normalise

RULES = load_rules()
NAME_RULES = [*RULES.names.kinds, *RULES.names.phrases, *RULES.names.figures, *RULES.names.dates]
NAME_CASES = [pytest.param(r, e, id=f"{r.id}-{i}") for r in NAME_RULES for i, e in enumerate(r.examples)]
RELATION_CASES = [
    pytest.param(r, e, id=f"{r.id}-{i}") for r in RULES.relations for i, e in enumerate(r.examples)
]


@functools.cache
def _extractor() -> Extractor:
    return Extractor([])  # the gazetteer only: examples speak of things no catalog knows


def _extract(text: str) -> Extraction:
    return _extractor().extract(text, "2025-06-01", scope="example")


def _found_names(result: Extraction) -> dict[str, tuple[str, str]]:
    """Text as written -> (type, rule) for every name, figure and date found."""
    out = {m.text: (result.nodes[m].type, m.rule) for m in result.nodes}
    out |= {f.text: ("FIGURE", "figure") for f in result.found.figures}
    out |= {d.text: ("DATE", "date") for d in result.found.dates}
    return out


@pytest.mark.parametrize(("rule", "example"), NAME_CASES)
def test_recognition_rule_finds_its_examples(rule: Any, example: Any) -> None:
    found = _found_names(_extract(example.text))
    for text, kind in example.names.items():
        assert text in found, f"{rule.id}: {text!r} not found in {example.text!r}: {sorted(found)}"
        assert found[text][0] == kind, f"{rule.id}: {text!r} is {found[text][0]}, not {kind}"


def _names_of(result: Extraction) -> dict[str, set[str]]:
    """Entity key -> every way the example names it (its mentions, its names), normalised."""
    out: dict[str, set[str]] = {
        key: {normalise(n) for n in (e.name, *e.aliases)} for key, e in _extractor().entities.items()
    }
    for mention, node in result.nodes.items():
        out.setdefault(node.key, set()).update({normalise(mention.text), normalise(node.name)})
    for key, node in result.candidates.items():
        out.setdefault(key, set()).add(normalise(node.name))
    return out


@pytest.mark.parametrize(("rule", "example"), RELATION_CASES)
def test_relation_rule_finds_its_examples(rule: Any, example: Any) -> None:
    result = _extract(example.text)
    names = _names_of(result)
    stated = {(s, f.type, t) for f in result.facts for s in names.get(f.source, {f.source})
              for t in names.get(f.target, {f.target})}  # fmt: skip
    for fact in example.facts:
        source, rel, target = _split(fact)
        source, target = normalise(source), normalise(target)
        assert (source, rel, target) in stated, f"{rule.id}: {fact!r} not proposed from {example.text!r}"
    if example.facts:
        assert any(f.rule.split(":")[0] == rule.id for f in result.facts), f"{rule.id} proposed nothing"


def _split(fact: str) -> tuple[str, str, str]:
    for word in fact.split():
        if (word.isupper() and "_" in word) or word in {"DEVELOPS", "LAUNCHES", "ISSUES", "USES", "DEPLOYS",
                                                      "OPERATES", "SUPERVISES", "LEADS", "IMPLEMENTS", "PROMOTES",
                                                      "ORGANISES", "CONCERNS", "REPORTS", "ACHIEVES"}:  # fmt: skip
            source, target = fact.split(f" {word} ", 1)
            return source, word, target
    raise AssertionError(f"no relationship type in {fact!r}")


def test_every_rule_has_an_example_and_ids_are_unique() -> None:
    ids = [r.id for r in [*NAME_RULES, *RULES.relations]]
    assert len(ids) == len(set(ids))
    assert all(r.examples for r in [*NAME_RULES, *RULES.relations])
