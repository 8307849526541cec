"""Reading the hand-edited YAML files of ``seeds/`` with line numbers for errors, and writing YAML."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import stat
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any, ClassVar

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
    "read_yamls",
    "require_text",
    "strip_lines",
]

# Hand-edited YAML is data, never a puzzle: at most this many values once every alias is
# expanded (nine aliases of nine aliases of … make a 1 KB file into gigabytes), and at most
# this deep. The seeds' largest file has a few hundred values.
MAX_VALUES = 200_000
MAX_DEPTH = 50

_TAG_PREFIX = "tag:yaml.org,2002:"
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


class _Resolved:
    """LibYAML's parser asks Python for the type of every plain scalar (a dozen regular
    expressions each time); the answer depends on the text alone, so it is kept. Seed files
    repeat the same keys, types and ids thousands of times."""

    _tags: ClassVar[dict[str, str]] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or not implicit[0]:
            return super().resolve(kind, value, implicit)  # type: ignore[misc]
        tag = self._tags.get(value)
        if tag is None:
            if len(self._tags) > 100_000:  # bounded: ids and numbers are many
                self._tags.clear()
            tag = self._tags[value] = super().resolve(kind, value, implicit)  # type: ignore[misc]
        return tag


_FastLoader: Any = type("_FastLoader", (_Resolved, _Lines, getattr(yaml, "CSafeLoader", yaml.SafeLoader)), {})


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
    if root is not None:
        _Shape(where, first_line).size(root, 0)


class _Shape:
    """The values a node stands for once its aliases are expanded, counted without expanding
    them (each node once), and its depth: one line when either is past its limit."""

    def __init__(self, where: Path, first_line: int = 1):
        self.where, self.first_line = where, first_line
        self.sizes: dict[int, int] = {}

    def deep(self, node: yaml.Node, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise KGError(f"nested more than {MAX_DEPTH} levels deep", path=self.where,
                          line=node.start_mark.line + self.first_line)  # fmt: skip

    def counted(self, node: yaml.Node, total: int) -> int:
        if total > MAX_VALUES:
            raise KGError(f"too many values once its aliases are expanded (more than {MAX_VALUES:,}): "
                          "keep aliases for repeated sentences", path=self.where)  # fmt: skip
        self.sizes[id(node)] = total
        return total

    def size(self, node: yaml.Node, depth: int) -> int:
        self.deep(node, depth)
        if id(node) not in self.sizes:
            if isinstance(node, yaml.ScalarNode):
                total = 1
            elif isinstance(node, yaml.SequenceNode):
                total = 1 + sum(self.size(child, depth + 1) for child in node.value)
            else:
                total = 1 + sum(self.size(k, depth + 1) + self.size(v, depth + 1) for k, v in node.value)
            self.counted(node, total)
        return self.sizes[id(node)]


_COMPOSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _MAP, _SEQ, _MERGE = (_TAG_PREFIX + t for t in ("str", "map", "seq", "merge"))


class _Builder(_Shape):
    """Data from a composed YAML tree, as :class:`_Lines` constructs it (lines, refused
    duplicate keys, text dates, shared objects for aliases), with the shape checked in the
    same pass: the file is parsed once. Anything but plain text, numbers, mappings and lists
    (explicit tags, merge keys) goes to the constructor itself."""

    def __init__(self, where: Path):
        super().__init__(where)
        self.built: dict[int, Any] = {}
        self.constructor: Any = None

    def _delegate(self, node: yaml.Node, depth: int) -> Any:
        self.size(node, depth)
        if self.constructor is None:
            self.constructor = _LineLoader("")
        return self.constructor.construct_object(node, deep=True)

    def build(self, node: yaml.Node, depth: int) -> Any:
        """The data of ``node`` at ``depth``; a plain text child is read in place (most nodes are:
        a call for each would be most of the time), and counts one value wherever it stands."""
        self.deep(node, depth)
        key = id(node)
        if key in self.built:  # an alias: the same object, as PyYAML shares it
            if key not in self.sizes:  # an alias inside its own anchor: endless, refused by its depth
                self.size(node, depth)
            return self.built[key]
        tag, kind = node.tag, node.__class__
        if isinstance(node, yaml.ScalarNode):
            return node.value if tag == _STR else self._scalar(node, depth)
        if node.value:  # the children's depth, checked once for all of them
            first = node.value[0]
            self.deep(first[0] if isinstance(first, tuple) else first, depth + 1)
        if tag == _SEQ and kind is yaml.SequenceNode:
            items: list[Any] = []
            self.built[key] = items
            total = 1
            for child in node.value:
                if child.__class__ is yaml.ScalarNode and child.tag == _STR:
                    items.append(child.value)
                    total += 1
                else:
                    items.append(self.build(child, depth + 1))
                    total += self.sizes.get(id(child), 1)
            self.counted(node, total)
            return items
        if tag != _MAP or kind is not yaml.MappingNode:
            self.built[key] = self._delegate(node, depth)
            return self.built[key]
        mapping: dict[Any, Any] = {}
        self.built[key] = mapping
        total = 1
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # "<<: *defaults": PyYAML's constructor merges them
                self.built[key] = self._delegate(node, depth)
                return self.built[key]
            if key_node.__class__ is yaml.ScalarNode and key_node.tag == _STR:
                name = key_node.value
                total += 1
            else:
                name = self.build(key_node, depth + 1)
                total += self.sizes.get(id(key_node), 1)
                if not isinstance(name, Hashable):
                    raise yaml.constructor.ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        "found unhashable key", key_node.start_mark,
                    )  # PyYAML's own words  # fmt: skip
            if name in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {name!r} appears twice in one mapping", key_node.start_mark
                )
            if value_node.__class__ is yaml.ScalarNode and value_node.tag == _STR:
                mapping[name] = value_node.value
                total += 1
            else:
                mapping[name] = self.build(value_node, depth + 1)
                total += self.sizes.get(id(value_node), 1)
        mapping[LINE] = node.start_mark.line + 1
        self.counted(node, total)
        return mapping

    def _scalar(self, node: yaml.ScalarNode, depth: int) -> Any:
        construct = _Lines.yaml_constructors.get(node.tag)
        if construct is None or node.tag in (_MAP, _SEQ):
            return self._delegate(node, depth)
        if self.constructor is None:
            self.constructor = _LineLoader("")
        return construct(self.constructor, node)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; every mapping carries its line under ``LINE``.

    Parsed once (by LibYAML where it can), its shape checked while the data is built.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("a: 2025-08-01\\n")
    >>> read_yaml(p)
    {'a': '2025-08-01', '__line__': 1}
    """
    return parse_yaml(read_text(path), path)


