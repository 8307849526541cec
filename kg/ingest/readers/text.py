"""Plain text and Markdown articles, each with optional YAML front matter (title, publisher,
author, date, url, language between ``---`` lines).

>>> read_text_article(b"---\\ntitle: A\\n---\\nBody.\\n", Path("a.md"))
({'title': 'A'}, 'Body.\\n')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError
from kg.ingest.readers import Reader
from kg.seeds.yamlio import MAX_DEPTH, check_shape

__all__ = ["META_KEYS", "READERS", "decoded", "front_matter", "read_text_article"]

META_KEYS = {"title", "publisher", "author", "date", "url", "language"}


def decoded(raw: bytes, path: Path) -> str:
    """The file's text (UTF-8, a byte-order mark dropped, Windows line ends made plain)."""
    if b"\x00" in raw[:8192]:
        raise KGError("binary file, not text", path=path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KGError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    return text.replace("\r\n", "\n")


def front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """The front matter's keys and the text after it (none: an empty mapping and the text)."""
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


def read_text_article(raw: bytes, path: Path) -> tuple[dict[str, Any], str]:
    """A text or Markdown article: its front matter and the text after it."""
    return front_matter(decoded(raw, path), path)


READERS = [Reader((".txt", ".md"), read_text_article)]
