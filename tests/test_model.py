"""The model declaration, and validation derived from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from kg.model import GraphModel, load_model
from kg.model.quantity import Quantity
from kg.model.records import (
    Entity,
    Evidence,
    KnowledgeGraph,
    Provenance,
    Relationship,
    relationship_id,
)
from tests.conftest import ROOT


def _rel(rel_type: str, source: str, target: str, **props: object) -> Relationship:
    ev = Evidence(doc_id="doc-a", quote="x", start=0, end=1)
    return Relationship(
        id=relationship_id(rel_type, source, target),
        type=rel_type,
        source=source,
        target=target,
        properties=props,
        provenance=Provenance(evidence=[ev]),
    )


def _graph(*rels: Relationship) -> KnowledgeGraph:
    from kg.model.records import Document

    doc = Document(id="doc-a", title="A", sha256="0" * 64, path="documents/a.txt")
    entities = [
        Entity(id="sasac", type="Agency", name="SASAC"),
        Entity(id="cnpc", type="SOE", name="CNPC"),
        Entity(id="kunlun", type="AIModel", name="Kunlun"),
    ]
    return KnowledgeGraph(documents=[doc], entities=entities, relationships=list(rels))


def test_allowed_endpoints_pass() -> None:
    graph = _graph(
        _rel("SUPERVISES", "sasac", "cnpc"), _rel("DEVELOPS", "cnpc", "kunlun", mode="self-developed")
    )
    assert len(graph.relationships) == 2


@pytest.mark.parametrize(
    ("rel_type", "source", "target"),
    [("SUPERVISES", "cnpc", "sasac"), ("SETS_TARGET", "sasac", "kunlun"), ("HOLDS_ROLE", "cnpc", "sasac")],
)
def test_bad_endpoints_rejected(rel_type: str, source: str, target: str) -> None:
    with pytest.raises(ValidationError, match=f"{rel_type} cannot join"):
        _graph(_rel(rel_type, source, target))


def test_dangling_reference_rejected() -> None:
    with pytest.raises(ValidationError, match="no node 'nobody'"):
        _graph(_rel("SUPERVISES", "sasac", "nobody"))


def test_unknown_relationship_property_rejected() -> None:
    with pytest.raises(ValidationError, match="SUPERVISES has no property 'since'"):
        _rel("SUPERVISES", "sasac", "cnpc", since=2003)


def test_unknown_entity_property_and_field_rejected() -> None:
    with pytest.raises(ValidationError, match="AIModel has no property 'size'"):
        Entity(id="m", type="AIModel", name="M", properties={"size": 3})
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Entity(id="m", type="AIModel", name="M", colour="red")  # type: ignore[call-arg]


def test_unknown_node_type_rejected() -> None:
    with pytest.raises(ValidationError, match="unknown node type 'Ministry'"):
        Entity(id="m", type="Ministry", name="M")


def test_figures_are_typed_and_unit_checked() -> None:
    model = load_model()
    props = model.validate_properties(
        "node", "ComputingInfrastructure", {"intelligent_computing": "1,675 PFLOPS"}
    )
    assert props["intelligent_computing"] == {"value": 1675.0, "unit": "PFLOPS", "qualifier": "exact"}
    with pytest.raises(ValueError, match="unit 'cores' is not one of"):
        model.validate_properties("node", "ComputingInfrastructure", {"intelligent_computing": "5 cores"})
    with pytest.raises(ValueError, match=r"Target\.year"):
        model.validate_properties("node", "Target", {"year": "soon"})


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("300 billion parameters", 300e9, "parameters", "exact"),
        ("USD 5.6 billion", 5.6e9, "USD", "exact"),
        ("$5.6 billion", 5.6e9, "USD", "exact"),
        ("70 %", 70, "%", "exact"),
        ("approximately 30 percent", 30, "%", "approximately"),
        ("more than 74.89 trillion yuan", 74.89e12, "CNY", "more_than"),
        ("over 1,200 datasets", 1200, "datasets", "more_than"),
    ],
)
def test_quantity_parsing(text: str, value: float, unit: str, qualifier: str) -> None:
    q = Quantity.model_validate(text)
    assert (q.value, q.unit, q.qualifier) == (pytest.approx(value), unit, qualifier)


@pytest.mark.parametrize("text", ["", "many models", "12", "USD 5 parameters"])
def test_quantity_rejects_non_figures(text: str) -> None:
    with pytest.raises(ValidationError):
        Quantity.model_validate(text)


def test_dates_must_be_iso_of_some_precision() -> None:
    Provenance(evidence=[Evidence(doc_id="d", quote="q", start=0, end=1)], date="2026-02-10")
    for bad in ("2026-13", "10 Feb 2026", "2026-02-30"):
        with pytest.raises(ValidationError):
            Provenance(evidence=[Evidence(doc_id="d", quote="q", start=0, end=1)], date=bad)


def test_model_rejects_endpoint_of_unknown_type() -> None:
    from importlib import resources

    data = yaml.safe_load(resources.files("kg").joinpath("model.yaml").read_text(encoding="utf-8"))
    data["relationships"]["SUPERVISES"]["endpoints"][0]["to"].append("Ministry")
    with pytest.raises(ValidationError, match="unknown node type 'Ministry'"):
        GraphModel.model_validate(data)


def test_every_relationship_type_has_endpoints_and_style() -> None:
    model = load_model()
    for name in model.relationships:
        assert model.pairs(name), name
    assert model.pairs("MENTIONS")[0][0] == "Document"


@pytest.mark.slow
def test_a_status_and_a_family_added_to_a_copy_of_the_model_build(tmp_path: Path) -> None:
    """The model is declared once: a status and a type family added to model.yaml in a copy of
    the package are valid at once, with no other file changed; the unchanged package refuses
    the same seeds (so the copy is what was read)."""
    package = tmp_path / "src" / "kg"
    shutil.copytree(ROOT / "kg", package, ignore=shutil.ignore_patterns("__pycache__"))
    model = package / "model.yaml"
    text = model.read_text(encoding="utf-8")
    text = text.replace("statuses: [announced,", "statuses: [suspended, announced,", 1)
    text = text.replace(
        "  plans: [Policy, Initiative]\n", "  plans: [Policy, Initiative]\n  places: [Location]\n", 1
    )
    model.write_text(text, encoding="utf-8")
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    facts = next(
        p for p in sorted((seeds / "facts").glob("*.yaml")) if "status: announced" in p.read_text("utf-8")
    )
    facts.write_text(facts.read_text("utf-8").replace("status: announced", "status: suspended", 1), "utf-8")
    args = [sys.executable, "-m", "kg", "build", "--seeds", str(seeds), "--db", str(tmp_path / "kg.lbug"),
            "--out", str(tmp_path / "out")]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    built = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    check = "import kg.model as m; print(m.__file__, m.load_model().families['places'])"
    shown = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert shown.stdout.split() == [str(package / "model" / "__init__.py"), "('Location',)"], shown.stderr
    refused = subprocess.run(args, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert refused.returncode == 1 and "'suspended'" not in refused.stdout
    assert "Input should be 'announced'" in refused.stderr and "status" in refused.stderr
