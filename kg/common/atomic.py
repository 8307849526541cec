"""Files written whole or not at all: a temporary file beside the target, then one rename.

A build, export or ingest that fails or is killed half-way leaves the previous file as it
was (and at worst a hidden ``.NAME.tmp-PID`` beside it, removed by the next write).

Several files that belong together (an ingested article, its metadata and its review; an
accept's catalog, facts and the review it removes) are committed with a journal: once all
are staged, the list of renames and removals is written (itself in one rename), then carried
out, then the journal is removed. A process killed between two renames leaves the journal,
and the next command that takes the folder's lock (:func:`roll_forward`) finishes the commit.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError

__all__ = [
    "JOURNAL",
    "Content",
    "CopyOf",
    "check_target",
    "make_folders",
    "remove_empty",
    "replacing",
    "replacing_all",
    "roll_forward",
    "staged",
    "sweep_folder",
    "sweep_stale",
    "write_files",
    "write_text",
]

JOURNAL = ".soekg-commit.json"
# Tests stop the process at the Nth step of a journalled commit (1: journal written, then
# one step per rename or removal), to check that every point of a kill is recovered.
_KILL_AT = "SOEKG_TEST_KILL_AT"


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file: a rename over ``/dev/null``, a folder or
    a pipe would replace the device or fail half-way.

    >>> check_target(Path("/dev/null"))
    Traceback (most recent call last):
    ...
    kg.errors.KGError: /dev/null: not a regular file (a folder, a device or a pipe); give a file path
    """
    if path.exists() and not path.is_file():
        raise KGError("not a regular file (a folder, a device or a pipe); give a file path", path=path)


def sweep_stale(path: Path, marker: str = "tmp") -> None:
    """Remove ``.NAME.MARKER-PID…`` files beside ``path`` whose writing process is gone.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".kg.lbug.building-999999999.wal").write_text("half")
    >>> sweep_stale(folder / "kg.lbug", "building")
    >>> list(folder.iterdir())
    []
    """
    _remove_orphans(path.parent.glob(f".{path.name}.{marker}-*"), marker)


def sweep_folder(folder: Path) -> None:
    """Remove every ``.NAME.tmp-PID`` file in ``folder`` whose writing process is gone.

    One pass over the folder, for callers that then write many files into it.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".a.yaml.tmp-999999999").write_text("half")
    >>> sweep_folder(folder)
    >>> list(folder.iterdir())
    []
    """
    if folder.is_dir():
        _remove_orphans(folder.glob(".*.tmp-*"), "tmp")


