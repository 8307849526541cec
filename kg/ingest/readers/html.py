"""Web pages saved as HTML: the main text by trafilatura (navigation and boilerplate dropped),
the page's own title, author, site, date and address as metadata, front matter winning."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.ingest.readers import Reader
from kg.ingest.readers.text import decoded, front_matter

__all__ = ["MIN_HTML_WORDS", "READERS", "read_html_article"]

MIN_HTML_WORDS = 25


def read_html_article(raw: bytes, path: Path) -> tuple[dict[str, Any], str]:
    """An HTML page's metadata and main text (one line of error when it has none)."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    given, html = front_matter(decoded(raw, path), path)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or len(text.split()) < MIN_HTML_WORDS:  # menus and cookie banners are not articles
        raise KGError("no article text found in this HTML page", path=path)
    meta: dict[str, Any] = {}
    info = trafilatura.extract_metadata(html)
    if info is not None:
        for key, attr in (("title", "title"), ("author", "author"), ("publisher", "sitename"),
                          ("date", "date"), ("url", "url")):  # fmt: skip
            value = getattr(info, attr, None)
            if value:
                meta[key] = value
    return {**meta, **given}, text.strip() + "\n"


READERS = [Reader((".html", ".htm"), read_html_article)]
