"""The review files one ``soekg review`` serves, and the accept it runs for them.

Only the files given (or every pending one in ``seeds/review/``) are ever read or written:
the page names a file by its place in this list, never by a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.build import DEFAULT_OUT
from kg.errors import KGError
from kg.review.context import SeedContext
from kg.review.files import ReviewFile
from kg.seeds.review_files import REVIEW_DIR

__all__ = ["ReviewSession", "pending_reviews"]


def pending_reviews(seeds: Path, given: list[Path] | None = None) -> list[Path]:
    """The review files to serve: those ``given`` (each must be a file in ``seeds/review/``, as
    the accept requires), or every pending one.

    >>> pending_reviews(Path("seeds"))
    Traceback (most recent call last):
    ...
    kg.errors.KGError: seeds/review: no review files to decide (ingest articles first: soekg ingest FILE)
    """
    folder = seeds / REVIEW_DIR
    if not given:
        found = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        if not found:
            raise KGError("no review files to decide (ingest articles first: soekg ingest FILE)", path=folder)
        return found
    out: list[Path] = []
    for path in given:
        if path.suffix != ".yaml" or path.resolve().parent != folder.resolve():
            raise KGError(
                f"not a review file in {folder} (only those can be reviewed and accepted)", path=path
            )
        if not path.is_file():
            raise KGError("no such review file", path=path)
        if path.resolve() not in {p.resolve() for p in out}:
            out.append(path)
    return out


@dataclass
class ReviewSession:
    """The files under review, read and checked, and what an accept needs."""

    seeds: Path
    paths: list[Path]
    db: Path | None = None
    out: Path = DEFAULT_OUT
    rebuild: bool = True
    files: list[ReviewFile | None] = field(default_factory=list)  # None once accepted
    accepted: dict[int, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.context = SeedContext.load(self.seeds)
        self.files = [ReviewFile(path, self.context) for path in self.paths]

    def file(self, index: int) -> ReviewFile:
        """The ``index``-th file (a :class:`KGError` for one not served or already accepted)."""
        if not 0 <= index < len(self.files):
            raise KGError(f"no review {index} here")
        file = self.files[index]
        if file is None:
            raise KGError(f"{self.paths[index].name} is accepted already")
        return file

    def listing(self) -> list[dict[str, Any]]:
        """One line per file: its name, title, facts proposed and decided, or its accept."""
        rows = []
        for i, file in enumerate(self.files):
            row: dict[str, Any] = {"index": i, "name": self.paths[i].name}
            if file is None:
                row.update(accepted=self.accepted.get(i, []))
            else:
                facts = file.data.get("facts") or []
                row.update(
                    title=self.context.documents[file.document].title,
                    facts=len(facts),
                    decided=sum(bool(f.get("reviewed")) for f in facts),
                )
            rows.append(row)
        return rows

    def accept(self, index: int, version: str) -> list[str]:
        """``soekg ingest --accept`` of one file, under the same seeds lock, once the page is known
        to show what the file holds; the other files are then read against the new catalog."""
        from kg.build import ingest

        file = self.file(index)
        with file.lock:
            file._current(version)
            run = ingest([], self.seeds, accept=[file.path], db=self.db, out=self.out, rebuild=self.rebuild)
        lines = list(run.accepted)
        if run.rebuilt is not None:
            lines.append(f"rebuilt {run.rebuilt.db_path}")
        self.files[index] = None
        self.accepted[index] = lines
        self.context = SeedContext.load(self.seeds)
        for other in self.files:
            if other is not None:
                other.context = self.context
                other._alternatives.clear()
        return lines
