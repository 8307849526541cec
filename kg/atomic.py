"""Files written whole or not at all: a temporary file beside the target, then one rename.

A build, export or ingest that fails or is killed half-way leaves the previous file as it
was (and at worst a hidden ``.NAME.tmp-PID`` beside it, removed by the next write).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["pid_alive", "replacing", "write_files", "write_text"]


def _temp_for(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}")


def _sweep(path: Path) -> None:
    """Remove temporaries that killed writers left beside ``path``."""
    for stale in path.parent.glob(f".{path.name}.tmp-*"):
        pid = stale.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            stale.unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    """Whether a process with this id still runs (so its temporary files are in use)."""
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
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)
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


def write_files(files: dict[Path, str]) -> None:
    """Write several files, each atomically; all are written out before any is replaced."""
    temps: dict[Path, Path] = {}
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            _sweep(path)
            temps[path] = _temp_for(path)
            temps[path].write_text(content, encoding="utf-8")
        for path, tmp in temps.items():
            os.replace(tmp, path)
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
