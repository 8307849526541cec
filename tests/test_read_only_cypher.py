"""`soekg cypher` and `g.cypher` read the graph and nothing else: every LadybugDB statement
that writes, touches a file, loads an extension, attaches a database, checkpoints or changes
a setting is refused with one line, and the database, its folder and the file system stay
as they were (the database still opens afterwards, with no recovery files beside it)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


@pytest.mark.slow
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


# --- the guard reads Cypher as the engines do --------------------------------------------------
# The holes a hostile user found: a quote or backtick in a comment made the old guard read the
# rest as a string; a backticked setting; a number glued to a clause; look-alike letters.
SENTINEL = "soekg-sentinel-4f1d"  # the content of a file outside the project, never to be read


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder standing for "outside the project": a file to steal, a place to write."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.csv").write_text(f"{SENTINEL}:x:0\n", encoding="utf-8")
    return folder


ISSUE_CASES = [
    "MATCH (n) // '\nLOAD FROM '{out}/secret.csv' (file_format='csv', header=false, delim=':') RETURN * LIMIT 3 // '",
    "MATCH (n) /* ` */ COPY (MATCH (m) RETURN m.id) TO '{out}/x.csv' /* ` */",
    "MATCH (n) // \"\nCOPY (MATCH (m) RETURN m.id) TO '{out}/x.csv'",
    "CALL `threads` = 1",
    "MATCH (n) WITH n, 1.5LOAD FROM '{out}/secret.csv' (file_format='csv') RETURN *",
    "MATCH (n) ＬＯＡＤ FROM '{out}/secret.csv' RETURN *",
    "MATCH (n) RETURN n.id;\u00a0COPY (MATCH (m) RETURN m.id) TO '{out}/x.csv'",
    "RETURN 'a\\q' // an escape LadybugDB and Neo4j read differently",
    "RETURN s'{1}'",
    "MATCH (n) // \u2028LOAD FROM '{out}/secret.csv' RETURN *",
    "RETURN 'never closed",
    "RETURN 1 /* never closed",
]


@pytest.mark.slow
@pytest.mark.parametrize("case", ISSUE_CASES)
def test_the_holes_found_are_closed_on_the_cli_and_the_api(case: str, db: Path, outside: Path) -> None:
    text = case.replace("{out}", str(outside))
    before = sorted(p.name for p in outside.iterdir()), _state(db.parent)
    result = cli("cypher", text, "--db", str(db))
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert SENTINEL not in result.stdout + result.stderr
    with kg.open(db) as g, pytest.raises(KGError):
        g.cypher(text)
    assert (sorted(p.name for p in outside.iterdir()), _state(db.parent)) == before


def test_the_engine_plan_refuses_what_the_text_check_would_miss(db: Path, outside: Path) -> None:
    """Defence in depth: the store asks LadybugDB's plan first, so a statement that reached it
    (here sent straight to the store, past the text check) still neither writes nor reads a file."""
    from kg.store import EmbeddedStore
    from kg.store.base import QueryLimits

    with EmbeddedStore(db) as store:
        for statement in (f"COPY (MATCH (n) RETURN n.id) TO '{outside}/x.csv'", "CALL threads = 1",
                          "INSTALL json", "CHECKPOINT"):  # fmt: skip
            with pytest.raises(KGError, match="which is not a read of the graph"):
                store.bounded_query(statement, {}, QueryLimits(timeout=10), check_read=True)
        assert (
            store.bounded_query("MATCH (n) RETURN count(n)", {}, QueryLimits(), check_read=True).rows[0][0]
            > 0
        )
    assert sorted(p.name for p in outside.iterdir()) == ["secret.csv"]


# What a hostile query is made of: every kind of token the old guard misread, around each clause
# that reaches outside the graph.
FORBIDDEN = [
    "LOAD FROM '{out}/secret.csv' (file_format='csv', header=false, delim=':') RETURN *",
    "LOAD CSV FROM 'file:///{out}/secret.csv' AS l RETURN l",
    "COPY (MATCH (n) RETURN n.id) TO '{out}/x.csv'",
    "EXPORT DATABASE '{out}/dump'",
    "ATTACH '{out}/other.lbug' AS other (dbtype lbug)",
    "INSTALL json",
    "LOAD EXTENSION json",
    "CALL threads = 1",
    "CALL `threads` = 1",
    "CHECKPOINT",
    "CREATE (:SOE {id: 'x', name: 'x'})",
    "MATCH (n:SOE) SET n.name = 'x'",
    "CALL read_csv('{out}/secret.csv') RETURN *",
]
PIECES = [
    "// '\n", "// `\n", '// "\n', "/* ' */", "/* ` */", "/* \" */", "/*/ ' */", "'it\\'s'", '"say \\"x\\""',
    "'\\\\'", "'\\u0041'", "`a``b`", "`", "'", '"', "\\", ";", " ; ", "\n", "\t", "\u00a0", "\u2028",
    "ＬＯＡＤ", "ｃｏｐｙ", "Ⅽ", "1.5", "s", "$p", "MATCH (n)", "WITH n", "RETURN n.id", ".", ":",
]  # fmt: skip
hostile = st.builds(
    lambda before, clause, after: "".join(before) + clause + "".join(after),
    st.lists(st.sampled_from(PIECES), max_size=5),
    st.sampled_from(FORBIDDEN),
    st.lists(st.sampled_from(PIECES), max_size=5),
)


def _held(answer: str | None, refused: bool, outside: Path, db_state: dict[str, str], db: Path) -> None:
    """Refused, or an answer that read the graph only: the secret never in it, nothing written."""
    assert refused or answer is not None
    assert SENTINEL not in (answer or "")
    assert sorted(p.name for p in outside.iterdir()) == ["secret.csv"]
    assert _state(db.parent) == db_state


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=hostile)
def test_hostile_mixtures_are_refused_or_read_only_through_the_api(
    query: str, db: Path, outside: Path
) -> None:
    state = _state(db.parent)
    with kg.open(db, timeout=20) as g:
        try:
            answer, refused = str(g.cypher(query.replace("{out}", str(outside)), p="x").rows), False
        except KGError:
            answer, refused = None, True
    _held(answer, refused, outside, state, db)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=hostile)
def test_hostile_mixtures_are_refused_or_read_only_through_the_cli(
    query: str, db: Path, outside: Path
) -> None:
    state = _state(db.parent)
    result = cli("cypher", query.replace("{out}", str(outside)), "--db", str(db), "-p", "p=x", "--json")
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr
    if result.returncode == 1:
        assert result.stderr.count("\n") == 1
    _held(result.stdout if result.returncode == 0 else None, result.returncode == 1, outside, state, db)
