"""Bad seed input: one line naming the file, exit 1, no traceback, the old database intact."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.build import BuildReport
from kg.errors import KGError
from tests.conftest import SEEDS, cli, run_cli

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


def _remove_folder(relative: str) -> Callable[[Path], None]:
    return lambda seeds: shutil.rmtree(seeds / relative)


def _special(relative: str, make: Callable[[Path], None]) -> Callable[[Path], None]:
    """Put a link to a device, or a pipe, where a seed file was: it must be refused, not read
    (reading /dev/zero never ends; opening a pipe waits for a writer)."""

    def apply(seeds: Path) -> None:
        (seeds / relative).unlink()
        make(seeds / relative)

    return apply


CASES = {
    "aliases expanding to millions": (_write("catalog/people.yaml", ("- &p0 {id: x, type: Person, name: [a, a, a, a, a, a, a, a, a, a]}\n" + "".join(
        f"- &p{i} [{', '.join([f'*p{i - 1}'] * 10)}]\n" for i in range(1, 8))).encode()), "catalog/people.yaml", "too many values"),
    "nested too deep": (_write("catalog/people.yaml", b"- " + b"[" * 3000 + b"]" * 3000 + b"\n"), "catalog/people.yaml",
                        "nested more than 50 levels"),
    "facts folder missing": (_remove_folder("facts"), "facts", "no facts folder"),  # was: a build with no facts
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
    "negative figure": (_edit("catalog/technology.yaml", "1,675 PFLOPS", "-1,675 PFLOPS"),
                        "catalog/technology.yaml:111", "cannot be negative"),
    "absurd figure": (_edit("catalog/technology.yaml", "1,675 PFLOPS", "1,675,000,000,000,000,000 PFLOPS"),
                      "catalog/technology.yaml:111", "is beyond any real quantity"),
    "catalog not a list": (_write("catalog/people.yaml", b"id: x\ntype: Person\n"), "catalog/people.yaml",
                           "expected a list of mappings"),
    "fact without source": (_edit(FACTS0, "    source: central-soes\n", ""), f"{FACTS0}:5", "fact lacks source"),
    "metadata date": (_edit(f"documents/{DOC0}.meta.yaml", 'published: "2025"', 'published: "2025-13-45"'),
                      f"documents/{DOC0}.meta.yaml:2", "month must be in 1..12"),
    "metadata unknown key": (_edit(f"documents/{DOC0}.meta.yaml", "language: en", "language: en\nheadline: x"),
                             f"documents/{DOC0}.meta.yaml:2", "headline: Extra inputs are not permitted"),
    "key given twice": (_edit(FACTS0, "    source: sasac\n", "    source: sasac\n    source: li-zhen\n"),
                        f"{FACTS0}:12", "key 'source' appears twice"),
    "evidence not text": (_edit(FACTS0, "    evidence: Li Zhen, SASAC vice-chairman,",
                                "    evidence: 42\n    x: Li Zhen, SASAC vice-chairman,"), f"{FACTS0}:22",
                          "evidence must be a non-empty quoted sentence"),
    "document emptied": (_write(f"documents/{DOC0}.txt", b""), f"documents/{DOC0}.meta.yaml",
                         "sha256 does not match"),
    "tab indentation": (_write("catalog/people.yaml", b"- id: x\n\ttype: Person\n"), "catalog/people.yaml:2",
                        "found character '\\t'"),
    "empty name": (_edit("catalog/people.yaml", "name: Li Zhen", "name: ''"), "catalog/people.yaml:13",
                   "at least 1 character"),
    "a list where a type belongs": (_edit(FACTS0, "type: PROMOTES", "type: [PROMOTES]"), f"{FACTS0}:10",
                                    "'type' must be text, got a list"),
    "a mapping where an id belongs": (_edit(FACTS0, "    source: sasac\n", "    source: {id: sasac}\n"), FACTS0,
                                      "'source' must be text, got a mapping"),
    "a list where a date belongs": (_edit(FACTS0, "date: 2025-04", "date: [2025-04]"), FACTS0,
                                    "date: Input should be a valid string"),
    "a list where a document id belongs": (_edit(FACTS0, "document: doc-b788352872a1fbc9",
                                                 "document: [doc-b788352872a1fbc9]"), FACTS0,
                                           "'document' must name a seed document"),
    "a list where a title belongs": (_edit(f"documents/{DOC0}.meta.yaml", "title:", "title: [x]\nx:"),
                                     f"documents/{DOC0}.meta.yaml:2", "title: Input should be a valid string"),
    "catalog is a link to /dev/zero": (_special("catalog/people.yaml", lambda p: p.symlink_to("/dev/zero")),
                                       "catalog/people.yaml", "a link to a file outside the seeds folder"),
    "document is a pipe": (_special(f"documents/{DOC0}.txt", os.mkfifo), f"documents/{DOC0}.txt",
                           "not a regular file (a device, a pipe or a folder)"),
}  # fmt: skip


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory, built: BuildReport) -> Path:
    """A copy of the seed graph's build: its database (the cases check it is unchanged after
    each), its kept builds and its exports."""
    base = tmp_path_factory.mktemp("good")
    shutil.copytree(built.db_path.parent, base, dirs_exist_ok=True)
    return base / built.db_path.name


@pytest.mark.slow
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
    assert f"error: {seeds_copy / culprit}" in lines[0], lines[0]  # the file, and its line where there is one
    assert message in lines[0]
    assert re.match(r"^error: \S", lines[0])
    assert _digest(db) == before
    assert not (tmp_path / "out").exists()
    check = run_cli("cypher", "MATCH (d:Document) RETURN count(*) AS n", "--db", str(db), "--json")
    assert '"n": 5' in check.stdout


@pytest.mark.slow
def test_missing_seeds_folder(tmp_path: Path) -> None:
    result = run_cli("build", "--seeds", str(tmp_path / "nowhere"), "--db", str(tmp_path / "kg.lbug"))
    assert result.returncode == 1
    assert "no seeds folder here" in result.stderr and "Traceback" not in result.stderr


# Options, parameters, environment, configuration and review files: (args, env, setup, culprit, message).
# ``{tmp}`` in an argument or value is the test's scratch folder; ``{db}`` a built database.
COMMAND_CASES = {
    "parameter out of range": (["query", "neighbourhood", "-p", "id=cnpc", "-p", "depth=9", "--db", "{db}"], {},
                               None, None, "parameter 'depth' must be from 1 to 3, got 9"),
    "parameter not a number": (["query", "people_roles", "-p", "limit=all", "--db", "{db}"], {}, None, None,
                               "parameter 'limit' must be a whole number"),
    "parameter not a date": (["query", "timeline", "-p", "since=last spring", "-p", "until=2026", "--db", "{db}"],
                             {}, None, None, "must be an ISO date"),
    "unknown parameter": (["query", "partners_of_soe", "-p", "soe=cnpc", "-p", "year=3", "--db", "{db}"], {},
                          None, None, "has no parameter 'year'"),
    "option not a number": (["export", "--format", "html", "--depth", "x", "--db", "{db}"], {}, None, None,
                            "Invalid value for '--depth'"),
    "unknown option": (["query", "--bogus"], {}, None, None, "No such option: --bogus"),
    "unknown command": (["bogus"], {}, None, None, "No such command 'bogus'"),
    "database is a folder": (["cypher", "RETURN 1"], {"SOEKG_DB": "{tmp}"}, None, "{tmp}",
                             "not a database file (a folder or a device)"),
    "database is a device": (["cypher", "RETURN 1", "--db", "/dev/null"], {}, None, "/dev/null",
                             "not a database file (a folder or a device)"),
    "build into a folder": (["build", "--seeds", "{seeds}", "--db", "{tmp}", "--out", "{tmp}/out"], {}, None,
                            "{tmp}", "not a regular file (a folder, a device or a pipe)"),
    "export over a folder": (["export", "-f", "json", "--db", "{db}", "-o", "{tmp}"], {}, None, "{tmp}",
                             "not a regular file (a folder, a device or a pipe)"),
    "CSV export over a file": (["export", "-f", "csv", "--db", "{db}", "-o", "{tmp}/taken"], {},
                               ("taken", b"a file"), "{tmp}/taken", "a CSV export is a folder of files"),
    "Neo4j URI with a secret and escape codes": (["build", "--neo4j"], {"NEO4J_URI": "http://h:1/\x1b[2J?password=pw-1",
                                                  "NEO4J_PASSWORD": "x"}, None, None,
                                                 "Neo4j URI 'http://h:1' must start with one of"),
    "database not built": (["cypher", "RETURN 1", "--db", "{tmp}/none.lbug"], {}, None, "{tmp}/none.lbug",
                           "no database here; run `soekg build` first"),
    "database file corrupt": (["cypher", "RETURN 1", "--db", "{tmp}/junk.lbug"], {},
                              ("junk.lbug", b"\x89LBUG" + bytes(range(256)) * 20), "{tmp}/junk.lbug",
                              "not a valid Lbug database file"),
    "Neo4j URI scheme": (["build", "--neo4j"], {"NEO4J_URI": "http://localhost:7474", "NEO4J_PASSWORD": "pw-1"},
                         None, None, "Neo4j URI 'http://localhost:7474' must start with one of"),
    "Neo4j not configured": (["build", "--neo4j"], {"NEO4J_URI": ""}, None, None, "no Neo4j server given"),
    "library parameter line": (["query", "--list"], {"SOEKG_CYPHER": "{tmp}"},
                               ("q.cypher", b"// Question: q\n// Param: x (float) - y. Example: 1\nRETURN $x\n"),
                               "{tmp}/q.cypher:2", "a parameter line reads"),
    "review file malformed": (["ingest", "--seeds", "{tmp}", "--accept", "{tmp}/review/bad.yaml", "--no-build"], {},
                              ("review/bad.yaml", b"document: doc-x\nfacts:\n  - type: [\n"), "{tmp}/review/bad.yaml:4",
                              "invalid YAML"),
    "review file missing": (["ingest", "--seeds", "{tmp}", "--accept", "{tmp}/review/gone.yaml", "--no-build"], {},
                            None, "{tmp}/review/gone.yaml", "file not found"),
    "accept a curated file": (["ingest", "--seeds", "{tmp}", "--accept", "{tmp}/facts/f.yaml", "--no-build"], {},
                              ("facts/f.yaml", b"document: doc-x\nfacts: []\n"), "{tmp}/facts/f.yaml",
                              "only a review file in"),
    "review id is a list": (["ingest", "--seeds", "{tmp}", "--accept", "{tmp}/review/r.yaml", "--no-build"], {},
                            ("review/r.yaml", b"document: doc-x\ncandidates:\n  - {key: [a, b], type: SOE}\n"),
                            "{tmp}/review/r.yaml:3", "'key' must be text, got a list"),
    "accept not a boolean": (["ingest", "--seeds", "{tmp}", "--accept", "{tmp}/review/r.yaml", "--no-build"], {},
                             ("review/r.yaml", b"document: doc-x\nfacts:\n  - {type: X, accept: 'false'}\n"),
                             "{tmp}/review/r.yaml:3", "'accept' must be true or false, got 'false'"),
    "exports to a path that is a file": (["build", "--seeds", "{seeds}", "--db", "{db}", "--out", "{tmp}/taken"], {},
                                         ("taken", b"not a folder"), "{tmp}/taken",
                                         "cannot write the exports"),
    "escape codes in a name": (["brief", "Evil\x1b[2J", "--db", "{db}"], {}, None, None,
                               "no entity called 'Evil\\x1b[2J'"),
    "seeds too large for memory": (["build", "--seeds", "{seeds}", "--db", "{db}", "--out", "{tmp}/out"],
                                   {"SOEKG_MEMORY": "50M"}, None, "{seeds}",
                                   "building these seeds needs about 4"),
    "Neo4j sessions not a number": (["build", "--neo4j"], {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "x",
                                    "NEO4J_LOAD_SESSIONS": "many"}, None, None,
                                    "NEO4J_LOAD_SESSIONS must be a whole number of sessions from 1, got 'many'"),
    "memory setting not a size": (["build", "--seeds", "{seeds}", "--db", "{db}", "--out", "{tmp}/out"],
                                  {"SOEKG_MEMORY": "lots"}, None, None, "SOEKG_MEMORY must be a size such as 6G"),
    "date not on the calendar": (["export", "-f", "json", "--since", "2025-13", "--db", "{db}", "-o", "{tmp}/x.json"],
                                 {}, None, None, "parameter 'since' must be an ISO date"),
}  # fmt: skip


CLICK_USAGE = {"option not a number", "unknown option", "unknown command"}


@pytest.mark.parametrize("case", COMMAND_CASES, ids=list(COMMAND_CASES))
def test_bad_command_input(case: str, good_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args, env, setup, culprit, message = COMMAND_CASES[case]
    fill = {"tmp": str(tmp_path), "db": str(good_db), "seeds": str(SEEDS)}
    if setup:
        (tmp_path / setup[0]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / setup[0]).write_bytes(setup[1])
    for key, value in env.items():
        monkeypatch.setenv(key, value.format(**fill))
    before = _digest(good_db)
    # In this process (the same code, without an interpreter's start-up each time), except the
    # usage errors that click itself raises: kg.cli.run, the process's entry, makes those one line.
    runner = run_cli if case in CLICK_USAGE else cli
    result = runner(*[a.format(**fill) for a in args])
    assert result.returncode in (1, 2), result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("error: ") and message in lines[0], lines[0]
    if culprit:
        assert f"error: {culprit.format(**fill)}" in lines[0], lines[0]
    assert "pw-1" not in result.stdout + result.stderr and "\x1b" not in result.stderr
    assert _digest(good_db) == before
    if setup:  # the file the command was given is still there: refusing never removes
        assert (tmp_path / setup[0]).read_bytes() == setup[1]


@pytest.mark.slow
def test_a_pipe_as_the_database_is_refused_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "kg.lbug"
    os.mkfifo(fifo)
    result = run_cli("build", "--seeds", str(SEEDS), "--db", str(fifo), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        result.stderr
        == f"error: {fifo}: not a regular file (a folder, a device or a pipe); give a file path\n"
    )
    assert stat.S_ISFIFO(fifo.stat().st_mode) and not (tmp_path / "out").exists()


def test_values_json_cannot_hold_are_written_as_text(good_db: Path) -> None:
    """Durations, UUIDs, blobs and decimals: ISO text, text, hex and a number, in every format."""
    statement = ("RETURN interval('1 day 2 hours') AS span, gen_random_uuid() AS uuid, BLOB('\\\\xAA\\\\xBB') AS blob, "
                 "CAST(1.5 AS DECIMAL(10, 2)) AS amount")  # fmt: skip
    printed = cli("cypher", statement, "--db", str(good_db), "--json")
    (row,) = json.loads(printed.stdout)
    assert (row["span"], row["blob"], row["amount"]) == ("P1DT2H", "aabb", 1.5)
    assert re.fullmatch(r"[0-9a-f-]{36}", row["uuid"])
    table = cli("cypher", statement, "--db", str(good_db))
    assert table.returncode == 0 and "P1DT2H" in table.stdout


@pytest.mark.slow
def test_output_that_cannot_be_written_is_one_line(good_db: Path) -> None:
    """Standard output full (`> /dev/full`) or unable to show Chinese (an ASCII terminal)."""
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "kg", "query", "top_connected", "--db", str(good_db)],
                                stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == "error: cannot write the output: No space left on device\n"
    ascii_only = subprocess.run(
        [sys.executable, "-m", "kg", "cypher", "MATCH (a:Agency {id: 'sasac'}) RETURN a.name_zh AS zh",
         "--db", str(good_db), "--json"],
        capture_output=True, text=True, env={**os.environ, "PYTHONIOENCODING": "ascii"}, timeout=120,
    )  # fmt: skip
    assert ascii_only.returncode == 0 and ascii_only.stderr == "", ascii_only.stderr
    assert "\\u56fd\\u52a1\\u9662" in ascii_only.stdout


@pytest.mark.slow
def test_articles_that_are_devices_or_pipes_are_refused(seeds_copy: Path, tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.md")
    before = {p: p.read_bytes() for p in seeds_copy.rglob("*") if p.is_file()}
    for name in ("zero.txt", "pipe.md"):
        result = run_cli("ingest", str(tmp_path / name), "--seeds", str(seeds_copy), "--no-build")
        assert result.returncode == 1
        assert (
            result.stderr == f"error: {tmp_path / name}: not a regular file (a device, a pipe or a folder)\n"
        )
    assert {p: p.read_bytes() for p in seeds_copy.rglob("*") if p.is_file() and p.name != ".soekg.lock"} == {
        p: b for p, b in before.items() if p.name != ".soekg.lock"
    }


# --- issue 25: the promises above, for the cases a hostile user found broken -----------------------


def _closed_stdout(*args: str) -> subprocess.CompletedProcess[str]:
    """``soekg ARGS >&-``: started with standard output closed."""
    return subprocess.run([sys.executable, "-m", "kg", *args], stdout=None, stderr=subprocess.PIPE, text=True,
                          timeout=120, preexec_fn=lambda: os.close(1))  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["query", "top_connected", "--json"],
        ["query", "top_connected", "--csv"],
        ["cypher", "MATCH (n) RETURN n.name"],
        ["cypher", "MATCH (n) RETURN n.name", "--json"],
        ["brief", "CNPC"],
        ["diff", "{json}", "{json}", "--json"],
    ],
    ids=["query --json", "query --csv", "cypher", "cypher --json", "brief", "diff --json"],
)
def test_a_closed_stdout_is_one_line_and_exit_1(args: list[str], good_db: Path) -> None:
    exported = good_db.parent / "out" / "soe-kg.json"
    result = _closed_stdout(*[a.replace("{json}", str(exported)) for a in args], "--db", str(good_db))
    assert result.returncode == 1
    assert result.stderr == "error: cannot write the output: standard output is closed\n"


@pytest.mark.slow
def test_control_characters_in_a_docx_brief_are_written_out(seeds_copy: Path, tmp_path: Path) -> None:
    import docx

    _edit("catalog/people.yaml", "name: Li Zhen", 'name: "Li\\e[2J Zhen\\x07"')(seeds_copy)
    assert run_cli("build", "--seeds", str(seeds_copy), "--db", str(tmp_path / "kg.lbug"),
                   "--out", str(tmp_path / "out")).returncode == 0  # fmt: skip
    target = tmp_path / "brief.docx"
    result = run_cli("brief", "li-zhen", "-f", "docx", "-o", str(target), "--db", str(tmp_path / "kg.lbug"))
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Li\\x1b[2J Zhen\\x07" in text and "\x1b" not in text


@pytest.mark.slow
def test_json_nested_too_deep_is_one_line(tmp_path: Path, good_db: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    exported = good_db.parent / "out" / "soe-kg.json"
    for args in ([str(deep), str(exported)], [str(exported), str(deep)]):
        result = run_cli("diff", *args)
        assert result.returncode == 1
        assert result.stderr == f"error: {deep}: not a soe-ai-kg JSON export (nested too deep to read)\n"


@pytest.mark.slow
def test_a_missing_parameter_is_an_error_naming_it(good_db: Path) -> None:
    import kg

    result = run_cli("cypher", "MATCH (p:Person) WHERE p.id = $who RETURN p.name", "--db", str(good_db))
    assert result.returncode == 1
    assert result.stderr.startswith("error: the query uses $who but no value was given for it (--param who=")
    with kg.open(good_db) as g, pytest.raises(KGError, match=r"uses \$who"):
        g.cypher("MATCH (p:Person) WHERE p.id = $who RETURN p.name")


@pytest.mark.slow
@pytest.mark.parametrize("how", ["unreachable", "wrong password"])
def test_build_neo4j_that_cannot_connect_changes_nothing(how: str, good_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "kg.lbug"
    shutil.copy2(good_db, db)
    before = {p.name: _digest(p) for p in tmp_path.iterdir() if p.is_file()}
    port = (
        "9" if how == "unreachable" else os.environ.get("NEO4J_URI", "bolt://127.0.0.1:9").rsplit(":", 1)[1]
    )
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--db", str(db), "--out", str(tmp_path / "out"), "--neo4j",
         "--neo4j-uri", f"bolt://127.0.0.1:{port}"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "NEO4J_PASSWORD": "not-the-password"},
    )  # fmt: skip
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert {p.name: _digest(p) for p in tmp_path.iterdir() if p.is_file()} == before
    assert not (tmp_path / "out").exists() and not (tmp_path / "kg.lbug.builds").exists()


@pytest.mark.slow
def test_a_failed_build_leaves_no_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("a file where the exports' folder should be", encoding="utf-8")
    db = tmp_path / "data" / "deeper" / "kg.lbug"
    result = run_cli("build", "--seeds", str(SEEDS), "--db", str(db), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no data/, no kg.lbug.builds/


@pytest.mark.slow
def test_an_article_folder_cannot_carry_in_files_from_outside(seeds_copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "pw.txt").symlink_to(secret)
    (news / "linked").symlink_to(tmp_path, target_is_directory=True)  # a folder linking out
    (news / "sub" / "a.md").write_text(
        "Sinopec signed a strategic cooperation agreement with Baidu.\n", "utf-8"
    )
    (news / "inside.txt").symlink_to(news / "sub" / "a.md")  # a link within the folder: read
    result = run_cli("ingest", str(news), "--seeds", str(seeds_copy), "--no-build")
    assert result.returncode == 1
    assert sorted(result.stderr.splitlines()) == [
        f"error: {news / 'linked'}: skipped, a link to a folder outside the folder given (only files in it are read)",
        f"error: {news / 'pw.txt'}: skipped, a link to a file outside the folder given (only files in it are read)",
    ]
    assert "ingested" in result.stdout
    stored = "".join(p.read_text("utf-8") for p in (seeds_copy / "documents").glob("*.txt"))
    assert "root:x:0" not in stored
    named = run_cli("ingest", str(news / "pw.txt"), "--seeds", str(seeds_copy), "--no-build")
    assert named.returncode == 0, named.stderr  # a file the user names is read where it points


@pytest.mark.slow
def test_a_seed_file_linking_outside_the_seeds_stops_the_build(
    seeds_copy: Path, good_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "kg.lbug"
    shutil.copy2(good_db, db)
    before = _digest(db)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text((seeds_copy / "catalog" / "people.yaml").read_text("utf-8"), encoding="utf-8")
    (seeds_copy / "catalog" / "people.yaml").unlink()
    (seeds_copy / "catalog" / "people.yaml").symlink_to(outside)
    result = run_cli("build", "--seeds", str(seeds_copy), "--db", str(db), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr == (f"error: {seeds_copy / 'catalog' / 'people.yaml'}: a link to a file outside the "
                             "seeds folder (only files inside it are read)\n")  # fmt: skip
    assert _digest(db) == before
