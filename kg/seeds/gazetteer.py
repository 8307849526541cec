"""The reference gazetteer: entities of the field that documents name, shipped as data.

``kg/gazetteer/*.yaml`` lists the central SOEs, the agencies that steer them, the AI and
technology companies with their models, chips and clouds, research bodies, media outlets,
places, recurring events and national policies, each file with its ``source`` and the date
its list holds for (``as_of``). It is separate from the curated catalog (``seeds/catalog``):
a gazetteer entry enters the graph only when a document names it, and then resolves like a
catalog entity. Where the catalog has the same id, the catalog's entry wins and the two
lists' names are pooled for recognition.

``$SOEKG_GAZETTEER`` names another folder to read instead (for a team's own lists).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kg.errors import KGError, first_error
from kg.model.records import Entity
from kg.seeds.yamlio import LINE, read_yaml

__all__ = ["Gazetteer", "load_gazetteer"]

_CORE = {"id", "type", "name", "name_zh", "aliases", "description"}
_FILE_KEYS = {"source", "as_of", "entries"}


@dataclass
class Gazetteer:
    """Entities by id, and the family each model or chip version belongs to."""

    entities: dict[str, Entity] = field(default_factory=dict)
    family: dict[str, str] = field(default_factory=dict)  # version id -> family id
    where: dict[str, str] = field(default_factory=dict)  # id -> "file:line", for messages

    def get(self, entity_id: str) -> Entity | None:
        """The entry with this id, if any.

        >>> load_gazetteer().get("sasac").name
        'State-owned Assets Supervision and Administration Commission of the State Council'
        """
        return self.entities.get(entity_id)


def _entry(item: Any, path: Path) -> tuple[Entity, str | None, int | None]:
    if not isinstance(item, dict):
        raise KGError("each entry must be a mapping", path=path)
    line = item.pop(LINE, None)
    what = f"entry {item.get('id')!r}" if item.get("id") else "an entry"
    family = item.pop("family", None)
    if family is not None and not isinstance(family, str):
        raise KGError(f"{what}: family must be an id", path=path, line=line)
    core = {k: v for k, v in item.items() if k in _CORE}
    props = {k: v for k, v in item.items() if k not in _CORE}
    try:
        entity = Entity(properties=props, **core)
    except (ValidationError, TypeError) as exc:
        msg = first_error(exc) if isinstance(exc, ValidationError) else str(exc)
        raise KGError(f"{what}: {msg}", path=path, line=line) from None
    return entity, family, line


def _check_names(gaz: Gazetteer) -> None:
    """No name or alias may stand for two entries of compatible types: resolution would tie."""
    from kg.model import compatible
    from kg.model.names import normalise

    seen: dict[str, list[str]] = {}
    for entity in gaz.entities.values():
        forms = {normalise(n) for n in [entity.name, *entity.aliases, entity.name_zh or ""] if n.strip()}
        for form in forms:
            for other in seen.get(form, []):
                if compatible(entity.type, gaz.entities[other].type):
                    raise KGError(
                        f"name {form!r} of entry {entity.id!r} is also a name of {other!r} "
                        f"({gaz.where[other]}): give one of them another name",
                        path=gaz.where[entity.id],
                    )
            seen.setdefault(form, []).append(entity.id)


@cache
def _load(folder: str) -> Gazetteer:
    root = Path(folder)
    files = sorted(root.glob("*.yaml")) if root.is_dir() else []
    if not files:
        raise KGError("no gazetteer files (*.yaml) found", path=root)
    gaz = Gazetteer()
    for path in files:
        data = read_yaml(path)
        if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
            raise KGError("a gazetteer file is a mapping with source, as_of and an entries list", path=path)
        unknown = set(data) - _FILE_KEYS - {LINE}
        if unknown or not data.get("source") or not data.get("as_of"):
            raise KGError("a gazetteer file needs 'source' and 'as_of' (and nothing else)", path=path)
        for item in data["entries"]:
            entity, family, line = _entry(item, path)
            if entity.id in gaz.entities:
                raise KGError(
                    f"duplicate id {entity.id!r} (also at {gaz.where[entity.id]})", path=path, line=line
                )
            gaz.entities[entity.id] = entity
            gaz.where[entity.id] = f"{path}:{line}" if line else str(path)
            if family:
                gaz.family[entity.id] = family
    for version, family in gaz.family.items():
        if family not in gaz.entities or gaz.entities[family].type != gaz.entities[version].type:
            raise KGError(
                f"entry {version!r}: family {family!r} is not an entry of type {gaz.entities[version].type}",
                path=gaz.where[version],
            )
    _check_names(gaz)
    return gaz


def load_gazetteer(folder: Path | None = None) -> Gazetteer:
    """Read and check the gazetteer (``$SOEKG_GAZETTEER`` or the packaged lists); cached.

    >>> gaz = load_gazetteer()
    >>> sum(e.type == "SOE" for e in gaz.entities.values()) >= 98
    True
    >>> gaz.family["deepseek-r1"]
    'deepseek-model'
    """
    if folder is None:
        env = os.environ.get("SOEKG_GAZETTEER")
        folder = Path(env) if env else Path(str(resources.files("kg").joinpath("gazetteer")))
    return _load(str(folder))
