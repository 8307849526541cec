"""Property-based tests: arbitrary input to the parsers, the resolver and the model raises
nothing but the project's own errors (KGError, or pydantic's ValidationError from the model)."""

from __future__ import annotations

import contextlib
import functools
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kg.errors import KGError
from kg.ingest.dates import normalise_date
from kg.ingest.reader import read_article
from kg.ingest.resolve import Resolver
from kg.model.names import normalise, slug
from kg.model.quantity import Quantity
from kg.model.records import Document, Entity, Evidence, Relationship
from kg.query.library import coerce
from kg.seeds.yamlio import read_yaml

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODEL_ERRORS = (ValidationError, KGError, ValueError)

# Text with the characters that break parsers: YAML and HTML syntax, controls, RTL marks, CJK.
nasty = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("-:#'\"{}[]|>&*!%@`<>/\\\n\t\r\x00\x1b\u202e\u200f 中国石油")),
    ),
    max_size=200,
)
front_matter = st.builds(
    lambda meta, body: f"---\n{meta}\n---\n{body}",
    st.one_of(
        nasty,
        st.dictionaries(st.sampled_from(["title", "date", "url", "publisher", "language", "x"]), nasty,
                        max_size=4).map(lambda d: "\n".join(f"{k}: {v}" for k, v in d.items())),
    ),
    nasty,
)  # fmt: skip


def _scratch(name: str, data: bytes) -> Path:
    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(data)
    return path


@FAST
@given(front_matter, st.sampled_from(["a.md", "a.txt", "a.html"]))
def test_front_matter_and_documents(text: str, name: str) -> None:
    path = _scratch(name, text.encode("utf-8", "surrogatepass"))
    try:
        article = read_article(path)
    except KGError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)  # one line, naming the file
    else:
        assert isinstance(article.text, str) and article.text.strip()


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_as_a_document(data: bytes) -> None:
    path = _scratch("a.txt", data)
    try:
        read_article(path)
    except KGError as exc:
        assert "\n" not in str(exc)


@FAST
@given(nasty)
def test_yaml_files(text: str) -> None:
    path = _scratch("a.yaml", text.encode("utf-8", "surrogatepass"))
    try:
        read_yaml(path)
    except KGError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc)


def _both_loaders(text: str) -> tuple[Any, Any]:
    """What LibYAML's parser and the pure-Python one make of ``text`` (an exception if it fails)."""
    import yaml

    from kg.seeds.yamlio import _FastLoader, _LineLoader

    out: list[Any] = []
    for loader in (_FastLoader, _LineLoader):
        try:
            out.append(yaml.load(text, Loader=loader))  # noqa: S506 - safe loader subclasses
        except yaml.YAMLError as exc:
            out.append(type(exc))
    return out[0], out[1]


@FAST
@given(nasty)
def test_the_fast_yaml_parser_reads_text_as_the_python_one_does(text: str) -> None:
    """Seeds are read with LibYAML and, when it rejects a file, again with the Python parser
    for its error message. Text both parsers read gives the same data (text with a character
    where they are known to differ goes to the Python parser alone). LibYAML accepts some
    malformed text that PyYAML rejects ("0\\t", ">#"); it is read as LibYAML reads it."""
    from kg.seeds.yamlio import _PYTHON_ONLY

    fast, python = _both_loaders(text)
    if not isinstance(fast, type) and not isinstance(python, type) and _PYTHON_ONLY.isdisjoint(text):
        assert fast == python


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), nasty)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(nasty, inner, max_size=4),
    max_leaves=20,
)


@FAST
@given(documents)
def test_both_yaml_parsers_read_written_yaml_alike(data: Any) -> None:
    from kg.seeds.yamlio import dump_yaml

    fast, python = _both_loaders(dump_yaml(data))
    assert fast == python and not isinstance(fast, type)


@FAST
@given(documents, st.sampled_from([80, 1_000_000]))
def test_written_yaml_is_what_pyyaml_writes(data: Any, width: int) -> None:
    """dump_yaml builds the nodes itself for speed; the text is PyYAML's own (with LibYAML)."""
    import yaml

    from kg.seeds.yamlio import dump_yaml

    shared = {"a": [1, 2.5, None, True]}
    for value in (data, [data, shared, shared], {"k": (1, 2)} if width == 80 else float("inf")):
        try:
            expected = yaml.dump(
                value, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=width
            )
        except yaml.YAMLError:
            expected = None  # PyYAML refuses it (a tuple): so must dump_yaml
        if expected is None:
            with pytest.raises(yaml.YAMLError):
                dump_yaml(value, width=width)
        else:
            assert dump_yaml(value, width=width) == expected


