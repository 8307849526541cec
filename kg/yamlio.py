"""Reading the hand-edited YAML files of ``seeds/`` with line numbers for errors, and writing YAML."""

from __future__ import annotations

import re
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError

__all__ = ["LINE", "dump_yaml", "read_text", "read_yaml"]

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


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, or raise a one-line :class:`KGError` naming it."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise KGError("file not found", path=path) from None
    except UnicodeDecodeError as exc:
        raise KGError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    except OSError as exc:
        raise KGError(exc.strerror or "cannot read", path=path) from None


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; every mapping carries its line under ``LINE``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("a: 2025-08-01\\n")
    >>> read_yaml(p)
    {'a': '2025-08-01', '__line__': 1}
    """
    text = read_text(path)
    if _PYTHON_ONLY.isdisjoint(text):
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader subclass
        except yaml.YAMLError:
            pass
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise KGError(f"invalid YAML: {exc.problem}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise KGError(f"invalid YAML: {exc}", path=path) from None


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
