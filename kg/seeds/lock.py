"""One writer of a seeds folder at a time: ``soekg ingest`` and ``--accept`` take its lock
alone, ``build`` (which only reads the seeds) shares it with other builds, so two writers
cannot lose each other's catalog entries and no build reads a half-accepted review.

The lock is an advisory ``fcntl`` lock on ``SEEDS/.soekg.lock`` (released by the system
when its process ends, however it ends); a writer's file names it. A command that must
wait says so once on stderr. Within one process the lock is re-entrant
(an ingest's rebuild takes it again). Where ``fcntl`` does not exist (Windows), there is no
lock.

Taking the lock first finishes any commit a killed command left half-done
(:func:`kg.common.atomic.roll_forward`): an article without its metadata is never seen.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.common.atomic import JOURNAL, roll_forward
from kg.errors import KGError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "seeds_lock"]

LOCK_NAME = ".soekg.lock"
_held: dict[Path, int] = {}  # folder -> depth, for the re-entrant case


@contextlib.contextmanager
def seeds_lock(root: Path, what: str, timeout: float = 600.0, *, shared: bool = False) -> Iterator[None]:
    """Hold ``root``'s lock for the block, waiting up to ``timeout`` seconds for another holder;
    ``shared``: a reader's lock, held alongside other readers, never alongside a writer.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> with seeds_lock(root, "soekg build"), seeds_lock(root, "soekg build"):
    ...     (root / LOCK_NAME).read_text().split()[1:]
    ['soekg', 'build']
    """
    key = Path(root).resolve()
    if fcntl is None or not key.is_dir():  # no lock here; a missing folder the loader reports
        yield
        return
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    handle = (key / LOCK_NAME).open("a+", encoding="utf-8")
    try:
        if shared and (key / JOURNAL).exists():
            shared = False  # a commit to finish first: that is a writer's work
        _acquire(handle, key, timeout, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        if not shared:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()} {what}\n")
            handle.flush()
            if roll_forward(key / JOURNAL):
                sys.stderr.write(f"finished the ingest or accept that stopped half-way in {root}\n")
        _held[key] = 1
        try:
            yield
        finally:
            _held.pop(key, None)
            if not shared:
                handle.seek(0)
                handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


def _acquire(handle: IO[str], root: Path, timeout: float, mode: int) -> None:
    deadline, told = time.monotonic() + timeout, False
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = (root / LOCK_NAME).read_text(encoding="utf-8").strip() or "another soekg command"
            if not told:
                sys.stderr.write(f"waiting for {holder} (pid first) to finish with {root}\n")
                told = True
            if time.monotonic() > deadline:
                raise KGError(
                    f"{root} is still in use by {holder} after {timeout:.0f} s; try again later"
                ) from None
            time.sleep(0.2)
