"""The soekg command, run as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import BuildReport
from kg.cli import app
from tests.conftest import ROOT, run_cli


def _clean_checkout(dest: Path) -> None:
    """Copy what git tracks (what a clone holds) into ``dest``."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for name in files.splitlines():
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout"
)
def test_soekg_build_from_a_clean_checkout(tmp_path: Path) -> None:
    _clean_checkout(tmp_path)
    soekg = shutil.which("soekg", path=str(Path(sys.executable).parent)) or "soekg"
    result = subprocess.run([soekg, "build"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "total" in result.stdout and "Document" in result.stdout
    assert (tmp_path / "data" / "soe-kg.lbug").is_file()
    assert json.loads((tmp_path / "out" / "soe-kg.json").read_text(encoding="utf-8"))["links"]
    assert (tmp_path / "out" / "soe-kg.html").stat().st_size > 100_000
    result = subprocess.run(
        [soekg, "cypher", "MATCH (p:Person)-[r:HOLDS_ROLE]->(o) WHERE p.name_zh = $zh RETURN o.name AS org",
         "--param", "zh=张玉卓", "--json"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert json.loads(result.stdout) == [
        {"org": "State-owned Assets Supervision and Administration Commission of the State Council"}
    ]


@pytest.mark.slow
def test_cypher_prints_a_table(built: BuildReport) -> None:
    result = run_cli("cypher", "MATCH (s:SOE {id: 'chn-energy'})-[r:PARTNERS_WITH]->(c) RETURN c.name AS partner "
                     "ORDER BY partner", "--db", str(built.db_path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Hangzhou Hikvision Digital Technology" in result.stdout and "Huawei Technologies" in result.stdout
    assert "2 rows" in result.stdout


@pytest.mark.slow
def test_export_writes_the_requested_format(built: BuildReport, tmp_path: Path) -> None:
    for fmt in ("json", "html"):
        target = tmp_path / f"graph.{fmt}"
        result = run_cli("export", "--format", fmt, "--db", str(built.db_path), "-o", str(target))
        assert result.returncode == 0, result.stderr
        assert target.read_bytes() == next(p for p in built.outputs if p.suffix == f".{fmt}").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cypher", "MATCH (n RETURN n"], "query failed: Parser exception"),
        (["cypher", "MATCH (n:SOE) DETACH DELETE n"], "read-only"),
        (["cypher", "RETURN $x", "--param", "novalue"], "--param takes key=value"),
        (["export", "--format", "yaml"], "unknown format 'yaml'"),
        (["export", "--format", "xlsx"], "unknown format 'xlsx'"),
        (["brief", "CNPC", "--format", "pdf"], "unknown brief format 'pdf'"),
    ],
)
def test_usage_errors_are_one_line(built: BuildReport, args: list[str], message: str) -> None:
    result = run_cli(*args, "--db", str(built.db_path))
    assert result.returncode == (2 if "format" in message else 1)  # a wrong format is a usage mistake
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_every_command_has_help_with_an_example() -> None:
    for command in app.registered_commands:
        name = command.name or ""
        result = run_cli(name, "--help")
        assert result.returncode == 0
        assert "Example: soekg " + name in " ".join(result.stdout.split()), name
