"""Read an article file: ``.txt``, ``.md`` or ``.html``, with optional YAML front matter.

HTML is reduced to its main text by trafilatura (navigation and boilerplate dropped).
Every problem is a one-line :class:`KGError` naming the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError
from kg.yamlio import MAX_DEPTH, check_shape, read_bytes

__all__ = ["MAX_BYTES", "SUFFIXES", "Article", "find_articles", "read_article"]

SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_BYTES = 5_000_000  # a news article is far smaller; larger files are refused, not truncated
MIN_HTML_WORDS = 25
META_KEYS = {"title", "publisher", "author", "date", "url", "language"}


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
                article = p.is_file() and p.suffix.lower() in SUFFIXES
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


def _front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    if not text.startswith("---"):
        return {}, text
    lines = text.splitlines(keepends=True)
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
    if end is None:
        raise KGError("front matter opened with '---' is never closed", path=path, line=1)
    check_shape("".join(lines[1:end]), path, first_line=2)  # no alias bombs, no endless nesting
    try:
        meta = yaml.safe_load("".join(lines[1:end])) or {}
    except RecursionError:
        raise KGError(f"front matter nested more than {MAX_DEPTH} levels deep", path=path, line=2) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        raise KGError(f"invalid front matter: {getattr(exc, 'problem', exc)}", path=path, line=line) from None
    if not isinstance(meta, dict):
        raise KGError("front matter must be a mapping (key: value lines)", path=path, line=2)
    unknown = set(meta) - META_KEYS
    if unknown:
        known = ", ".join(sorted(META_KEYS))
        raise KGError(f"unknown front matter key {sorted(unknown)[0]!r} (known: {known})", path=path)
    meta = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in meta.items()}
    return meta, "".join(lines[end + 1 :]).lstrip("\n")


def _html_text(html: str, path: Path) -> tuple[dict[str, Any], str]:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or len(text.split()) < MIN_HTML_WORDS:  # menus and cookie banners are not articles
        raise KGError("no article text found in this HTML page", path=path)
    meta: dict[str, Any] = {}
    info = trafilatura.extract_metadata(html)
    if info is not None:
        for key, attr in (
            ("title", "title"),
            ("author", "author"),
            ("publisher", "sitename"),
            ("date", "date"),
            ("url", "url"),
        ):
            value = getattr(info, attr, None)
            if value:
                meta[key] = value
    return meta, text.strip() + "\n"


def read_article(path: Path) -> Article:
    """Read one article; front matter and HTML metadata become ``meta``.

    >>> a = read_article(Path("seeds/documents/003_c83623c98217df50.txt"))
    >>> a.text.splitlines()[0]
    'SOEs gear up to meet needs of crucial sectors'
    """
    if path.suffix.lower() not in SUFFIXES:
        raise KGError(f"not an article file (expected {', '.join(SUFFIXES)})", path=path)
    try:
        raw = read_bytes(path, MAX_BYTES)
    except KGError as exc:
        raise KGError(exc.problem.replace("too large", "too large for an article"), path=path) from None
    if b"\x00" in raw[:8192]:
        raise KGError("binary file, not text", path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KGError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    text = text.replace("\r\n", "\n")
    meta, body = _front_matter(text, path)
    if path.suffix.lower() in (".html", ".htm"):
        html_meta, body = _html_text(body, path)
        meta = {**html_meta, **meta}  # front matter wins over what the page says
    if not body.strip():
        raise KGError("empty document (no text after front matter)", path=path)
    return Article(path=path, text=body, meta=meta, raw=raw)
