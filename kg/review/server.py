"""The review page's local web server (Werkzeug): 127.0.0.1 only, a random token on every
request, same-origin requests only, and no route that names a file.

Routes: ``/`` (the page), ``/static/review.js`` and ``/static/review.css`` (packaged, read once),
and ``/api/...`` (JSON). A review is named by its number in the list the command was given.
"""

from __future__ import annotations

import errno
import hmac
import json
import secrets
import socket
import sys
import threading
from importlib import resources
from typing import Any

from werkzeug.exceptions import Forbidden, HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from kg.errors import KGError
from kg.review.files import Changed
from kg.review.session import ReviewSession

__all__ = ["ReviewServer"]

HOST = "127.0.0.1"
_ASSETS = {
    "review.html": "text/html; charset=utf-8",
    "review.js": "text/javascript; charset=utf-8",
    "review.css": "text/css; charset=utf-8",
}
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_ROUTES = Map(
    [
        Rule("/", endpoint="page", methods=["GET"]),
        Rule("/static/<any(review.js, review.css):name>", endpoint="asset", methods=["GET"]),
        Rule("/api/reviews", endpoint="reviews", methods=["GET"]),
        Rule("/api/review/<int:index>", endpoint="review", methods=["GET"]),
        Rule("/api/review/<int:index>/version", endpoint="version", methods=["GET"]),
        Rule(
            "/api/review/<int:index>/<any(decide, undo, reload, accept):action>",
            endpoint="act",
            methods=["POST"],
        ),
    ]
)


def _assets() -> dict[str, bytes]:
    folder = resources.files("kg.review").joinpath("static")
    return {name: folder.joinpath(name).read_bytes() for name in _ASSETS}


class _Quiet(WSGIRequestHandler):
    """No request log: the token is in the page's address, and a terminal is no place for it."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class ReviewServer:
    """The page and its API over one :class:`ReviewSession`, on ``127.0.0.1:port`` (0: a free one).

    >>> ReviewServer.__name__
    'ReviewServer'
    """

    def __init__(self, session: ReviewSession, port: int = 0):
        self.session = session
        self.token = secrets.token_urlsafe(24)
        self.assets = _assets()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            listener.bind((HOST, port))
            listener.listen(64)
        except OSError as exc:
            listener.close()
            if exc.errno == errno.EADDRINUSE:
                raise KGError(f"port {port} on {HOST} is in use (leave out --port for a free one)") from None
            raise KGError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
        self.port = int(listener.getsockname()[1])
        self.httpd: BaseWSGIServer = make_server(
            HOST, self.port, self.wsgi, threaded=True, request_handler=_Quiet, fd=listener.fileno()
        )
        listener.close()  # the server holds its own duplicate of the socket
        self.origins = {f"http://{HOST}:{self.port}", f"http://localhost:{self.port}"}
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The page's address, token included."""
        return f"http://{HOST}:{self.port}/?token={self.token}"

    def start(self) -> ReviewServer:
        """Serve in a background thread (a notebook's way) until :meth:`stop`."""
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="soekg-review", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; a decision being written is finished first, so every file is whole."""
        if self.thread is not None:
            self.httpd.shutdown()
            self.thread = None
        self.httpd.server_close()
        for file in self.session.files:
            if file is not None:
                with file.lock:  # waits for a write in progress
                    pass

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"ReviewServer({self.url!r})"

    def _repr_html_(self) -> str:
        from markupsafe import escape

        return f'<a href="{escape(self.url)}" target="_blank">review {len(self.session.files)} file(s)</a>'

    # -- requests ---------------------------------------------------------
    def wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        try:
            self._check(request)
            endpoint, values = _ROUTES.bind_to_environ(environ).match()
            response = getattr(self, f"_{endpoint}")(request, **values)
        except HTTPException as exc:
            response = _json({"error": exc.description or exc.name}, exc.code or 500)
        except Changed as exc:
            response = _json({"error": str(exc), "changed": True}, 409)
        except KGError as exc:
            response = _json({"error": str(exc)}, 400)
        except Exception as exc:  # the page gets one line; the terminal too, never a traceback
            sys.stderr.write(f"error: {type(exc).__name__}: {exc}\n")
            response = _json({"error": f"{type(exc).__name__}: {exc}"}, 500)
        for key, value in (
            ("Content-Security-Policy", _CSP),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
            ("X-Frame-Options", "DENY"),
        ):
            response.headers[key] = value
        return response(environ, start_response)

    def _check(self, request: Request) -> None:
        """403 unless the request is for this server, from its own page, with the token."""
        host = request.host
        origin = request.headers.get("Origin")
        site = request.headers.get("Sec-Fetch-Site")
        given = request.headers.get("X-Soekg-Token") or request.args.get("token") or ""
        if f"http://{host}" not in self.origins:
            raise _forbidden("wrong host")  # a rebinding of another name to this address
        if origin is not None and origin not in self.origins:
            raise _forbidden("another origin")
        if site not in (None, "same-origin", "none"):
            raise _forbidden("another site")
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            raise _forbidden("no token, or a wrong one: open the link the command printed")

    def _page(self, request: Request) -> Response:
        page = self.assets["review.html"].replace(b"{{token}}", self.token.encode("ascii"))
        return Response(page, content_type=_ASSETS["review.html"])

    def _asset(self, request: Request, name: str) -> Response:
        return Response(self.assets[name], content_type=_ASSETS[name])

    def _reviews(self, request: Request) -> Response:
        return _json({"reviews": self.session.listing(), "types": self.session.context.node_types()})

    def _review(self, request: Request, index: int) -> Response:
        return _json(self.session.file(index).view())

    def _version(self, request: Request, index: int) -> Response:
        file = self.session.file(index)
        try:
            file.check_disk()
        except Changed as exc:
            return _json({"version": file.version, "changed": str(exc)})
        return _json({"version": file.version, "changed": None})

    def _act(self, request: Request, index: int, action: str) -> Response:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            raise KGError("send a JSON object")
        file = self.session.file(index)
        version = str(body.get("version", ""))
        if action == "decide":
            args = body.get("args")
            file.decide(str(body.get("op")), args if isinstance(args, dict) else {}, version)
        elif action == "undo":
            file.undo(version)
        elif action == "reload":
            with file.lock:
                file.history.clear()  # undo would put back a text from before the hand edit
                file.load()
        else:
            return _json({"accepted": self.session.accept(index, version)})
        return _json(file.view())


def _forbidden(why: str) -> HTTPException:
    return Forbidden(description=f"forbidden: {why}")


def _json(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, content_type="application/json")
