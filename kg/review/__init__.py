"""``soekg review``: decide an article's proposals in the browser, by keyboard.

A local web page (:mod:`kg.review.server`) over the pending review files shows the article
with every name highlighted by type and the proposals beside it; each decision is written at
once to the review file (:mod:`kg.review.files`), which stays the source of truth; "accept this
article" runs ``soekg ingest --accept``. What analysts decided is kept with each accepted
article and read back by ``soekg eval --reviews`` (:mod:`kg.review.record`). It imports the
build (accepting rebuilds), the seeds, the model and :mod:`kg.common`; the API above reads it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the accept and the evaluator import kg.review.record without the server
    from kg.review.server import ReviewServer

__all__ = ["review_server"]


def review_server(
    reviews: list[Path] | None = None,
    seeds: Path = Path("seeds"),
    *,
    port: int = 0,
    db: Path | None = None,
    out: Path = Path("out"),
    rebuild: bool = True,
) -> ReviewServer:
    """A review server over ``reviews`` (default: every pending file in ``seeds/review/``),
    listening on 127.0.0.1 but not yet serving (``.start()`` serves in a background thread).

    Every file is read and checked first: a malformed one, or one whose document is gone, is
    one :class:`KGError` naming it.

    >>> review_server([Path("notes.yaml")])
    Traceback (most recent call last):
    ...
    kg.errors.KGError: notes.yaml: not a review file in seeds/review (only those can be reviewed and accepted)
    """
    from kg.review.server import ReviewServer
    from kg.review.session import ReviewSession, pending_reviews

    paths = pending_reviews(Path(seeds), reviews)
    session = ReviewSession(Path(seeds), paths, db=db, out=out, rebuild=rebuild)
    return ReviewServer(session, port)
