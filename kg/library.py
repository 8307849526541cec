"""The Cypher query library in ``cypher/``: one documented ``.cypher`` file per question.

Where the engines' Cypher differs, ``NAME.cypher`` holds the standard (Neo4j)
form and ``NAME.ladybug.cypher`` the LadybugDB form; :func:`load_library` picks
the one for the engine, so the difference lives in the library, visibly.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from kg.errors import KGError
from kg.yamlio import read_text

__all__ = ["ENGINES", "LibraryQuery", "library_dir", "load_library"]

Engine = Literal["ladybug", "neo4j"]
ENGINES: tuple[Engine, ...] = ("ladybug", "neo4j")

_PARAM = re.compile(r"^//\s*Param:\s*(\w+)\s*-\s*(.*?)\s*Example:\s*(.+?)\s*$")


@dataclass
class LibraryQuery:
    """One library query: its question, parameters (with example values) and text."""

    name: str
    question: str
    returns: str
    text: str
    path: Path
    params: dict[str, str] = field(default_factory=dict)
    param_help: dict[str, str] = field(default_factory=dict)


def library_dir() -> Path:
    """``$SOEKG_CYPHER`` if set, else the ``cypher/`` folder beside the ``kg`` package."""
    return Path(os.environ.get("SOEKG_CYPHER") or Path(__file__).resolve().parent.parent / "cypher")


def _parse(name: str, path: Path) -> LibraryQuery:
    text = read_text(path)
    query = LibraryQuery(name=name, question="", returns="", text=text, path=path)
    for line in text.splitlines():
        if not line.startswith("//"):
            continue
        if line.startswith("// Question:"):
            query.question = line.removeprefix("// Question:").strip()
        elif line.startswith("// Returns:"):
            query.returns = line.removeprefix("// Returns:").strip()
        elif match := _PARAM.match(line):
            query.params[match[1]] = match[3]
            query.param_help[match[1]] = match[2]
    if not query.question:
        raise KGError("a library query must open with a '// Question:' line", path=path)
    return query


def load_library(engine: Engine = "ladybug", folder: Path | None = None) -> dict[str, LibraryQuery]:
    """Every library query, in the form ``engine`` runs, keyed by name.

    >>> lib = load_library("ladybug")
    >>> lib["document_facts"].path.name, load_library("neo4j")["document_facts"].path.name
    ('document_facts.ladybug.cypher', 'document_facts.cypher')
    >>> lib["partners_of_soe"].params
    {'soe': 'chn-energy'}
    """
    folder = folder or library_dir()
    if not folder.is_dir():
        raise KGError("no Cypher library folder (set SOEKG_CYPHER)", path=folder)
    chosen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.cypher")):
        name, _, variant = path.name.removesuffix(".cypher").partition(".")
        if variant and variant not in ENGINES:
            raise KGError(f"unknown engine {variant!r} in the file name", path=path)
        if variant == engine or (not variant and name not in chosen):
            chosen[name] = path
    return {name: _parse(name, path) for name, path in sorted(chosen.items())}
