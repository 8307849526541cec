"""Find and read article files: each kind by its reader (:mod:`kg.ingest.readers`: ``.txt`` and
``.md`` with optional YAML front matter, ``.html`` reduced to its main text). Every problem is
a one-line :class:`KGError` naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.ingest.readers import reader_for, suffixes
from kg.seeds.yamlio import read_bytes

__all__ = ["MAX_BYTES", "Article", "find_articles", "read_article"]

MAX_BYTES = 5_000_000  # a news article is far smaller; larger files are refused, not truncated


@dataclass
class Article:
    """The text of one article and what is known about it."""

    path: Path
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    raw: bytes = b""


def find_articles(paths: list[Path], skipped: list[str] | None = None) -> list[Path]:
    """Expand folders into their article files (sorted); keep files as given.

    A file found in a folder is read only if it lies in that folder once links are resolved:
    a link to ``/etc/passwd`` dropped into a news folder is skipped, and named in ``skipped``
    (a file named on the command line is read wherever it points: the user chose it).

    >>> find_articles([Path("seeds/documents")])[0].name
    '000_b788352872a1fbc9.txt'
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            folder = path.resolve()
            for p in sorted(path.rglob("*")):
                article = p.is_file() and p.suffix.lower() in suffixes()
                if not article and not (p.is_symlink() and p.is_dir()):
                    continue
                if p.resolve().is_relative_to(folder):
                    found += [p] if article else []
                elif skipped is not None:
                    what = "a link to a file" if article else "a link to a folder"
                    skipped.append(
                        f"{p}: skipped, {what} outside the folder given (only files in it are read)"
                    )
        elif path.exists():
            found.append(path)
        else:
            raise KGError("no such file or folder", path=path)
    return found


def read_article(path: Path) -> Article:
    """Read one article; front matter and HTML metadata become ``meta``.

    >>> a = read_article(Path("seeds/documents/003_c83623c98217df50.txt"))
    >>> a.text.splitlines()[0]
    'SOEs gear up to meet needs of crucial sectors'
    """
    reader = reader_for(path)
    if reader is None:
        raise KGError(f"not an article file (expected {', '.join(suffixes())})", path=path)
    try:
        raw = read_bytes(path, MAX_BYTES)
    except KGError as exc:
        raise KGError(exc.problem.replace("too large", "too large for an article"), path=path) from None
    meta, body = reader.read(raw, path)
    if not body.strip():
        raise KGError("empty document (no text after front matter)", path=path)
    return Article(path=path, text=body, meta=meta, raw=raw)
