"""The reference gazetteer and the rule files: their content, and bad ones refused in one line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kg.model import compatible
from kg.model.names import normalise
from kg.seeds.gazetteer import load_gazetteer
from kg.seeds.load import SeedSet
from kg.seeds.lock import LOCK_NAME
from tests.conftest import ROOT

GAZETTEER = ROOT / "kg" / "gazetteer"
RULES = ROOT / "kg" / "ingest" / "rules"


def test_every_central_soe_is_listed_with_its_source() -> None:
    data = yaml.safe_load((GAZETTEER / "central_soes.yaml").read_text(encoding="utf-8"))
    soes = [e for e in data["entries"] if e.get("kind") != "collective"]
    assert len(soes) == 98 and all(e["type"] == "SOE" and e.get("name_zh") for e in soes)
    assert "sasac.gov.cn" in data["source"] and data["as_of"]
    for path in GAZETTEER.glob("*.yaml"):
        head = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert head["source"] and head["as_of"], path


def test_the_gazetteer_uses_the_catalogs_ids(seedset: SeedSet) -> None:
    """One entity, one id: an entry that names a catalog entity carries the catalog's id."""
    gazetteer = load_gazetteer().entities
    for entity in seedset.graph.entities:
        if entity.candidate or entity.id in gazetteer:
            continue
        names = {normalise(n) for n in [entity.name, *entity.aliases] if n}
        for entry in gazetteer.values():
            same = names & {normalise(n) for n in [entry.name, *entry.aliases]}
            assert not (same and compatible(entity.type, entry.type)), (entity.id, entry.id, same)


def test_acronyms_of_the_field_are_listed() -> None:
    names = Counter(a for e in load_gazetteer().entities.values() for a in e.aliases)
    for acronym in ("SASAC", "NDRC", "MIIT", "MOST", "NDA", "CAC", "SCIO", "CNOOC", "PipeChina", "CGN"):
        assert names[acronym] == 1, acronym


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **env}, cwd=ROOT)  # fmt: skip


def _tree(folder: Path) -> dict[str, bytes]:
    # the seeds lock's empty file stays once any command has taken the lock: it holds no data
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != LOCK_NAME
    }


BAD_GAZETTEER = {
    "broken yaml": ("agencies.yaml", "  - {id: x, type: Agency, name: [unclosed\n", "agencies.yaml"),
    "duplicate id": ("central_soes.yaml", "  - {id: cnpc, type: SOE, name: Another Oil Company}\n", "duplicate id 'cnpc'"),
    "alias clash": ("media.yaml", "  - {id: xin, type: MediaOutlet, name: Xin Wire, aliases: [Xinhua]}\n",
                    "name 'xinhua' of entry"),
    "unknown type": ("media.yaml", "  - {id: zz-radio, type: Radio, name: ZZ Radio}\n", "entry 'zz-radio': unknown node type"),
    "unknown property": ("media.yaml", "  - {id: zz-news, type: MediaOutlet, name: ZZ News, owner: x}\n",
                         "entry 'zz-news': MediaOutlet has no property 'owner'"),
    "family of another type": ("technology.yaml", "  - {id: zz-r9, type: AIModel, name: ZZ-R9, family: huawei}\n",
                               "entry 'zz-r9': family 'huawei'"),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BAD_GAZETTEER))
def test_a_bad_gazetteer_is_one_line_and_changes_nothing(case: str, seeds_copy: Path, tmp_path: Path) -> None:
    file, line, message = BAD_GAZETTEER[case]
    folder = tmp_path / "gazetteer"
    shutil.copytree(GAZETTEER, folder)
    with (folder / file).open("a", encoding="utf-8") as f:
        f.write(line)
    db, out = tmp_path / "kg.lbug", tmp_path / "out"
    assert (
        _cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(out), env={}).returncode == 0
    )
    before = {**_tree(seeds_copy), "db": db.read_bytes()}
    result = _cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(out),
                  env={"SOEKG_GAZETTEER": str(folder)})  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr
    assert str(folder / file) in result.stderr or message == file
    assert {**_tree(seeds_copy), "db": db.read_bytes()} == before


BAD_RULES = {
    "broken yaml": ("relations.yaml", "  - id: [unclosed\n", "relations.yaml"),
    "duplicate id": ("relations.yaml", "  - {id: develop, kind: verb, phrases: [made], types: [DEVELOPS], confidence: 0.5,"
                     " examples: [{text: X made Y., facts: []}]}\n", "duplicate rule id 'develop'"),
    "unknown relationship": ("relations.yaml", "  - {id: owns, kind: verb, phrases: [owns], types: [OWNS], confidence: 0.5,"
                             " examples: [{text: X owns Y., facts: []}]}\n", "rule 'owns': no relationship type 'OWNS'"),
    "no example": ("relations.yaml", "  - {id: buys, kind: verb, phrases: [buys], types: [USES], confidence: 0.5,"
                   " examples: []}\n", "rule 'buys'"),
}  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BAD_RULES))
def test_a_bad_rule_file_is_one_line_and_changes_nothing(case: str, seeds_copy: Path, tmp_path: Path) -> None:
    file, line, message = BAD_RULES[case]
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    with (folder / file).open("a", encoding="utf-8") as f:
        f.write(line)
    article = tmp_path / "a.txt"
    article.write_text("CNPC developed the Kunlun model with Huawei.\n", encoding="utf-8")
    before = _tree(seeds_copy)
    result = _cli("ingest", str(article), "--seeds", str(seeds_copy), "--db", str(tmp_path / "kg.lbug"),
                  "--out", str(tmp_path / "out"), env={"SOEKG_RULES": str(folder)})  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr, result.stderr
    assert str(folder) in result.stderr
    assert _tree(seeds_copy) == before and not (tmp_path / "kg.lbug").exists()


def test_a_pattern_spacy_rejects_is_named(tmp_path: Path) -> None:
    from kg.errors import KGError
    from kg.ingest.rules import load_rules

    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    text = (folder / "names.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - [{LOWER: {IN: [trusted, industry", "      - [{LOWER: {NOPE: [trusted, industry", 1
    )
    (folder / "names.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(KGError, match="rule 'data-space-noun': pattern spaCy rejects"):
        load_rules(folder)
