"""The Cypher query library in ``cypher/``: one documented ``.cypher`` file per question.

Files are written in Neo4j's Cypher, as they run in Neo4j Browser. Where LadybugDB differs,
the difference is kept in one of two visible places: function renames in :data:`DIALECT`
below, and structural differences (shortest paths, filtered recursive patterns) as a
``NAME.ladybug.cypher`` file beside ``NAME.cypher``. Where Neo4j itself is much faster with a
form Browser cannot run (a parameter written into a pattern) or LadybugDB cannot read (label
alternatives, ``COUNT {}``), that form is ``NAME.neo4j.cypher``, and ``NAME.cypher`` stays the
one for Browser (a test checks both give the same rows). :func:`load_library` picks the form
for the engine.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from kg.errors import KGError
from kg.model import IsoDate
from kg.seeds.yamlio import read_text

__all__ = [
    "DIALECT",
    "ENGINES",
    "LibraryQuery",
    "check_range",
    "coerce",
    "library_dir",
    "load_library",
    "parse_query",
    "portable_form",
]

Engine = Literal["ladybug", "neo4j"]
ENGINES: tuple[Engine, ...] = ("ladybug", "neo4j")
# "entity" and "document" values are names the API resolves to ids before a run (an entity's
# id, name, alias or Chinese name; a document's id, file name or stem, or title); an entity
# parameter may name the node types it expects ("entity SOE"), which rank close matches.
PARAM_TYPES = ("string", "int", "date", "entity", "document")

# Neo4j Cypher -> LadybugDB Cypher, for functions that only differ in name.
DIALECT: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "ladybug": [
        (re.compile(r"\btype\((\w+)\)"), r"label(\1)"),  # a relationship's type
        (re.compile(r"\blabels\((\w+)\)\[0\]"), r"label(\1)"),  # a node's (single) label
    ],
    "neo4j": [],
}

_PARAM = re.compile(
    r"^//\s*Param:\s*(\w+)\s*\((\w+)(?:\s+(\d+)\.\.(\d+)|\s+(\w+(?:\|\w+)*))?\)\s*-\s*(.*?)\s*"
    r"(Example|Default):\s*(.+?)\s*$"
)
# A variable-length pattern's upper bound: a literal in both engines, so "*1..$depth" is
# rendered from a whole number checked against its declared range (never from text).
_BOUND = re.compile(r"\.\.\$(\w+)\b")
_ISO_DATE: TypeAdapter[str] = TypeAdapter(IsoDate)  # the model's one date type: 2025-13 is no date


def coerce(value: Any, kind: str, name: str = "value", bounds: tuple[int, int] | None = None) -> Any:
    """Check and convert one parameter value to its declared type (and range, for numbers).

    >>> coerce("2", "int"), coerce("2025-07", "date"), coerce(7, "string")
    (2, '2025-07', '7')
    >>> coerce(4, "int", "depth", (1, 3))
    Traceback (most recent call last):
    kg.errors.KGError: parameter 'depth' must be from 1 to 3, got 4
    """
    if kind == "int":
        try:
            number = int(value)
            if isinstance(value, float) and number != value:
                raise ValueError  # 2.5 is not a whole number, and silently cutting it would mislead
        except (TypeError, ValueError, OverflowError):
            raise KGError(f"parameter {name!r} must be a whole number, got {value!r}") from None
        if not -(2**63) <= number < 2**63:
            raise KGError(f"parameter {name!r} is out of range, got {number}")
        if bounds and not bounds[0] <= number <= bounds[1]:
            raise KGError(f"parameter {name!r} must be from {bounds[0]} to {bounds[1]}, got {number}")
        return number
    text = str(value)
    if kind == "date" and not _is_date(text):
        raise KGError(f"parameter {name!r} must be an ISO date (YYYY, YYYY-MM or YYYY-MM-DD), got {text!r}")
    return text


def _is_date(text: str) -> bool:
    try:
        _ISO_DATE.validate_python(text)
    except ValidationError:
        return False
    return True


def check_range(since: str | None, until: str | None) -> None:
    """An error when a range of dates ends before it starts (compared at the coarser precision:
    since 2025-07 until 2025 is July to December 2025).

    >>> check_range("2025-07", "2025"), check_range(None, "2024")
    (None, None)
    >>> check_range("2026", "2025-12-31")
    Traceback (most recent call last):
    kg.errors.KGError: the range ends before it starts: since 2026, until 2025-12-31
    """
    if since and until and since[: len(until)] > until[: len(since)]:
        raise KGError(f"the range ends before it starts: since {since}, until {until}")


@dataclass
class LibraryQuery:
    """One library query: its question, typed parameters (with examples) and text."""

    name: str
    question: str
    returns: str
    text: str
    path: Path
    params: dict[str, Any] = field(default_factory=dict)  # name -> example (or default) value
    defaults: dict[str, Any] = field(default_factory=dict)  # the optional ones -> their default
    param_types: dict[str, str] = field(default_factory=dict)
    param_help: dict[str, str] = field(default_factory=dict)
    param_bounds: dict[str, tuple[int, int]] = field(default_factory=dict)  # ranged whole numbers
    param_kinds: dict[str, list[str]] = field(default_factory=dict)  # entity params: expected node types
    pattern_bounds: list[str] = field(default_factory=list)  # those written into "*1..$name"
    collected: list[str] = field(default_factory=list)  # columns built with collect(): unordered sets

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """The parameters for a run: every declared one present and of its type, nothing else.

        Optional parameters (declared with ``Default:``) take their default when left out.

        >>> q = load_library()["people_roles"]
        >>> q.bind({"limit": "5"})
        {'skip': 0, 'limit': 5}
        """
        unknown = set(values) - set(self.params)
        if unknown:
            expected = ", ".join(self.params) or "none"
            raise KGError(
                f"query {self.name!r} has no parameter {sorted(unknown)[0]!r} (expected: {expected})"
            )
        values = {**self.defaults, **values}
        missing = [p for p in self.params if p not in values]
        if missing:
            usage = " ".join(f"--param {p}={self.params[p]}" for p in missing)
            raise KGError(f"query {self.name!r} needs {', '.join(missing)} (for example: {usage})")
        bound = {k: coerce(values[k], self.param_types[k], k, self.param_bounds.get(k)) for k in self.params}
        check_range(bound.get("since"), bound.get("until"))
        return bound

    def statement(self, values: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        """The text and parameters to send: :meth:`bind`, then pattern bounds rendered.

        >>> text, params = load_library("ladybug")["neighbourhood"].statement({"id": "cnpc", "depth": 2})
        >>> "SHORTEST 1..2 " in text, params
        (True, {'id': 'cnpc', 'skip': 0, 'limit': 1000})
        """
        bound = self.bind(values)
        text = _BOUND.sub(lambda m: f"..{bound[m[1]]}", self.text)
        return text, {k: v for k, v in bound.items() if re.search(rf"\${k}\b", text)}


def library_dir() -> Path:
    """``$SOEKG_CYPHER`` if set, else the ``cypher/`` folder beside the ``kg`` package."""
    return Path(os.environ.get("SOEKG_CYPHER") or Path(__file__).resolve().parents[2] / "cypher")


def _parse(name: str, path: Path, text: str) -> LibraryQuery:
    query = LibraryQuery(name=name, question="", returns="", text=text, path=path)
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("// Question:"):
            query.question = line.removeprefix("// Question:").strip()
        elif line.startswith("// Returns:"):
            query.returns = line.removeprefix("// Returns:").strip()
        elif line.startswith("// Param:"):
            match = _PARAM.match(line)
            if (
                not match
                or match[2] not in PARAM_TYPES
                or (match[3] and match[2] != "int")
                or (match[5] and match[2] != "entity")
            ):
                raise KGError(
                    "a parameter line reads '// Param: name (string|int|int LOW..HIGH|date|entity"
                    "|entity TYPE|document) - help. Example: value'"
                    " (or 'Default: value' for an optional one)",
                    path=path,
                    line=number,
                )
            name_, kind = match[1], match[2]
            query.param_types[name_] = kind
            if match[3]:
                query.param_bounds[name_] = (int(match[3]), int(match[4]))
            if match[5]:
                query.param_kinds[name_] = match[5].split("|")
            query.params[name_] = coerce(match[8], kind, name_, query.param_bounds.get(name_))
            query.param_help[name_] = match[6]
            if match[7] == "Default":
                query.defaults[name_] = query.params[name_]
    if not query.question:
        raise KGError("a library query must open with a '// Question:' line", path=path)
    query.pattern_bounds = sorted(set(_BOUND.findall(text)))
    for bound in query.pattern_bounds:
        if bound not in query.param_bounds:
            raise KGError(
                f"the pattern bound ${bound} must be a parameter declared as 'int LOW..HIGH'", path=path
            )
        low, high = query.param_bounds[bound]
        if low < 0 or high - low > 9:  # each value is its own query text, checked one by one
            raise KGError(f"the pattern bound ${bound} may range over at most 10 values from 0", path=path)
    query.collected = re.findall(r"\bcollect\([^)]*\)\s+AS\s+(\w+)", text, flags=re.IGNORECASE)
    return query


def parse_query(name: str, path: Path) -> LibraryQuery:
    """One library file as written (Neo4j's Cypher), read and checked like the library's.

    >>> parse_query("neighbourhood", library_dir() / "neighbourhood.cypher").pattern_bounds
    []
    """
    return _parse(name, path, read_text(path))


def portable_form(name: str, engine: Engine, folder: Path | None = None) -> LibraryQuery | None:
    """The Browser form ``NAME.cypher`` as ``engine`` runs it, where the engine has a form of its
    own (what a Neo4j graph loaded before that form's index existed runs instead).

    >>> portable_form("document_facts", "neo4j").path.name
    'document_facts.cypher'
    """
    path = (folder or library_dir()) / f"{name}.cypher"
    return _parse(name, path, _in_dialect(read_text(path), engine)) if path.is_file() else None


def _in_dialect(text: str, engine: Engine) -> str:
    """A Browser form's text with ``engine``'s spellings (``DIALECT``)."""
    for pattern, replacement in DIALECT[engine]:
        text = pattern.sub(replacement, text)
    return text


def load_library(engine: Engine = "ladybug", folder: Path | None = None) -> dict[str, LibraryQuery]:
    """Every library query, in the form ``engine`` runs, keyed by name.

    >>> lib = load_library("ladybug")
    >>> lib["shortest_paths"].path.name, load_library("neo4j")["shortest_paths"].path.name
    ('shortest_paths.ladybug.cypher', 'shortest_paths.cypher')
    >>> "label(r) AS relationship" in lib["document_facts"].text
    True
    >>> lib["neighbourhood"].params, lib["neighbourhood"].defaults
    ({'id': 'cnpc', 'depth': 2, 'skip': 0, 'limit': 1000}, {'skip': 0, 'limit': 1000})
    """
    folder = folder or library_dir()
    if not folder.is_dir():
        raise KGError("no Cypher library folder (set SOEKG_CYPHER)", path=folder)
    chosen: dict[str, Path] = {}
    for path in sorted(folder.glob("*.cypher")):
        name, _, variant = path.name.removesuffix(".cypher").partition(".")
        if variant and variant not in ENGINES:
            raise KGError(f"unknown engine {variant!r} in the file name", path=path)
        if variant == engine or (not variant and name not in chosen):
            chosen[name] = path
    out = {}
    for name, path in sorted(chosen.items()):
        text = read_text(path)
        if not path.name.endswith(f".{engine}.cypher"):
            text = _in_dialect(text, engine)
        out[name] = _parse(name, path, text)
    return out
