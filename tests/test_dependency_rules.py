"""Every dependency rule's own examples, one test row each, against the real parser server.

A row passes when extraction with the sentence's parse proposes every fact the record lists
(names as written, "Source TYPE Target"), none of its `absent` facts, and the rule itself is
among what proposed them. The sentences are not from any article of the development sets.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from kg.ingest.extract import Extraction, Extractor
from kg.ingest.resolve import normalise
from kg.ingest.rules import load_rules
from tests.test_rules import _names_of, _split

RULES = load_rules().dependencies.rules
CASES = [pytest.param(r, e, id=f"{r.id}-{i}") for r in RULES for i, e in enumerate(r.examples)]


@functools.cache
def _extractor() -> Extractor:
    return Extractor([])


def extract_parsed(parser: Any, text: str) -> Extraction:
    """Extraction of ``text`` with its parse from the server (the gazetteer as catalog)."""
    return _extractor().extract(text, "2025-06-01", scope="example", parsed=parser.parse(text))


def stated(result: Extraction) -> set[tuple[str, str, str]]:
    """Every (source, TYPE, target) the result proposes, under every name of each end."""
    names = _names_of(result)
    return {(s, f.type, t) for f in result.facts for s in names.get(f.source, {f.source})
            for t in names.get(f.target, {f.target})}  # fmt: skip


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_dependency_rule_finds_its_examples(parser: Any, rule: Any, example: Any) -> None:
    result = extract_parsed(parser, example.text)
    found = stated(result)
    for fact in example.facts:
        source, rel, target = _split(fact)
        assert (normalise(source), rel, normalise(target)) in found, (
            f"{rule.id}: {fact!r} not proposed from {example.text!r}: "
            f"{sorted((f.source, f.type, f.target, f.rule) for f in result.facts)}"
        )
    for fact in example.absent:
        source, rel, target = _split(fact)
        assert (normalise(source), rel, normalise(target)) not in found, f"{rule.id}: {fact!r} proposed"
    if example.facts:
        assert any(f.rule == rule.id for f in result.facts), f"{rule.id} proposed nothing"
