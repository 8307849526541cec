"""The one error type users see: a single line naming the file and the problem."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = ["KGError", "first_error"]


class KGError(Exception):
    """An input or usage problem, reported as one line: ``file[:line]: problem``.

    >>> print(KGError("no such entity 'x'", path="seeds/facts/a.yaml", line=3))
    seeds/facts/a.yaml:3: no such entity 'x'
    """

    def __init__(self, problem: str, *, path: str | Path | None = None, line: int | None = None):
        self.problem = " ".join(str(problem).split())  # one line, whatever pydantic said
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Any, tuple[type[KGError], str, str | None, int | None]]:
        # whole across a process boundary (a seeds file parsed by a worker): class, path and line kept
        return _restored, (type(self), self.problem, self.path, self.line)

    def __str__(self) -> str:
        if self.path is None:
            return self.problem
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.problem}"


def first_error(exc: ValidationError) -> str:
    """A pydantic error as one line: where, then what ("url: String should match ...")."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    return f"{where}: {msg}" if where else msg


def _restored(cls: type[KGError], problem: str, path: str | None, line: int | None) -> KGError:
    return cls(problem, path=path, line=line)
