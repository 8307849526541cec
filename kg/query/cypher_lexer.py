r"""Cypher read as its engines read it: strings, backticked names, comments, parameters, words.

The lexical rules are those both engines share (openCypher's, which LadybugDB's and Neo4j's
grammars keep): a string is quoted with ``'`` or ``"`` and may hold ``\\ \' \" \b \f \n \r \t
\uXXXX \UXXXXXXXX`` (and LadybugDB's ``\xHH``); a backticked name doubles a backtick to hold
one; ``//`` runs to the end of the line and ``/* … */`` to its first ``*/``. Where the two
engines could read a text differently, this reads it as neither and says why (an error,
never a guess): an escape outside that list, an unclosed string, name or comment, a
character outside ASCII in the code (a look-alike letter, a space of another script), a
line break in a ``//`` comment that only some tools end the line at, Neo4j's interpolated
string ``s'…{code}…'``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kg.errors import KGError

__all__ = ["CODE", "Token", "tokens"]

# Kinds a token can be; "space" and "comment" say nothing to the engine.
CODE = frozenset({"word", "number", "string", "name", "symbol"})

_ESCAPE = re.compile(r"\\(?:[\\'\"bfnrtBFNRT]|[uU][0-9A-Fa-f]{8}|[uU][0-9A-Fa-f]{4}|[xX][0-9A-Fa-f]{2})")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Digits only: LadybugDB reads "1.5DELETE" as a number and a clause, so a word starts where
# the digits end (Neo4j refuses such text outright).
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
# Both engines skip these as white space (ASCII space, tab, line breaks, FS/GS/RS/US).
_SPACE = re.compile(r"[ \t\n\r\x0b\x0c\x1c-\x1f]+")
# Line breaks to Python, Unicode or some editor besides \r and \n: in a // comment they are
# refused, as one tool's line end is another's comment text.
_OTHER_LINE_BREAKS = re.compile(r"[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text as written, and where it starts."""

    kind: str
    text: str
    start: int

    @property
    def value(self) -> str:
        r"""A word, or a backticked name without its backticks (doubled ones single).

        >>> tokens("`a``b`")[0].value, tokens("Match")[0].value
        ('a`b', 'Match')
        """
        return self.text[1:-1].replace("``", "`") if self.kind == "name" else self.text


def _problem(text: str, at: int, what: str) -> KGError:
    return KGError(f"the query cannot be read as Cypher: {what} at character {at + 1}")


def _string(text: str, i: int) -> int:
    """The end of the string opening at ``i`` (past its closing quote)."""
    quote, j = text[i], i + 1
    while j < len(text):
        char = text[j]
        if char == quote:
            return j + 1
        if char == "\\":
            escape = _ESCAPE.match(text, j)
            if escape is None:
                raise _problem(text, j, f"an escape {text[j : j + 2]!r} neither engine reads alike")
            j = escape.end()
            continue
        j += 1
    raise _problem(text, i, "a string that is never closed")


def _name(text: str, i: int) -> int:
    """The end of the backticked name opening at ``i``; a doubled backtick is one backtick."""
    j = i + 1
    while True:
        close = text.find("`", j)
        if close < 0:
            raise _problem(text, i, "a backticked name that is never closed")
        if text.startswith("``", close):
            j = close + 2
            continue
        return close + 1


def _comment(text: str, i: int) -> int:
    if text.startswith("//", i):
        end = len(text)
        for stop in ("\n", "\r"):
            found = text.find(stop, i)
            end = found if 0 <= found < end else end
        odd = _OTHER_LINE_BREAKS.search(text, i, end)
        if odd is not None:
            raise _problem(text, odd.start(), f"a line break {_named(odd[0])} inside a // comment")
        return end
    close = text.find("*/", i + 2)
    if close < 0:
        raise _problem(text, i, "a /* comment that is never closed")
    return close + 2


def _named(char: str) -> str:
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'unnamed')})"


def tokens(text: str) -> list[Token]:
    r"""The tokens of ``text``, white space and comments included; an error where the
    engines could read it differently.

    >>> [(t.kind, t.text) for t in tokens("MATCH (n) // it's\nRETURN n.`a``b`, $p") if t.kind in CODE]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('word', 'MATCH'), ('symbol', '('), ('word', 'n'), ('symbol', ')'), ('word', 'RETURN'),
     ('word', 'n'), ('symbol', '.'), ('name', '`a``b`'), ('symbol', ','), ('symbol', '$'), ('word', 'p')]
    >>> tokens("RETURN 'a\\q'")
    Traceback (most recent call last):
    kg.errors.KGError: the query cannot be read as Cypher: an escape '\\q' neither engine reads alike ...
    >>> tokens("MATCH (n) ＤＥＬＥＴＥ n")
    Traceback (most recent call last):
    kg.errors.KGError: the query cannot be read as Cypher: U+FF24 (FULLWIDTH LATIN CAPITAL LETTER D) ...
    """
    out: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in "'\"":
            if out and out[-1].text in ("s", "S") and out[-1].start + 1 == i:
                raise _problem(
                    text, i - 1, "an interpolated string (s'…'), whose braces Neo4j reads as code,"
                )
            end, kind = _string(text, i), "string"
        elif char == "`":
            end, kind = _name(text, i), "name"
        elif text.startswith(("//", "/*"), i):
            end, kind = _comment(text, i), "comment"
        elif (space := _SPACE.match(text, i)) is not None:
            end, kind = space.end(), "space"
        elif (word := _WORD.match(text, i)) is not None:
            end, kind = word.end(), "word"
        elif (number := _NUMBER.match(text, i)) is not None:
            end, kind = number.end(), "number"
        elif " " < char < "\x7f":
            end, kind = i + 1, "symbol"
        else:
            where = "outside a string, a backticked name or a comment (only ASCII is read as code)"
            raise _problem(text, i, f"{_named(char)} {where}")
        out.append(Token(kind, text[i:end], i))
        i = end
    return out
