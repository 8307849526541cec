"""The parser server and its client: tokens, loopback only, hostile requests, the cache, the Doc
laid on the text, and the fallback to the surface rules when the parser fails mid-article, is
slow or answers with something that is not a parse.

Misbehaving servers are real HTTP servers in a thread: one forwards to the real parser and stops
answering after a number of requests (a parser stopped mid-article), one answers too slowly,
one answers with what is not a parse.
"""

from __future__ import annotations

import gzip
import http.server
import json
import shutil
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from kg.ingest.pipeline import ingest
from kg.ingest.tokens import vocab
from kg.parser.cache import ParseCache
from kg.parser.client import Parser, ParserError, connect, pieces
from kg.parser.doc import to_doc
from tests.conftest import SEEDS, parser_environ

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _call(url: str, token: str | None, body: bytes | None = None, method: str | None = None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310
    try:
        with _OPENER.open(request, timeout=60) as reply:
            reply.read()
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_every_request_needs_the_token(parser: Parser) -> None:
    assert _call(parser.url + "/info", None) == 401
    assert _call(parser.url + "/info", parser.token[:-1] + "0") == 401
    assert _call(parser.url + "/parse", "x" * 64, b"CNPC met Huawei.") == 401
    assert _call(parser.url + "/info", parser.token) == 200


def test_hostile_requests_get_an_answer_and_the_server_goes_on(parser: Parser) -> None:
    token = parser.token
    assert _call(parser.url + "/../../etc/passwd", token) == 404
    assert _call(parser.url + "/parse", token, method="GET") == 404
    assert _call(parser.url + "/parse", token, b"x" * 2_000_001) == 413
    assert _call(parser.url + "/parse", token, bytes(range(256)) * 4) in (200, 500)
    assert _call(parser.url + "/parse", token, "\u202e<script>$x</script> ';DROP".encode()) == 200
    assert _call(parser.url + "/info", token) == 200


def test_the_server_listens_on_loopback_only(parser: Parser) -> None:
    port = int(parser.url.rsplit(":", 1)[1])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                listening.append(address)
    assert listening, "nothing listens on the parser's port"
    loopback = {"0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000"}
    assert set(listening) <= loopback, listening


def test_connect_says_in_one_line_what_is_wrong(parser: Parser) -> None:
    env = parser_environ()
    with pytest.raises(ParserError, match="refused the token"):
        connect({**env, "SOEKG_PARSER_TOKEN": "wrong"})
    with pytest.raises(ParserError, match="cannot be reached"):
        connect({**env, "SOEKG_PARSER_URL": "http://127.0.0.1:9"})
    with pytest.raises(ParserError, match="must be http://HOST:PORT"):
        connect({**env, "SOEKG_PARSER_URL": "file:///etc/passwd"})
    with pytest.raises(ParserError, match="SOEKG_PARSER=off"):
        connect({**env, "SOEKG_PARSER": "off"})


def test_a_parse_lies_on_the_text(parser: Parser, tmp_path: Path) -> None:
    """Offsets are the text's (Java counts UTF-16 units: an emoji is two), and the Doc is the text."""
    text = "# Title 🚀\n\nChina Mobile (中国移动) unveiled  Jiutian on Friday.\r\nIt works 🤖.\n"
    parsed = Parser(parser.url, parser.token, 60, parser.info, ParseCache(tmp_path)).parse(text)
    for word, start, end in zip(parsed.words, parsed.starts, parsed.ends, strict=True):
        assert text[start:end] == word
    assert "Jiutian" in parsed.words and "Friday" in parsed.words
    doc = to_doc(parsed, text, vocab())
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t.text)] == t.text for t in doc)
    jiutian = next(t for t in doc if t.text == "Jiutian")
    assert jiutian.head.lemma_ == "unveil" and jiutian.dep_ == "obj"
    assert any(label == "obj" for _, label, _ in doc.user_data["enhanced"])