# Strings made of what decides a scalar's style: indicators, ": " and " #", spaces at the ends,
# words that read as other types (yes, null, 1_000, 12:30, 2025-01-01), non-ASCII, astral, tabs.
styled = st.lists(
    st.sampled_from(["a", "CNPC", " ", ":", "#", "-", "---", "...", "?", "'", '"', "&", "!", "%", ",", "[", "{",
                     "yes", "null", "~", "1_000", "12:30", "2025-01-01", "0.5", "1e3", "=", "<<", ".inf",
                     "中国", "é", "\u2028", "\t", "\U00010000", "\ufeff", "x" * 90, "lorem ipsum " * 4]),
    max_size=6,
).map("".join)  # fmt: skip
plain_documents = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), styled),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(styled, inner, min_size=1, max_size=3),
    max_leaves=12,
)


_SHARED: list[Any] = []


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.dictionaries(styled, plain_documents, min_size=1, max_size=4), st.sampled_from([40, 80, 1_000_000]))
@example({"k" * 129: 1}, 1_000_000)  # a complex key
@example({"a": [float("inf"), float("-inf"), float("nan"), 1e20, 0.5]}, 80)
@example({"a": "words " * 20, "b": ["words " * 20]}, 80)  # folded past the width
@example({"a": _SHARED, "b": {"c": _SHARED}}, 80)  # one list twice: an anchor
def test_yaml_styles_are_what_pyyaml_writes(data: dict[str, Any], width: int) -> None:
    import yaml

    from kg.seeds.yamlio import dump_yaml

    expected = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=width)
    assert dump_yaml(data, width=width) == expected


def _one_pass(text: str) -> Any:
    """What read_yaml makes of ``text`` (one parse, the shape checked as it builds), and what the
    loaders themselves make of it after the shape check: the plain version it must equal."""
    from kg.seeds.yamlio import _load, check_shape, parse_yaml, reading

    def plain() -> Any:
        check_shape(text, Path("x.yaml"))
        with reading(Path("x.yaml")):
            return _load(text)

    out: list[Any] = []
    for read in (lambda: parse_yaml(text, Path("x.yaml")), plain):
        try:
            out.append(read())
        except KGError as exc:  # the same line, naming the same file and line
            out.append(str(exc))
    return out


@FAST
@given(nasty)
@example("a: &x [1, {b: *x}]")  # an alias inside its own anchor
@example("<<: {a: 1}\nb: !!str 2\nc: !!set {x}\nd: !!binary aGk=\n")  # merge keys, explicit tags
@example("a: 1\na: 2\n")
@example("? [1, 2]\n: x\n")  # an unhashable key
def test_yaml_read_in_one_pass_equals_the_loaders(text: str) -> None:
    fast, plain = _one_pass(text)
    assert fast == plain


@FAST
@given(documents)
def test_written_yaml_read_in_one_pass_equals_the_loaders(data: Any) -> None:
    from kg.seeds.yamlio import dump_yaml

    fast, plain = _one_pass(dump_yaml(data))
    assert fast == plain


def test_the_seeds_read_in_one_pass_equal_the_loaders() -> None:
    for path in sorted(Path("seeds").rglob("*.yaml")) + sorted(Path("kg/gazetteer").rglob("*.yaml")):
        fast, plain = _one_pass(path.read_text(encoding="utf-8"))
        assert fast == plain and not isinstance(fast, type), path


def test_both_yaml_parsers_read_the_seeds_alike() -> None:
    files = sorted(Path("seeds").rglob("*.yaml"))
    assert len(files) > 10
    for path in files:
        fast, python = _both_loaders(path.read_text(encoding="utf-8"))
        assert fast == python and not isinstance(fast, type), path


CATALOG = [
    Entity(id="cnpc", type="SOE", name="China National Petroleum Corporation", aliases=["CNPC", "中国石油"]),
    Entity(id="zhang-yuzhuo", type="Person", name="Zhang Yuzhuo", name_zh="张玉卓"),
    Entity(id="huawei", type="Company", name="Huawei Technologies", aliases=["Huawei"]),
]
RESOLVER = Resolver(CATALOG)


@FAST
@given(nasty, st.sampled_from(["SOE", "Company", "Person", "Agency", "Acronym", "Sector"]))
def test_normaliser_and_resolver(mention: str, label: str) -> None:
    norm = normalise(mention)
    assert normalise(norm) == norm  # normalising twice changes nothing
    decision = RESOLVER.resolve(mention, label)
    assert decision.entity is None or decision.entity in {e.id for e in CATALOG}
    assert slug(mention) == "" or slug(mention).replace("-", "").isalnum()


@FAST
@given(nasty, st.one_of(st.none(), st.sampled_from(["2025-06-01", "2025", "1999-12"])))
def test_dates(text: str, published: str | None) -> None:
    iso, _note = normalise_date(text, published)
    assert iso is None or len(iso) in (4, 7, 10)