def _remove_orphans(candidates: Iterator[Path], marker: str) -> None:
    """Remove the ``….MARKER-PID[.suffix]`` files whose writing process is gone."""
    for stale in candidates:
        pid = stale.name.rpartition(f".{marker}-")[2].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    # Signal 0 only asks whether the process exists (and may be signalled).
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces ``path`` only if the block succeeds.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "map.html"
    >>> with replacing(target) as tmp:
    ...     _ = tmp.write_text("<p>new</p>")
    >>> target.read_text()
    '<p>new</p>'
    """
    check_target(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale(path)
    tmp = _temp_for(path)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text to ``path`` atomically and return the path."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def write_files(
    files: dict[Path, str], *, swept: bool = False, journal: Path | None = None, remove: tuple[Path, ...] = ()
) -> None:
    """Write several files, each atomically; all are written out before any is replaced.

    ``swept``: the caller already ran :func:`sweep_folder` on their folders (each sweep reads
    the whole folder, so a caller writing a file at a time into a large folder sweeps once).
    ``journal`` (with ``remove``, files to delete once the others are in place): commit them
    as one, so that a kill half-way is finished by :func:`roll_forward`.
    """
    with staged(files, swept=swept, journal=journal, remove=remove):
        pass


def _step(counter: list[int]) -> None:
    counter[0] += 1
    if os.environ.get(_KILL_AT) == str(counter[0]):
        os.kill(os.getpid(), signal.SIGKILL)


def roll_forward(journal: Path) -> bool:
    """Finish a commit that a killed process left half-done; whether there was one.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".a.txt.tmp-1").write_text("new")
    >>> _ = (folder / "review.yaml").write_text("old")
    >>> _ = (folder / JOURNAL).write_text(json.dumps(
    ...     {"renames": [[".a.txt.tmp-1", "a.txt"]], "remove": ["review.yaml"]}))
    >>> roll_forward(folder / JOURNAL), sorted(p.name for p in folder.iterdir())
    (True, ['a.txt'])
    """
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False
    base = journal.parent
    for tmp, target in data["renames"]:
        if (base / tmp).exists():  # not yet renamed when the process stopped
            os.replace(base / tmp, base / target)
    for gone in data["remove"]:
        (base / gone).unlink(missing_ok=True)
    journal.unlink()
    return True


@contextlib.contextmanager
def replacing_all(
    paths: list[Path],
    *,
    swept: bool = False,
    journal: Path | None = None,
    remove: tuple[Path, ...] = (),
) -> Iterator[dict[Path, Path]]:
    """Yield a temporary path for each of ``paths``; they replace their targets together
    when the block succeeds, none of them otherwise (with ``journal``, as one commit).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with replacing_all([folder / "a.csv", folder / "b.csv"]) as temps:
    ...     for tmp in temps.values():
    ...         _ = tmp.write_text("x")
    >>> sorted(p.name for p in folder.iterdir())
    ['a.csv', 'b.csv']
    """
    for path in paths:
        check_target(path)
    temps: dict[Path, Path] = {}
    made: list[Path] = []
    try:
        for path in paths:
            made += make_folders(path.parent)
            if not swept:
                sweep_stale(path)
            temps[path] = _temp_for(path)
        yield temps
        counter = [0]
        if journal is not None:
            base = journal.parent.resolve()
            entries = {
                "renames": [[str(t.resolve().relative_to(base)), str(p.resolve().relative_to(base))]
                            for p, t in temps.items()],
                "remove": [str(r.resolve().relative_to(base)) for r in remove],
            }  # fmt: skip
            write_text(journal, json.dumps(entries, ensure_ascii=False))
            _step(counter)
        for path, tmp in temps.items():
            os.replace(tmp, path)
            _step(counter)
        for gone in remove:
            gone.unlink(missing_ok=True)
            _step(counter)
        if journal is not None:
            journal.unlink()
        made = []  # done: the folders hold what was written
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        remove_empty(made)


def make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents; return those created, outermost first, so a
    failure can take them away again (:func:`remove_empty`): a failed build leaves no empty
    folders behind."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def remove_empty(folders: list[Path]) -> None:
    """Remove those of ``folders`` that are empty, innermost first."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


@dataclass(frozen=True)
class CopyOf:
    """A staged file's content: the same bytes as the file staged before it for ``path``."""

    path: Path


# What a staged file holds: text, a function that writes the file at the path it is given
# (a large export, written a piece at a time), or a copy of a file staged before it.
Content = str | Callable[[Path], object] | CopyOf


@contextlib.contextmanager
def staged(
    files: Mapping[Path, Content],
    *,
    swept: bool = False,
    journal: Path | None = None,
    remove: tuple[Path, ...] = (),
) -> Iterator[None]:
    """Write every file in full beside its target, run the block, then replace the targets.

    If writing fails (a path that is a file, a full disk) or the block raises, no target is
    touched: a build stages its exports, swaps the database in the block, and only then
    renames the exports, which cannot run out of space.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with staged({folder / "a.txt": "new"}):
    ...     (folder / "a.txt").exists()
    False
    >>> (folder / "a.txt").read_text()
    'new'
    """
    with replacing_all(list(files), swept=swept, journal=journal, remove=remove) as temps:
        for path, content in files.items():
            if isinstance(content, str):
                temps[path].write_text(content, encoding="utf-8")
            elif isinstance(content, CopyOf):
                shutil.copyfile(temps[content.path], temps[path])
            else:
                content(temps[path])
        yield
