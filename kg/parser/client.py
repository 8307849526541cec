"""The client of the project's parser server (``tools/corenlp-server``): timeouts, one-line errors.

The server is found from the environment that ``corenlp-server env`` prints:
``SOEKG_PARSER_URL`` (``http://127.0.0.1:PORT``) and ``SOEKG_PARSER_TOKEN``. ``SOEKG_PARSER=off``
keeps the surface rules even when a server runs. ``SOEKG_PARSER_TIMEOUT`` (seconds, 60) bounds
each request. Parses are cached by the text's hash (:mod:`kg.parser.cache`), so a text is
parsed once. Any failure — no server, a refused or dropped connection, a slow or wrong reply —
is one :class:`ParserError` line; the caller falls back to the surface rules.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kg.parser.cache import ParseCache, default_cache
from kg.parser.parsed import Parsed, ParseError, from_corenlp, join_parses

__all__ = ["Parser", "ParserError", "connect", "pieces"]

MAX_REPLY = 64 * 1024 * 1024  # a reply larger than this is not a parse of our text
PIECE = 20_000  # characters sent per request: a long article is parsed in pieces of paragraphs


class ParserError(Exception):
    """The parser could not be used; the message is one line."""


# Requests go straight to the local server: a proxy from the environment must not see the text.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Parser:
    """A connection to a running parser server; :func:`connect` makes one."""

    url: str
    token: str
    timeout: float
    info: dict[str, Any]
    cache: ParseCache | None

    @property
    def name(self) -> str:
        """What the server is, for the one line that says which path ran."""
        return f"CoreNLP {self.info.get('corenlp', '?')} ({self.info.get('annotators', '?')}) at {self.url}"

    @property
    def fingerprint(self) -> str:
        """What a cached parse depends on besides the text."""
        return json.dumps(
            {k: self.info.get(k) for k in ("corenlp", "annotators", "language")}, sort_keys=True
        )

    def parse(self, text: str) -> Parsed:
        """The parse of ``text``, from the cache or the server."""
        if self.cache is not None:
            cached = self.cache.get(self.fingerprint, text)
            if cached is not None:
                return cached
        parts = []
        for start, end in pieces(text):
            reply = _request(self, "/parse", text[start:end].encode("utf-8"))
            try:
                parts.append(from_corenlp(reply, text[start:end], start))
            except ParseError as exc:
                raise ParserError(f"the parser's reply does not fit the text: {exc}") from None
        parsed = join_parses(parts)
        if self.cache is not None:
            self.cache.put(self.fingerprint, text, parsed)
        return parsed


def pieces(text: str, size: int = PIECE) -> list[tuple[int, int]]:
    """Spans of ``text`` of at most about ``size`` characters, cut at blank lines (or line ends).

    >>> pieces("a\\n\\nbb\\n\\nc", size=4)
    [(0, 3), (3, 7), (7, 8)]
    """
    out, start = [], 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next((window.rfind(m) + len(m) for m in ("\n\n", "\n", ". ", " ") if window.rfind(m) > 0), size)
        out.append((start, start + cut))
        start += cut
    if start < len(text) or not out:
        out.append((start, len(text)))
    return out


def connect(environ: dict[str, str] | None = None, cache: ParseCache | None = None) -> Parser:
    """The parser the environment names, checked with one request; :class:`ParserError` if none.

    >>> connect({})
    Traceback (most recent call last):
    kg.parser.client.ParserError: no parser: SOEKG_PARSER_URL is not set (tools/corenlp-server/...
    """
    env = os.environ if environ is None else environ
    if env.get("SOEKG_PARSER", "").lower() in ("off", "0", "no", "surface"):
        raise ParserError("the parser is off (SOEKG_PARSER=off)")
    url = env.get("SOEKG_PARSER_URL", "").rstrip("/")
    if not url:
        raise ParserError(
            "no parser: SOEKG_PARSER_URL is not set (tools/corenlp-server/corenlp-server start; "
            'eval "$(tools/corenlp-server/corenlp-server env)")'
        )
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname or parts.username or parts.query:
        raise ParserError("SOEKG_PARSER_URL must be http://HOST:PORT (the server's own address)")
    try:
        timeout = float(env.get("SOEKG_PARSER_TIMEOUT") or 60)
    except ValueError:
        raise ParserError("SOEKG_PARSER_TIMEOUT must be a number of seconds") from None
    parser = Parser(url, env.get("SOEKG_PARSER_TOKEN", ""), timeout, {}, None)
    info = _request(parser, "/info", None, quick=True)
    if not isinstance(info, dict) or "annotators" not in info:
        raise ParserError(f"{_shown(url)} is not the project's parser server")
    parser.info = info
    parser.cache = cache if cache is not None else default_cache(env)
    return parser


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return (
        f"{parts.scheme}://{parts.hostname}:{parts.port}"
        if parts.port
        else f"{parts.scheme}://{parts.hostname}"
    )


def _request(parser: Parser, path: str, body: bytes | None, quick: bool = False) -> Any:
    request = urllib.request.Request(  # noqa: S310 (connect() admits http:// URLs only)
        parser.url + path,
        data=body,
        method="POST" if body is not None else "GET",
        headers={"Authorization": f"Bearer {parser.token}", "Content-Type": "text/plain; charset=utf-8"},
    )
    where = _shown(parser.url)
    try:
        with _OPENER.open(request, timeout=min(parser.timeout, 10) if quick else parser.timeout) as reply:
            data = reply.read(MAX_REPLY + 1)
    except urllib.error.HTTPError as exc:
        reason = {401: "it refused the token (SOEKG_PARSER_TOKEN)", 413: "the text is too long for it"}
        raise ParserError(f"parser at {where}: {reason.get(exc.code, f'HTTP {exc.code}')}") from None
    except TimeoutError:
        raise ParserError(f"parser at {where} did not answer in {parser.timeout:g} s") from None
    except (urllib.error.URLError, ConnectionError, OSError) as exc:
        why = getattr(exc, "reason", exc)
        raise ParserError(f"parser at {where} cannot be reached ({_one_line(why)})") from None
    if len(data) > MAX_REPLY:
        raise ParserError(f"parser at {where} sent a reply larger than {MAX_REPLY // 2**20} MB")
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ParserError(f"parser at {where} sent something that is not JSON") from None


def _one_line(value: object) -> str:
    return re.sub(r"\s+", " ", str(value))[:120]
