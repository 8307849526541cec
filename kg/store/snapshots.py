"""Each build's graph, kept beside its database: what ``soekg diff`` compares a build with,
and what the shrink guard measures a new build against.

A database ``kg.lbug`` keeps its last :data:`KEEP` builds in ``kg.lbug.builds/``: one
node-link JSON per build (the same text as the build's ``soe-kg.json``), and ``index.json``
listing them with when they were built and their counts, oldest first.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from kg.common.atomic import Content
from kg.errors import KGError
from kg.model import MENTIONS
from kg.model.records import KnowledgeGraph

__all__ = ["KEEP", "MAX_SHRINK", "Snapshot", "check_shrink", "folder", "latest", "planned", "snapshots"]

KEEP = 10  # builds kept per database; older snapshots are removed
MAX_SHRINK = 0.5  # a build losing more than this share of the last build's facts stops
INDEX = "index.json"


@dataclass(frozen=True)
class Snapshot:
    """One kept build: its file (in the folder), when it was built, and its size."""

    file: str
    built: str  # ISO time, UTC, to the second
    nodes: int
    facts: int  # relationships other than MENTIONS

    def path(self, db: Path) -> Path:
        """Where the snapshot's JSON is."""
        return folder(db) / self.file


def folder(db: Path) -> Path:
    """The folder that keeps ``db``'s builds.

    >>> folder(Path("data/soe-kg.lbug"))
    PosixPath('data/soe-kg.lbug.builds')
    """
    return db.with_name(db.name + ".builds")


def snapshots(db: Path) -> list[Snapshot]:
    """The builds kept for ``db``, oldest first (none when it has never been built)."""
    index = folder(db) / INDEX
    try:
        rows = json.loads(index.read_text(encoding="utf-8"))
        return [Snapshot(**row) for row in rows if (folder(db) / row["file"]).is_file()]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise KGError(f"the list of kept builds is unreadable ({exc}); remove it", path=index) from None


def latest(db: Path) -> Snapshot | None:
    """The last build of ``db``, if one was kept."""
    kept = snapshots(db)
    return kept[-1] if kept else None


def _facts(graph: KnowledgeGraph) -> int:
    return sum(1 for r in graph.relationships if r.type != MENTIONS)


def planned(
    db: Path, graph: KnowledgeGraph, text: Content, now: datetime | None = None
) -> tuple[dict[Path, Content], list[Path]]:
    """The files a build of ``graph`` adds (its snapshot, holding ``text``: the JSON or what
    writes it, :class:`kg.common.atomic.Content`; the new index) and the old snapshots it removes, for
    the build to commit with its database.

    >>> import tempfile
    >>> db = Path(tempfile.mkdtemp()) / "kg.lbug"
    >>> files, gone = planned(db, KnowledgeGraph(), "{}", datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    >>> sorted(p.name for p in files), gone
    (['20261201T093000Z.json', 'index.json'], [])
    """
    kept = snapshots(db)
    built = (now or datetime.now(UTC)).replace(microsecond=0)
    name, n = built.strftime("%Y%m%dT%H%M%SZ"), 1
    while any(s.file == f"{name}.json" for s in kept):  # two builds in one second
        n += 1
        name = built.strftime("%Y%m%dT%H%M%SZ") + f"-{n}"
    entities = len(graph.documents) + len(graph.entities)
    new = Snapshot(file=f"{name}.json", built=built.isoformat(), nodes=entities, facts=_facts(graph))
    kept.append(new)
    gone, kept = kept[:-KEEP], kept[-KEEP:]
    index = json.dumps([asdict(s) for s in kept], indent=1) + "\n"
    return {new.path(db): text, folder(db) / INDEX: index}, [s.path(db) for s in gone]


def check_shrink(db: Path, graph: KnowledgeGraph, previous_facts: int | None = None) -> None:
    """Stop a build that would lose more than half the facts of the last build of ``db``
    (a facts folder emptied, the wrong seeds folder); ``previous_facts`` stands in when no
    build was kept (a database built before builds were kept).

    >>> import tempfile
    >>> check_shrink(Path(tempfile.mkdtemp()) / "kg.lbug", KnowledgeGraph(), previous_facts=180)
    Traceback (most recent call last):
    ...
    kg.errors.KGError: this build would drop 180 of the last build's 180 facts (100%, over 50%); ...
    """
    last = latest(db)
    before = last.facts if last is not None else previous_facts
    after = _facts(graph)
    if before and after < before * (1 - MAX_SHRINK):
        lost = before - after
        raise KGError(
            f"this build would drop {lost} of the last build's {before} facts ({lost / before:.0%}, over "
            f"{MAX_SHRINK:.0%}); nothing was written. If that is meant, run it again with --allow-shrink"
        )
