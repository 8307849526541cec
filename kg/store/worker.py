"""Queries with bounds that hold: the embedded engine runs user Cypher and library queries in
a child process, which is stopped when it runs past its time limit or memory.

LadybugDB's own timeout (``set_query_timeout``) is checked only while a query executes:
planning a long chain of patterns or parsing deep nesting ran for half a minute past it, a
``range()`` of 400 million built a 4 GB list first, and 5,000 nested parentheses crashed
the process. Here the parent waits on the child and ends it with SIGKILL at the deadline
(the engine's timeout plus a grace of two seconds), when its own memory passes the limit,
or on Ctrl-C; the database is opened read-only in the child, so ending it loses nothing,
and the next query starts a new one. A crash of the engine is one line, not the end of
the notebook or command that asked.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import multiprocessing
import os
import signal
import time
import weakref
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Protocol

from kg.errors import KGError
from kg.store.base import MEMORY_ENV, QueryLimits, QueryResult

__all__ = ["QueryProcess"]

GRACE = 2.0  # seconds past the engine's own timeout before the child is ended
_POLL = 0.05  # seconds between looks at the child's memory
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends
# Forked, not spawned: a child starts in milliseconds with everything imported. It only
# opens a database of its own; the parent's connections are never used in it.
_CONTEXT = multiprocessing.get_context("fork")


class Answers(Protocol):
    """What the child asks its store: a query within limits (``EmbeddedStore.run_bounded``)."""

    def run_bounded(
        self, cypher: str, params: dict[str, Any], limits: QueryLimits, *, check_read: bool = False
    ) -> QueryResult: ...


def _serve(open_store: Callable[[], Answers], channel: Connection, parent: int) -> None:
    """The child: answer queries on ``channel`` until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a crash here is the parent's one line to say, not a dump on stderr
    with contextlib.suppress(OSError, AttributeError):  # Linux: end with the parent, even a killed one
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above took effect
        return
    store = open_store()  # opened in the child: the parent's connections are never used here
    while True:
        try:
            cypher, params, limits, check_read = channel.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", store.run_bounded(cypher, params, limits, check_read=check_read))
        except KGError as exc:
            reply = ("error", str(exc))
        except Exception as exc:  # an engine error the store did not word: still one line
            reply = ("error", f"query failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
        channel.send(reply)


def _private_mb(pid: int) -> float:
    """Memory the child has of its own (pages shared with the parent at the fork not counted)."""
    total = 0
    with contextlib.suppress(OSError), open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
        for line in rollup:
            if line.startswith(("Private_Clean:", "Private_Dirty:", "Swap:")):
                total += int(line.split()[1])
    return total / 1024


def _end(process: Any) -> None:
    if process.is_alive():
        with contextlib.suppress(OSError):
            os.kill(process.pid, signal.SIGKILL)
    process.join(5)


class QueryProcess:
    """A child process holding a database (``open_store()``, called in the child) for bounded
    queries: the store module gives the opener, so this module needs no store of its own."""

    def __init__(self, open_store: Callable[[], Answers]):
        self.open_store = open_store
        self._process: Any = None
        self._channel: Connection | None = None
        self._finalizer: Any = None

    def _start(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            self.close()
            parent, child = _CONTEXT.Pipe()
            self._process = _CONTEXT.Process(
                target=_serve, args=(self.open_store, child, os.getpid()), daemon=True
            )
            self._process.start()
            child.close()
            self._channel = parent
            self._finalizer = weakref.finalize(self, _end, self._process)
        assert self._channel is not None
        return self._channel

    def run(
        self, cypher: str, params: dict[str, Any], limits: QueryLimits, *, check_read: bool
    ) -> QueryResult:
        """The query's result, or a KGError: the engine's, or one for a limit or a crash."""
        channel = self._start()
        channel.send((cypher, params, limits, check_read))
        deadline = None if limits.timeout is None else time.monotonic() + limits.timeout + GRACE
        try:
            while not channel.poll(_POLL):
                if not self._process.is_alive():
                    code = self._process.exitcode
                    self.close()
                    why = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                    raise KGError(
                        f"the database engine crashed on this query ({why}); the database is unchanged"
                    )
                if deadline is not None and time.monotonic() > deadline:
                    self.close()
                    raise KGError(limits.timed_out())
                if _private_mb(self._process.pid) > limits.memory_mb:
                    self.close()
                    raise KGError(
                        f"the query needed more than {limits.memory_mb:g} MB of memory and was stopped; the "
                        f"database is unchanged (a larger limit: ${MEMORY_ENV})"
                    )
            status, value = channel.recv()
        except KeyboardInterrupt:
            self.close()
            raise
        except (EOFError, OSError):  # the child ended as it answered
            self.close()
            raise KGError("the database engine crashed on this query; the database is unchanged") from None
        if status == "error":
            raise KGError(value)
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the child (it holds nothing that needs saving)."""
        if self._finalizer is not None:
            self._finalizer()
        if self._channel is not None:
            self._channel.close()
        self._process = self._channel = self._finalizer = None
