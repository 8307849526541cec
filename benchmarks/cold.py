"""One timed ``soekg ingest``, for the extraction benchmark to run in a fresh interpreter.

A module of its own: a process started with "spawn" imports the function it runs by name.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

__all__ = ["cold_ingest"]


def cold_ingest(inbox: str, seeds: str) -> tuple[float, int, list[str]]:
    """Ingest ``inbox`` into a copy of ``seeds``: seconds taken, facts proposed, failures.

    Modules (spaCy, pypinyin) are imported before the clock starts; the seeds are loaded, the
    extractor built and its vocabulary learnt during the timed run, as in the command.
    """
    import pypinyin  # noqa: F401 - the resolver imports it when first used

    from kg.ingest.extract import Extractor  # noqa: F401 - the import is not part of the run
    from kg.ingest.pipeline import ingest

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "seeds"
        shutil.copytree(seeds, root)
        start = time.perf_counter()
        report = ingest([Path(inbox)], root)
        seconds = time.perf_counter() - start
    return seconds, report.facts_proposed, report.failed