# A folder of this many files or more is parsed on every core: each file is independent, and
# parsing is most of reading a large seeds folder (100,000 facts: 4,000 files).
PARALLEL_FROM = 200


def read_yamls(paths: list[Path]) -> Iterator[Any]:
    """Each file's data, in order, as :func:`read_yaml` reads it; a long list parsed on every
    core (forked workers, the data sent back as it comes), the first error raised as
    :func:`read_yaml` would raise it.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> files = [d / f"{i}.yaml" for i in range(3)]
    >>> for i, f in enumerate(files):
    ...     _ = f.write_text(f"n: {i}\\n")
    >>> [data["n"] for data in read_yamls(files)]
    [0, 1, 2]
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if len(paths) < PARALLEL_FROM or cores < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(read_yaml, paths)
        return
    # forked: the workers have every module already, and parse only (no thread, lock or file
    # of the parent is touched in them)
    with multiprocessing.get_context("fork").Pool(min(cores, 4)) as pool:
        yield from pool.imap(read_yaml, paths, chunksize=16)


def parse_yaml(text: str, path: Path) -> Any:
    """The data of YAML ``text`` read from ``path`` (named in errors), as :func:`read_yaml` reads it."""
    with reading(path):
        root = _compose(text)
        return None if root is None else _Builder(path).build(root, 0)


@contextlib.contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn the YAML parser's errors inside the block into one-line :class:`KGError` naming ``path``."""
    try:
        yield
    except RecursionError:  # LibYAML refused the depth, and the pure-Python parser recursed
        raise KGError(f"nested more than {MAX_DEPTH} levels deep", path=path) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise KGError(f"invalid YAML: {exc.problem}", path=path, line=line) from None
    except yaml.YAMLError as exc:
        raise KGError(f"invalid YAML: {exc}", path=path) from None


def _compose(text: str) -> yaml.Node | None:
    if _PYTHON_ONLY.isdisjoint(text):
        try:
            return yaml.compose(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass  # read again by the Python parser, for its error message
    return yaml.compose(text, Loader=_LineLoader)


def _load(text: str) -> Any:
    """The data of ``text`` through the loaders themselves: what :func:`parse_yaml` must equal."""
    if _PYTHON_ONLY.isdisjoint(text):
        try:
            return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a safe loader subclass
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass


# LibYAML's emitter when PyYAML has it (its wheels do): ten times faster than the pure-Python one,
# which was the largest cost of ingesting an article (its review file).
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


_TAG = _TAG_PREFIX
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
