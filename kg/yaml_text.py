"""Block-style YAML written directly, as LibYAML writes it, for data of one-line strings.

Review files are mappings and lists of short strings and numbers. Building PyYAML nodes
for them and calling back into Python for every scalar took most of the time of writing
one. Here each scalar's style is decided as LibYAML's emitter decides it (plain when it
reads back as the same string, else single-quoted); anything else (a line break, a tab,
a character YAML must escape, a line longer than the width, other types) returns
``None``, and :func:`kg.yamlio.dump_yaml` leaves it to PyYAML. A property test compares
the two texts.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["block_text"]

# One printable line: LibYAML's printable characters (which leave out the byte-order mark and
# everything past U+FFFF) less line breaks (\u2028, \u2029) and tabs (never plain nor quoted).
_ONE_LINE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")
# What keeps a one-line string from being plain in block context (LibYAML's analyze_scalar):
# a document marker or an indicator first, ": " or " #" inside, a space at either end.
_NOT_PLAIN = re.compile(r"^(?:---|\.\.\.|[-?:](?: |$)|[#,\[\]{}&*!|>'\"%@`])|:(?: |$)| #|^ | $")
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(pairs) for first, pairs in yaml.SafeDumper.yaml_implicit_resolvers.items() if first
}
_STR = "tag:yaml.org,2002:str"
_LONGEST_KEY = 128  # bytes: a longer key is written as a complex key ("? ...")


class _Unwritten(Exception):
    """Data this writer does not decide: PyYAML writes it."""


def _scalar(text: str) -> str:
    if _ONE_LINE.fullmatch(text) is None:
        raise _Unwritten
    if text and _NOT_PLAIN.search(text) is None and _reads_as(text) == _STR:
        return text
    return "'" + text.replace("'", "''") + "'"


def _reads_as(plain: str) -> str:
    """The tag a plain scalar resolves to (PyYAML's implicit resolvers, by first character)."""
    for tag, rx in _RESOLVERS.get(plain[0], ()):
        if rx.match(plain):
            return tag
    return _STR


def _float(value: float) -> str:
    """PyYAML's spelling of a float that reads back as one (0.5, 300000000000.0); others
    (inf, nan, 1e+20, which PyYAML respells) are left to PyYAML."""
    text = repr(value)
    if _reads_as(text) != "tag:yaml.org,2002:float":
        raise _Unwritten
    return text


def _value(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _scalar(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    raise _Unwritten


def _key(key: Any) -> str:
    if type(key) is not str or len(key.encode("utf-8")) > _LONGEST_KEY:
        raise _Unwritten
    return _scalar(key)


def _mapping(data: dict[Any, Any], indent: str, out: list[str], seen: set[int]) -> None:
    for key, value in data.items():
        head = f"{indent}{_key(key)}:"
        kind = type(value)
        if kind is dict or kind is list:
            _once(value, seen)
            if not value:
                out.append(f"{head} {'{}' if kind is dict else '[]'}\n")
                continue
            out.append(head + "\n")
            if kind is dict:
                _mapping(value, indent + "  ", out, seen)
            else:
                _sequence(value, indent, out, seen)  # LibYAML does not indent a list in a mapping
        else:
            out.append(f"{head} {_value(value)}\n")


def _once(collection: Any, seen: set[int]) -> None:
    if id(collection) in seen:
        raise _Unwritten  # PyYAML writes an anchor and an alias
    seen.add(id(collection))


def _sequence(items: list[Any], indent: str, out: list[str], seen: set[int]) -> None:
    for item in items:
        kind = type(item)
        if kind is list:
            raise _Unwritten  # a list in a list: not in the files written here
        if kind is dict:
            _once(item, seen)
        if kind is dict and item:
            start = len(out)
            _mapping(item, indent + "  ", out, seen)
            out[start] = f"{indent}- {out[start][len(indent) + 2 :]}"  # the first key on the dash
        elif kind is dict:
            out.append(f"{indent}- {{}}\n")
        else:
            out.append(f"{indent}- {_value(item)}\n")


def block_text(data: Any, width: int) -> str | None:
    """``data``, a non-empty mapping, as LibYAML writes it in block style, or ``None``.

    >>> print(block_text({"name": "CNPC: AI", "aliases": ["CNPC"], "score": 0.5}, 80), end="")
    name: 'CNPC: AI'
    aliases:
    - CNPC
    score: 0.5
    """
    if type(data) is not dict or not data or width <= 4:  # LibYAML takes a width of 4 or less as 80
        return None
    out: list[str] = []
    try:
        _mapping(data, "", out, {id(data)})
    except _Unwritten:
        return None
    # LibYAML folds a line once it passes the width: only text of shorter lines is the same.
    if max(map(len, out)) > width:
        return None
    return "".join(out)