def test_parses_are_cached_by_the_texts_hash(parser: Parser, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    text = "Sinopec linked its models to DeepSeek-R1 in February."
    first = Parser(parser.url, parser.token, 60, parser.info, cache).parse(text)
    files = list(tmp_path.rglob("*.json.gz"))
    assert len(files) == 1
    offline = Parser("http://127.0.0.1:9", parser.token, 1, parser.info, cache)  # nobody answers there
    assert offline.parse(text) == first
    with pytest.raises(ParserError):
        offline.parse(text + " And more.")
    files[0].write_bytes(gzip.compress(b'{"format": 1, "words": [1]}'))  # damaged: a miss, parsed again
    again = Parser(parser.url, parser.token, 60, parser.info, cache).parse(text)
    assert again == first and cache.get(parser.fingerprint, text) == first
    other = dict(parser.info, annotators="tokenize,ssplit")  # another configuration: another entry
    assert cache.get(Parser(parser.url, parser.token, 60, other, cache).fingerprint, text) is None


def test_long_texts_are_parsed_in_pieces_at_paragraphs(parser: Parser, tmp_path: Path) -> None:
    paragraph = "China Unicom connected its models to Qwen on Monday. " * 40
    text = "\n\n".join([paragraph] * 12)
    assert len(pieces(text)) > 1
    parsed = Parser(parser.url, parser.token, 60, parser.info, ParseCache(tmp_path)).parse(text)
    assert parsed.ends[-1] <= len(text) and len(parsed.sentences) == 12 * 40
    assert all(text[s:e] == w for w, s, e in zip(parsed.words, parsed.starts, parsed.ends, strict=True))


# --- misbehaving servers ---------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    behaviour: ClassVar[dict[str, Any]] = {}

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        b = self.behaviour
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/info":
            self._send(200, json.dumps(b["info"]).encode())
            return
        b["parses"] += 1
        if b["mode"] == "slow":
            time.sleep(b["delay"])
            self._send(200, b"{}")
        elif b["mode"] == "garbage":
            self._send(200, b["garbage"])
        elif b["parses"] > b["answer"]:  # stopped mid-article: the connection drops
            self.close_connection = True
            self.wfile.flush()
            self.connection.close()
        else:
            request = urllib.request.Request(  # noqa: S310 (the real parser on 127.0.0.1)
                b["upstream"] + "/parse", data=body, headers={"Authorization": f"Bearer {b['token']}"}
            )
            with _OPENER.open(request, timeout=60) as reply:
                self._send(200, reply.read())

    do_GET = do_POST = _answer

    def _send(self, status: int, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def misbehaving(parser: Parser) -> Iterator[dict[str, Any]]:
    """A server in a thread whose behaviour the test sets (``mode``: forward, slow, garbage)."""
    behaviour: dict[str, Any] = {"info": parser.info, "upstream": parser.url, "token": parser.token,
                                 "mode": "forward", "answer": 1, "parses": 0, "delay": 3, "garbage": b""}  # fmt: skip
    handler = type("Handler", (_Handler,), {"behaviour": behaviour})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    behaviour["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield behaviour
    finally:
        server.shutdown()
        server.server_close()


def _ingest_with(
    behaviour: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> Any:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    article = tmp_path / "article.md"
    article.write_text(text, encoding="utf-8")
    for key, value in parser_environ().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("SOEKG_PARSER_URL", behaviour["url"])
    monkeypatch.setenv("SOEKG_PARSE_CACHE", str(tmp_path / "cache"))  # nothing cached: every piece is asked
    monkeypatch.setenv("SOEKG_PARSER_TIMEOUT", "1" if behaviour["mode"] == "slow" else "120")
    before = {p: p.read_bytes() for p in sorted(seeds.rglob("*")) if p.is_file()}
    report = ingest([article], seeds)
    return report, seeds, before


# Two pieces (pieces() cuts at about 20,000 characters): the parser can stop between them.
_ARTICLE = "\n\n".join(["Sinopec linked its refinery models to DeepSeek-R1 in February. " * 100] * 4)


@pytest.mark.parametrize(
    ("mode", "says"),
    [
        pytest.param("forward", "cannot be reached", marks=pytest.mark.slow),  # stopped after one piece
        ("slow", "did not answer in 1 s"),
        ("garbage", "not JSON"),
        ("garbage-json", "does not fit the text"),
    ],
)
def test_a_failing_parser_falls_back_to_the_surface_rules_for_that_article(
    misbehaving: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, says: str
) -> None:
    misbehaving["mode"] = "garbage" if mode.startswith("garbage") else mode
    misbehaving["garbage"] = (
        b'{"sentences": [{"tokens": [{"word": "x", "characterOffsetBegin": 9000000, "characterOffsetEnd": 9000001}]}]}'
        if mode == "garbage-json"
        else b"\x00\xffnot json"
    )
    report, _, before = _ingest_with(misbehaving, tmp_path, monkeypatch, _ARTICLE)
    assert all(path.read_bytes() == data for path, data in before.items())  # nothing stored is lost
    assert report.path.name == "parser"
    assert len(report.path.fallbacks) == 1
    line = report.path.fallbacks[0]
    assert "\n" not in line and says in line and "surface rules" in line and "article.md" in line
    assert not report.failed and len(report.reviews) == 1  # the article was still read, by the surface rules
    review = report.reviews[0].read_text(encoding="utf-8")
    assert "DeepSeek-R1" in review and "rule: use" in review  # the surface rule's fact
    if mode == "forward":
        assert misbehaving["parses"] >= 2  # it did stop mid-article: one piece parsed, the next refused
