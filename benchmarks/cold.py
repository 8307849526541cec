"""One timed ``soekg ingest``, for the extraction benchmark to run in a fresh interpreter.

A module of its own: a process started with "spawn" imports the function it runs by name.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["cold_ingest"]


def cold_ingest(
    inbox: str, seeds: str, relations: str = "surface", cache: str | None = None
) -> dict[str, Any]:
    """Ingest ``inbox`` into a copy of ``seeds``: seconds taken and facts proposed.

    Modules (spaCy, pypinyin) are imported before the clock starts; the seeds are loaded, the
    extractor built and its vocabulary learnt during the timed run, as in the command.
    ``relations`` is the path (surface rules unless asked; the parser's parses cached in ``cache``).
    """
    import os

    if cache is not None:
        os.environ["SOEKG_PARSE_CACHE"] = cache
    import pypinyin  # noqa: F401 - the resolver imports it when first used

    from kg.ingest.extract import Extractor  # noqa: F401 - the import is not part of the run
    from kg.ingest.pipeline import ingest

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "seeds"
        shutil.copytree(seeds, root)
        start = time.perf_counter()
        report = ingest([Path(inbox)], root, relations=relations)
        seconds = time.perf_counter() - start
    assert not report.failed, report.failed[:3]
    assert report.path is None or not report.path.fallbacks, report.path.fallbacks
    return {"seconds": seconds, "facts_proposed": report.facts_proposed}
