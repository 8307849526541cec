"""`soekg cypher` and `g.cypher` read the graph and nothing else: every LadybugDB statement
that writes, touches a file, loads an extension, attaches a database, checkpoints or changes
a setting is refused with one line, and the database, its folder and the file system stay
as they were (the database still opens afterwards, with no recovery files beside it)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import kg
from kg.build import BuildReport
from kg.errors import KGError
from tests.conftest import cli


def _state(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()
    }


STATEMENTS = {
    "checkpoint": "CHECKPOINT",
    "copy to a file": "COPY (MATCH (n:SOE) RETURN n.id) TO '{tmp}/out.parquet'",
    "copy into a table": "COPY SOE FROM '{tmp}/in.csv'",
    "load from a file": "LOAD FROM '/etc/passwd' (header=false, delim=':') RETURN *",
    "load from after a match": "MATCH (n:SOE) WITH n LIMIT 1 LOAD FROM '/etc/hostname' RETURN *",
    "export the database": "EXPORT DATABASE '{tmp}/dump'",
    "import a database": "IMPORT DATABASE '{tmp}/dump'",
    "attach another database": "ATTACH '{tmp}/other.lbug' AS other (dbtype lbug)",
    "use another database": "USE other",
    "detach a database": "DETACH other",
    "install an extension": "INSTALL json",
    "load an extension": "LOAD EXTENSION json",
    "change a setting": "CALL threads = 1",
    "a table function beyond the allowed": "CALL read_csv('/etc/passwd') RETURN *",
    "create": "CREATE (n:SOE {id: 'x', name: 'X'})",
    "merge": "MERGE (n:SOE {id: 'cnpc'}) RETURN n",
    "set": "MATCH (n:SOE) SET n.name = 'x'",
    "delete": "MATCH (n:SOE) DETACH DELETE n",
    "drop": "DROP TABLE SOE",
    "alter": "ALTER TABLE SOE ADD x STRING",
    "transaction": "BEGIN TRANSACTION",
    "two statements": "MATCH (n) RETURN count(n); CHECKPOINT",
    "in lower case": "checkpoint",
}


@pytest.fixture
def db(built: BuildReport, tmp_path: Path) -> Path:
    folder = tmp_path / "db"
    folder.mkdir()
    shutil.copy2(built.db_path, folder / "kg.lbug")
    return folder / "kg.lbug"


@pytest.mark.parametrize("case", STATEMENTS, ids=list(STATEMENTS))
def test_anything_but_a_read_is_refused_and_changes_nothing(case: str, db: Path, tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("id,name\nx,X\n", encoding="utf-8")
    statement = STATEMENTS[case].replace("{tmp}", str(tmp_path))
    before, files_before = _state(db.parent), sorted(p.name for p in tmp_path.iterdir())
    result = cli("cypher", statement, "--db", str(db))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "not allowed" in lines[0] or "one statement at a time" in lines[0], lines[0]
    assert "root:" not in result.stdout  # /etc/passwd was not read
    assert _state(db.parent) == before  # no .wal or .shadow left, the database file unchanged
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before  # nothing written
    after = cli("cypher", "MATCH (n:SOE) RETURN count(n) AS n", "--db", str(db), "--json")
    assert after.returncode == 0 and '"n": ' in after.stdout


def test_words_inside_names_strings_and_properties_are_not_statements(built: BuildReport) -> None:
    with kg.open(built.db_path) as g:
        rows = g.cypher(
            "MATCH (n:SOE) WHERE n.name <> 'CHECKPOINT; COPY x' // DELETE in a comment\n"
            "RETURN n.id AS `set`, 'LOAD FROM' AS text ORDER BY n.id LIMIT 1"
        ).rows
        assert rows and rows[0][1] == "LOAD FROM"
        assert g.cypher("CALL show_tables() RETURN count(*) AS n").rows[0][0] > 10  # describes the graph
        with pytest.raises(KGError, match="CHECKPOINT is not allowed: soekg cypher is read-only"):
            g.cypher("CHECKPOINT")
