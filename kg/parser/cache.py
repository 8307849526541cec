"""Parses kept on disk by the text's hash, so re-ingest, eval and the tests parse a text once.

The cache lives in ``$SOEKG_PARSE_CACHE``, or ``$XDG_CACHE_HOME/soe-ai-kg/parses`` (by default
``~/.cache/soe-ai-kg/parses``): outside the seeds and the repository, since a parse is derived
data any clone may share. One gzipped JSON file per text and parser configuration (its version,
annotators and language are part of the key), written whole (a temporary file renamed), so a
killed process never leaves half a file. A file that does not read back as a parse is a miss,
and is written again.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from kg.parser.parsed import Parsed, ParseError

__all__ = ["ParseCache", "default_cache"]


class ParseCache:
    """A folder of parses.

    >>> import tempfile
    >>> cache = ParseCache(Path(tempfile.mkdtemp()))
    >>> parsed = Parsed(["Hi"], ["hi"], ["UH"], [0], [2], [0], [0], ["root"])
    >>> cache.put("corenlp", "Hi", parsed); cache.get("corenlp", "Hi") == parsed, cache.get("other", "Hi")
    (True, None)
    """

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, fingerprint: str, text: str) -> Path:
        key = hashlib.sha256(f"{fingerprint}\0{text}".encode()).hexdigest()
        return self.folder / key[:2] / f"{key}.json.gz"

    def get(self, fingerprint: str, text: str) -> Parsed | None:
        """The cached parse, or None (missing, unreadable or damaged)."""
        try:
            data = json.loads(gzip.decompress(self.path(fingerprint, text).read_bytes()))
            parsed = Parsed.from_json(data)
            parsed.check(len(text))
            return parsed
        except (OSError, EOFError, ValueError, ParseError):
            return None

    def put(self, fingerprint: str, text: str, parsed: Parsed) -> None:
        """Keep ``parsed``; a cache that cannot be written is skipped (the parse is still used)."""
        target = self.path(fingerprint, text)
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            data = gzip.compress(json.dumps(parsed.as_json(), separators=(",", ":")).encode(), mtime=0)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".parse-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)


def default_cache(environ: Mapping[str, str]) -> ParseCache:
    """The cache the environment names (see the module's text)."""
    if environ.get("SOEKG_PARSE_CACHE"):
        return ParseCache(Path(environ["SOEKG_PARSE_CACHE"]))
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return ParseCache(Path(base) / "soe-ai-kg" / "parses")
