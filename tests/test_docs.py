"""The README stays true: its model table is current, its Python snippet runs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from kg.build import BuildReport
from kg.model.doc import model_markdown
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_model_table_is_current() -> None:
    block = README.split("<!-- model:start -->\n")[1].split("\n<!-- model:end -->")[0]
    assert block == model_markdown(), "run `python -m kg.model.doc` and paste it into README.md"


def test_python_snippet_runs(built: BuildReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.search(r"```python\n(.*?)```", README, re.S)
    assert code is not None
    (tmp_path / "data").mkdir()
    shutil.copy(built.db_path, tmp_path / "data" / "soe-kg.lbug")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, object] = {}
    exec(code.group(1), scope)  # noqa: S102 - our own README
    assert {"launched": "AI Huanxin", "date": "2025-07"} in scope["rows"]  # type: ignore[operator]
    graph = scope["graph"]
    assert scope["nxg"].number_of_nodes() == len(graph.documents) + len(graph.entities)  # type: ignore[attr-defined]
    scope["g"].close()  # type: ignore[attr-defined]


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", README)
    assert len(commands) == 2
    assert "soekg build" in commands[0] and "pytest" in commands[1]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_files_and_queries_the_readme_names_exist() -> None:
    # the project's own files (seeds/ paths in the README are examples of what ingest writes)
    for path in re.findall(r"\b(cypher/[\w.]+\.cypher|kg/[\w/]+\.(?:py|yaml))", README):
        if "NAME" not in path:  # placeholders in the file-format descriptions
            assert (ROOT / path).exists(), path
    from kg.query.library import load_library

    names = set(load_library("ladybug"))
    for name in re.findall(r"soekg query (\w+)", README):
        assert name in names | {"NAME"}, name
