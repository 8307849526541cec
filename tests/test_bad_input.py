"""Bad seed input: one line naming the file, exit 1, no traceback, the old database intact."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_cli

DOC0 = "000_b788352872a1fbc9"
FACTS0 = f"facts/{DOC0}.yaml"


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(seeds: Path) -> None:
        path = seeds / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test setup: {old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _write(relative: str, data: bytes) -> Callable[[Path], None]:
    return lambda seeds: (seeds / relative).write_bytes(data)


def _remove(relative: str) -> Callable[[Path], None]:
    return lambda seeds: (seeds / relative).unlink()


CASES = {
    "malformed yaml": (_edit(FACTS0, "  - type: PROMOTES\n", "  - type: [PROMOTES\n"), FACTS0, "invalid YAML"),
    "truncated yaml": (_write("catalog/people.yaml", b"- id: x\n  type: Person\n  name: 'unterminated\n"),
                       "catalog/people.yaml", "invalid YAML"),
    "unknown node type": (_edit("catalog/people.yaml", "type: Person", "type: Human"), "catalog/people.yaml",
                          "unknown node type 'Human'"),
    "unknown relationship type": (_edit(FACTS0, "type: PROMOTES", "type: ENDORSES"), FACTS0,
                                  "unknown relationship type 'ENDORSES'"),
    "dangling reference": (_edit(FACTS0, "target: hikvision", "target: hikvison"), FACTS0,
                           "no entity 'hikvison' in the catalog"),
    "endpoint not allowed": (_edit(FACTS0, "  - type: HOLDS_ROLE\n    source: li-zhen",
                                   "  - type: HOLDS_ROLE\n    source: sasac"), FACTS0, "HOLDS_ROLE cannot join"),
    "quote not in text": (_edit(FACTS0, "emphasized the need to deeply implement",
                                "stressed the need to deeply implement"), FACTS0, "evidence not found in"),
    "unknown property": (_edit("catalog/people.yaml", "  title: President of the People's Republic of China",
                               "  title: President\n  age: 72"), "catalog/people.yaml", "has no property 'age'"),
    "figure without source": (_edit("catalog/technology.yaml", "      supports: [general_computing, intelligent_computing]",
                                    "      supports: [general_computing]"), "catalog/technology.yaml",
                              "needs a source quote"),
    "wrong unit": (_edit("catalog/technology.yaml", "1,675 PFLOPS", "1,675 TOPS"), "catalog/technology.yaml",
                   "is not one of"),
    "bad date": (_edit(FACTS0, "date: 2025-04", "date: 2025-14"), FACTS0, "month must be in 1..12"),
    "duplicate id": (_edit("catalog/people.yaml", "id: tan-zuojun", "id: li-zhen"), "catalog/people.yaml",
                     "duplicate id 'li-zhen'"),
    "document missing": (_remove(f"documents/{DOC0}.txt"), f"documents/{DOC0}.meta.yaml",
                         "metadata without its document"),
    "metadata missing": (_remove(f"documents/{DOC0}.meta.yaml"), f"documents/{DOC0}.txt", "no metadata file"),
    "text changed": (_edit(f"documents/{DOC0}.txt", "renqi@", "renqi @"), f"documents/{DOC0}.meta.yaml",
                     "sha256 does not match"),
    "not utf-8": (_write(f"documents/{DOC0}.txt", b"Central SOEs \xff\xfe urged"), f"documents/{DOC0}.txt",
                  "not UTF-8"),
    "facts not a list": (_write(FACTS0, b"document: doc-b788352872a1fbc9\nfacts: 3\n"), FACTS0,
                         "expected a list of mappings"),
}  # fmt: skip


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("good")
    result = run_cli(
        "build", "--seeds", str(SEEDS), "--db", str(base / "kg.lbug"), "--out", str(base / "out")
    )
    assert result.returncode == 0, result.stderr
    return base / "kg.lbug"


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_seed_input(case: str, seeds_copy: Path, good_db: Path, tmp_path: Path) -> None:
    breaker, culprit, message = CASES[case]
    breaker(seeds_copy)
    db = tmp_path / "kg.lbug"
    db.write_bytes(good_db.read_bytes())  # an existing database that must survive
    before = _digest(db)
    result = run_cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(seeds_copy / culprit) in lines[0], lines[0]
    assert message in lines[0]
    assert re.match(r"^error: \S", lines[0])
    assert _digest(db) == before
    assert not (tmp_path / "out").exists()
    check = run_cli("cypher", "MATCH (d:Document) RETURN count(*) AS n", "--db", str(db), "--json")
    assert '"n": 5' in check.stdout


def test_missing_seeds_folder(tmp_path: Path) -> None:
    result = run_cli("build", "--seeds", str(tmp_path / "nowhere"), "--db", str(tmp_path / "kg.lbug"))
    assert result.returncode == 1
    assert "no seeds folder here" in result.stderr and "Traceback" not in result.stderr