@FAST
@given(nasty)
def test_figures(text: str) -> None:
    try:
        q = Quantity.model_validate(text)
    except MODEL_ERRORS:
        return
    assert q.unit and abs(q.value) <= 1e18


values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), nasty, st.lists(nasty, max_size=3))


@FAST
@given(st.dictionaries(st.sampled_from(["id", "type", "name", "aliases", "name_zh", "candidate", "properties",
                                        "description", "extra"]), values, max_size=7))  # fmt: skip
def test_entity_validation(data: dict[str, Any]) -> None:
    with contextlib.suppress(MODEL_ERRORS):
        Entity.model_validate(data)


@FAST
@given(st.dictionaries(st.sampled_from(["id", "title", "url", "published", "sha256", "path", "language"]), values,
                       max_size=7), st.sampled_from(["SOE", "Company", "AIModel", "Platform"]))  # fmt: skip
def test_document_and_relationship_validation(data: dict[str, Any], node_type: str) -> None:
    with contextlib.suppress(MODEL_ERRORS):
        Document.model_validate(data)
    relationship = {"id": data.get("id"), "type": data.get("title"), "source": "cnpc", "target": node_type,
                    "properties": {"topic": data.get("url")},
                    "provenance": {"evidence": [{"doc_id": "doc-a", "quote": data.get("path")}]}}  # fmt: skip
    with contextlib.suppress(MODEL_ERRORS):
        Relationship.model_validate(relationship)
    with contextlib.suppress(MODEL_ERRORS):
        Evidence.model_validate(
            {"doc_id": data.get("id"), "quote": data.get("title"), "start": data.get("sha256")}
        )


@FAST
@given(values, st.sampled_from(["string", "int", "date"]))
def test_query_parameters(value: Any, kind: str) -> None:
    try:
        coerce(value, kind, "p", (1, 3) if kind == "int" else None)
    except KGError as exc:
        assert "\n" not in str(exc)


prose = st.text(alphabet=st.sampled_from(list("Ab c.!?\"')(\n\r\t -,;:中。")), max_size=120)


@FAST
@given(prose)
def test_sentences_equal_the_sentencizer_on_any_text(text: str) -> None:
    from kg.ingest.tokens import tokenise
    from tests.test_extraction import _reference_sentences

    found = tokenise(text)
    tokens, spans = _reference_sentences(text)
    assert list(zip(found.words, found.start, strict=True)) == tokens
    assert found.sentences == spans


def _word_pool() -> list[str]:
    """Words the rules look for, and words around them, to build text that sets many rules off."""
    from kg.ingest.rules import load_rules

    rules = load_rules()
    pool = [h for k in rules.names.kinds for h in k.heads[:4]] + [
        n for k in rules.names.kinds for n in k.nouns[:3]
    ]
    pool += (
        [p for r in rules.relations for p in r.phrases[:3]]
        + rules.words("surnames")[:8]
        + rules.words("months")[:6]
    )
    pool += [
        "China",
        "State",
        "Grid",
        "Kunlun",
        "Guangming",
        "DeepSeek-R1",
        "CNPC",
        "Huawei",
        "SASAC",
        "its",
        "it",
        "the",
        "company",
        "they",
        "said",
    ]
    pool += [
        "12",
        "2025",
        "3.5",
        "$",
        "more",
        "than",
        "percent",
        ",",
        ".",
        '"',
        "“",
        "”",
        "\n",
        "(",
        ")",
        "中国",
    ]
    return pool


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_word_pool()), max_size=60))
@example(["conference", "Commission", "("])  # an opening bracket ending the text (an IndexError once)
def test_extraction_of_generated_text_is_sound(words: list[str]) -> None:
    """Whatever the text, every mention is the text at its offsets and every fact one the model allows."""
    from kg.ingest.extract import Extractor
    from kg.model import load_model

    extractor = _extractor()
    text = " ".join(words)
    result = extractor.extract(text, "2025-06-01", scope="fuzz")
    assert isinstance(extractor, Extractor)
    for mention in [*result.nodes, *result.found.figures, *result.found.dates]:
        assert text[mention.start : mention.end] == mention.text
    types = {n.key: n.type for n in result.nodes.values()} | {k: n.type for k, n in result.candidates.items()}
    types |= {k: e.type for k, e in extractor.entities.items()}
    for fact in result.facts:
        assert load_model().allows(fact.type, types[fact.source], types[fact.target])
        assert 0 < fact.confidence <= 1


@functools.cache
def _extractor() -> Any:
    from kg.ingest.extract import Extractor

    return Extractor(CATALOG)
