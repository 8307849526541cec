"""Reading the hand-edited YAML files of ``seeds/`` with line numbers for errors, and writing YAML."""

from __future__ import annotations

import re
import stat
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError

__all__ = [
    "LINE",
    "MAX_FILE_BYTES",
    "check_shape",
    "dump_yaml",
    "read_bytes",
    "read_text",
    "read_yaml",
    "require_text",
    "strip_lines",
]

# Hand-edited YAML is data, never a puzzle: at most this many values once every alias is
# expanded (nine aliases of nine aliases of … make a 1 KB file into gigabytes), and at most
# this deep. The seeds' largest file has a few hundred values.
MAX_VALUES = 200_000
MAX_DEPTH = 50

LINE = "__line__"  # key added to every mapping: the line it starts on, for error messages


class _Lines(yaml.constructor.SafeConstructor):
    """A safe loader's constructor that records each mapping's line and keeps dates as strings."""

    yaml_implicit_resolvers: dict[Any, Any]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # YAML keeps the last of two equal keys silently; in a hand-edited file that hides a mistake.
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # SafeLoader itself reports an unhashable key
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


# Dates stay text ("2025-08" and "2025-08-01" alike); the model parses them. Only true and false
# are booleans, as in YAML 1.2: in word lists "on", "no" and "off" are words, not YAML 1.1's bools.
_BOOL = "tag:yaml.org,2002:bool"
_Lines.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp" and tag != _BOOL]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Lines.yaml_implicit_resolvers[_first].append(
        (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"))
    )


class _LineLoader(_Lines, yaml.SafeLoader):
    """The pure-Python parser: its error messages are the ones users see."""


# LibYAML's parser, where PyYAML has it (its wheels do), reads a file ten times faster. A file it
# rejects is read again by the Python one, so errors are worded the same everywhere, and so is
# a file with characters on which the two parsers differ (found by the fuzz tests): LibYAML
# accepts tabs that PyYAML rejects, and reads an empty tag ("!") as "" where PyYAML reads None.
# LibYAML also accepts a few malformed texts PyYAML rejects (">#"); they are read as it reads them.
_PYTHON_ONLY = frozenset("\t!")
_FastLoader: Any = type("_FastLoader", (_Lines, getattr(yaml, "CSafeLoader", yaml.SafeLoader)), {})


MAX_FILE_BYTES = 200_000_000  # far above any seed file; a link to /dev/zero must not be read


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or a one-line :class:`KGError`:
    a device, a pipe or a folder is refused before it is opened (reading ``/dev/zero`` never
    ends, a pipe waits for a writer).

    >>> read_bytes(Path("/dev/zero"))
    Traceback (most recent call last):
    ...
    kg.errors.KGError: /dev/zero: not a regular file (a device, a pipe or a folder)
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise KGError("not a regular file (a device, a pipe or a folder)", path=path)
        if info.st_size > limit:
            raise KGError(f"too large ({info.st_size:,} bytes; limit {limit:,})", path=path)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise KGError("file not found", path=path) from None
    except OSError as exc:
        raise KGError(exc.strerror or "cannot read", path=path) from None
    if len(data) > limit:  # it grew while we read it
        raise KGError(f"too large (over {limit:,} bytes)", path=path)
    return data


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, or raise a one-line :class:`KGError` naming it."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KGError(f"not UTF-8 text (byte {exc.start})", path=path) from None


def check_shape(text: str, where: Path, first_line: int = 1) -> None:
    """Refuse YAML whose aliases expand past :data:`MAX_VALUES` values or that nests deeper
    than :data:`MAX_DEPTH`, before it is built into Python objects.

    >>> lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    >>> lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]  # 10**7 values
    >>> check_shape("\\n".join(lines), Path("x.yaml"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.KGError: x.yaml: too many values once its aliases are expanded (more than 200,000)...
    """
    try:
        root = yaml.compose(text, Loader=_COMPOSER)  # aliases stay shared nodes here: no expansion
    except yaml.YAMLError:
        return  # the loader reports the syntax error, with its line
    except RecursionError:
        raise KGError(f"nested more than {MAX_DEPTH} levels deep", path=where, line=first_line) from None
    sizes: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise KGError(
                f"nested more than {MAX_DEPTH} levels deep",
                path=where,
                line=node.start_mark.line + first_line,
            )
        if id(node) not in sizes:
            if isinstance(node, yaml.ScalarNode):
                total = 1
            elif isinstance(node, yaml.SequenceNode):
                total = 1 + sum(size(child, depth + 1) for child in node.value)
            else:
                total = 1 + sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
            if total > MAX_VALUES:
                raise KGError(f"too many values once its aliases are expanded (more than {MAX_VALUES:,}): "
                              "keep aliases for repeated sentences", path=where)  # fmt: skip
            sizes[id(node)] = total
        return sizes[id(node)]

    if root is not None:
        size(root, 0)


_COMPOSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; every mapping carries its line under ``LINE``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("a: 2025-08-01\\n")
    >>> read_yaml(p)
    {'a': '2025-08-01', '__line__': 1}
    """
    text = read_text(path)
    check_shape(text, path)
    try:
        return _load(text)
    except RecursionError:  # LibYAML refused the depth, and the pure-Python parser recursed
        raise KGError(f"nested more than {MAX_DEPTH} levels deep", path=path) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise KGError(f"invalid YAML: {exc.problem}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise KGError(f"invalid YAML: {exc}", path=path) from None


def _load(text: str) -> Any:
    if _PYTHON_ONLY.isdisjoint(text):
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader subclass
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass


# LibYAML's emitter when PyYAML has it (its wheels do): ten times faster than the pure-Python one,
# which was the largest cost of ingesting an article (its review file).
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_TAG = "tag:yaml.org,2002:"
_FLOAT = (
    yaml.representer.SafeRepresenter().represent_float
)  # the float spellings PyYAML writes (.inf, 1.0e+20)


class _Unwritable(Exception):
    """Data the fast path leaves to PyYAML's representer (other types, shared objects)."""


def _node(data: Any, seen: set[int]) -> yaml.Node:
    """The YAML node PyYAML's SafeRepresenter makes of ``data`` (block style, order kept)."""
    kind = type(data)
    if kind is str:
        return yaml.ScalarNode(_TAG + "str", data)
    if kind is dict or kind is list:
        if id(data) in seen:
            raise _Unwritable  # the representer writes an anchor and an alias
        seen.add(id(data))
        if kind is dict:
            pairs = [(_node(k, seen), _node(v, seen)) for k, v in data.items()]
            return yaml.MappingNode(_TAG + "map", pairs, flow_style=False)
        return yaml.SequenceNode(_TAG + "seq", [_node(v, seen) for v in data], flow_style=False)
    if data is None:
        return yaml.ScalarNode(_TAG + "null", "null")
    if kind is bool:
        return yaml.ScalarNode(_TAG + "bool", "true" if data else "false")
    if kind is int:
        return yaml.ScalarNode(_TAG + "int", str(data))
    if kind is float:
        node: yaml.Node = _FLOAT(data)
        return node
    raise _Unwritable


def strip_lines(value: Any) -> Any:
    """``value`` without the line numbers :func:`read_yaml` adds to its mappings.

    >>> strip_lines({"a": [{"b": 1, LINE: 3}], LINE: 1})
    {'a': [{'b': 1}]}
    """
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


def dump_yaml(data: Any, *, width: int = 80) -> str:
    """``data`` as YAML in the order given, with Unicode kept readable.

    Written as nodes built here and serialised by LibYAML: PyYAML's representer, pure Python,
    took most of the time of writing a review file. The text is PyYAML's (a test compares them).

    >>> print(dump_yaml({"name": "中国石油", "aliases": ["CNPC"]}), end="")
    name: 中国石油
    aliases:
    - CNPC
    """
    try:
        node = _node(data, set())
    except _Unwritable:
        return str(yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=width))
    return str(yaml.serialize(node, Dumper=_DUMPER, allow_unicode=True, width=width))


def require_text(row: dict[str, Any], keys: tuple[str, ...], path: Path) -> None:
    """A one-line error unless each of ``keys`` that ``row`` has holds text (an id or a name
    edited by hand into a list is found here, not by a crash later).

    >>> require_text({"type": ["PROMOTES"], LINE: 7}, ("type",), Path("facts/a.yaml"))
    Traceback (most recent call last):
    ...
    kg.errors.KGError: facts/a.yaml:7: 'type' must be text, got a list
    """
    for key in keys:
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            kinds: dict[type, str] = {list: "a list", dict: "a mapping"}
            kind = kinds.get(type(value), repr(value))
            raise KGError(f"{key!r} must be text, got {kind}", path=path, line=row.get(LINE))
