"""The export formats, a registry each exporter module fills: a module of :mod:`kg.export` that
declares ``FORMATS`` (a list of :class:`Format`) is found here, so a new format is one module.

>>> [f for f in formats()][:2]
['json', 'html']
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.errors import KGError
from kg.model.records import KnowledgeGraph

__all__ = ["DEFAULT_OUT", "Format", "Options", "check_format", "formats", "write_view"]

DEFAULT_OUT = Path("out")


@dataclass(frozen=True)
class Options:
    """What a writer may be asked besides the graph and the path."""

    focus: str | None = None  # an entity id a map is centred on
    pretty: bool = False  # indented text, where the format has any


@dataclass(frozen=True)
class Format:
    """One export format: its name, its writer, the default file (or folder) under ``out/``."""

    name: str
    write: Callable[[KnowledgeGraph, Path, Options], object]
    default: str
    order: int  # its place in lists and messages (the common formats first)
    pretty: bool = False  # whether ``--pretty`` means anything for it


@cache
def formats() -> dict[str, Format]:
    """Every registered format by name, in ``order``."""
    found: list[Format] = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):  # this package's modules
        module = importlib.import_module(f"kg.export.{info.name}")
        found += getattr(module, "FORMATS", [])
    return {f.name: f for f in sorted(found, key=lambda f: (f.order, f.name))}


def check_format(fmt: str) -> Format:
    """The format called ``fmt``, or an error naming the formats.

    >>> check_format("yaml")
    Traceback (most recent call last):
    ...
    kg.errors.KGError: unknown format 'yaml' (choose json, html, graphml, gexf, cypher or csv)
    """
    known = formats()
    if fmt not in known:
        names = list(known)
        raise KGError(f"unknown format {fmt!r} (choose {', '.join(names[:-1])} or {names[-1]})")
    return known[fmt]


def write_view(
    graph: KnowledgeGraph, fmt: str, output: Path | None, focus: str | None = None, *, pretty: bool = False
) -> Path:
    """Write ``graph`` (already narrowed to what is wanted) as ``fmt`` to ``output`` or the
    format's default path under ``out/``; a map is centred on ``focus``.

    >>> write_view(KnowledgeGraph(), "graphml", None, pretty=True)
    Traceback (most recent call last):
    ...
    kg.errors.KGError: --pretty is for JSON, not graphml
    """
    chosen = check_format(fmt)
    if pretty and not chosen.pretty:
        raise KGError(f"--pretty is for JSON, not {fmt}")
    target = output or DEFAULT_OUT / chosen.default
    chosen.write(graph, target, Options(focus=focus, pretty=pretty))
    return target
