"""Progress of long work, reported as ``(what, done, total)``: a build, an ingest, an accept
and a Neo4j load say what they are doing as they go. The command line draws it on a terminal
and stays quiet when its output goes elsewhere; the Python API reports to whoever asks.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Progress", "silent"]

# what is being done ("reading articles"), how much is done, and of how much (None: unknown)
Progress = Callable[[str, int, int | None], None]


def silent(what: str, done: int, total: int | None) -> None:
    """Progress no one watches.

    >>> silent("reading articles", 1, 3)
    """
