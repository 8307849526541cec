"""Which way relations are read: the dependency parser when it runs, the surface rules otherwise.

``relations`` is ``auto`` (the parser if ``SOEKG_PARSER_URL`` names a running server, else the
surface rules), ``parser`` (the parser, or a one-line error) or ``surface``. Either way the
path is said once (:attr:`RelationPath.description`); an article the parser fails on (stopped
mid-article, too slow, a reply that is no parse) is read with the surface rules, and that is one
line (:meth:`RelationPath.parse` returns it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kg.errors import KGError
from kg.parser.client import Parser, ParserError, connect
from kg.parser.parsed import Parsed

__all__ = ["RELATION_PATHS", "RelationPath", "choose_path"]

RELATION_PATHS = ("auto", "parser", "surface")
Choice = Literal["auto", "parser", "surface"]


@dataclass
class RelationPath:
    """The parser to use (None: the surface rules), and what to tell the user about it."""

    parser: Parser | None
    description: str
    fallbacks: list[str] = field(default_factory=list)  # one line per article read without it

    @property
    def name(self) -> str:
        """``parser`` or ``surface``."""
        return "parser" if self.parser is not None else "surface"

    def parse(self, text: str, where: str) -> Parsed | None:
        """The parse of an article, or None (and a line in ``fallbacks``) if the parser fails."""
        if self.parser is None:
            return None
        try:
            return self.parser.parse(text)
        except ParserError as exc:
            self.fallbacks.append(f"{where}: {exc}; its relations were read with the surface rules")
            return None


def choose_path(relations: str = "auto") -> RelationPath:
    """The path ``relations`` asks for, checked (one request to the parser).

    >>> choose_path("surface").description
    'relations: surface rules (word order; --relations surface)'
    """
    if relations not in RELATION_PATHS:
        raise KGError(f"--relations must be one of {', '.join(RELATION_PATHS)}, not {relations!r}")
    if relations == "surface":
        return RelationPath(None, "relations: surface rules (word order; --relations surface)")
    try:
        parser = connect()
    except ParserError as exc:
        if relations == "parser":
            raise KGError(f"--relations parser: {exc}") from None
        return RelationPath(None, f"relations: surface rules (word order; {exc})")
    return RelationPath(parser, f"relations: dependency parser, {parser.name}")
