"""Article readers, a registry each reader module fills: a module here that declares ``READERS``
(a list of :class:`Reader`) is found by :func:`readers`, so a new kind of source (PDF, say) is
one module. A reader turns a file's bytes into its metadata and plain text.

>>> sorted(suffixes())
['.htm', '.html', '.md', '.txt']
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["Reader", "reader_for", "readers", "suffixes"]


@dataclass(frozen=True)
class Reader:
    """One kind of article file: the suffixes it reads and how (bytes → metadata, text)."""

    suffixes: tuple[str, ...]
    read: Callable[[bytes, Path], tuple[dict[str, Any], str]]


@cache
def readers() -> tuple[Reader, ...]:
    """Every registered reader, by module name."""
    found: list[Reader] = []
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        found += getattr(importlib.import_module(f"{__name__}.{info.name}"), "READERS", [])
    return tuple(found)


def suffixes() -> tuple[str, ...]:
    """The file suffixes some reader reads (lower case)."""
    return tuple(s for r in readers() for s in r.suffixes)


def reader_for(path: Path) -> Reader | None:
    """The reader of ``path``'s suffix, or None."""
    suffix = path.suffix.lower()
    return next((r for r in readers() if suffix in r.suffixes), None)
