"""Whether a seeds folder can be built in the memory there is, said before anything is read.

A build holds the whole graph in memory, and a folder too large for the machine would end
with the system killing the process part-way (no message, no traceback, just gone). The
files' sizes foretell the need: measured on synthetic folders of 100,000 and 1,000,000
facts, a build's peak is under :data:`PER_BYTE` bytes for each byte of facts, catalog and
review YAML, plus the program itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import KGError

__all__ = ["MEMORY_ENV", "PER_BYTE", "available", "check_memory", "needed"]

MEMORY_ENV = "SOEKG_MEMORY"  # the memory a build may use ("6G", "800M"), where the system's is not the answer
PER_BYTE = 80  # peak bytes of a build per byte of the seeds' YAML (measured: about 60 to 75)
BASE = 400 * 2**20  # Python, the libraries, the embedded database's own buffers
_UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}


def needed(seeds: Path) -> int:
    """The bytes a build of ``seeds`` is expected to need at its peak.

    >>> needed(Path("seeds")) < 2**30
    True
    """
    size = 0
    for sub in ("facts", "catalog", "review"):
        folder = seeds / sub
        if folder.is_dir():
            size += sum(p.stat().st_size for p in folder.glob("*.yaml") if p.is_file())
    return BASE + PER_BYTE * size


def _parse(text: str) -> int:
    """``"6G"`` → bytes.

    >>> _parse("1.5G"), _parse("800M"), _parse("1024")
    (1610612736, 838860800, 1024)
    """
    text = text.strip().upper().removesuffix("B")
    unit = _UNITS.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in _UNITS else text
    try:
        value = float(number)
    except ValueError:
        raise KGError(f"{MEMORY_ENV} must be a size such as 6G or 800M, got {text!r}") from None
    if value <= 0:
        raise KGError(f"{MEMORY_ENV} must be a size such as 6G or 800M, got {text!r}")
    return int(value * unit)


def available() -> int | None:
    """The memory a build may use: :data:`MEMORY_ENV` if set, else what the system says is
    available (and the container's limit, if lower); None where it cannot say."""
    if os.environ.get(MEMORY_ENV):
        return _parse(os.environ[MEMORY_ENV])
    found: list[int] = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
    except OSError:
        return None
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit.isdigit():
            found.append(int(limit))
    except OSError:
        pass
    return min(found) if found else None


def _shown(size: int) -> str:
    return f"{size / 2**30:.1f} GB" if size >= 2**30 else f"{size / 2**20:.0f} MB"


def check_memory(seeds: Path) -> None:
    """One line, before anything is read or written, when ``seeds`` needs more memory to build
    than there is."""
    need, have = needed(seeds), available()
    if have is not None and need > have:
        raise KGError(
            f"building these seeds needs about {_shown(need)} of memory and {_shown(have)} is available; "
            f"nothing was read or written. Free memory, build on a larger machine, or set {MEMORY_ENV} "
            "to the memory the build may use",
            path=seeds,
        )
