"""The notebooks run top to bottom against the embedded store."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "01-walkthrough.ipynb",
        "02-adding-an-article.ipynb",
        "03-weekly-update.ipynb",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOEKG_DB", str(tmp_path / "soe-kg.lbug"))  # a fresh build, not the user's
    monkeypatch.setenv("SOEKG_OUT", str(tmp_path / "out"))
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    text = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for c in nb.cells if c.cell_type == "code" for o in c.outputs
    )  # fmt: skip
    assert "Traceback" not in text
    if path.stem.startswith("03"):
        assert (
            "what this adds: 1 document added" in text
            and "1 document added" in text.split("what this adds")[1]
        )
        assert "brief-sinopec.html" in text and (tmp_path / "out").exists() is False  # its own scratch folder
    elif path.stem.startswith("01"):
        assert "Hangzhou Hikvision Digital Technology" in text and "cnpc-neighbourhood.html True" in text
        assert (tmp_path / "out" / "cnpc-neighbourhood.html").exists()
    else:
        assert (
            re.search(
                r"\d+ entities accepted \(\d+ new to the catalog(, \d+ already known)?\), \d+ facts and \d+ mentions curated",
                text,
            )
            and "Ma Yongsheng" in text
        )
