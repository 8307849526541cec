"""Shared fixtures: the repository's seeds, copies of them, and one built seed database."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.seeds.load import SeedSet, load_seeds
from kg.store.neo4j_store import Neo4jSettings, Neo4jStore

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kg ARGS`` the way a user runs ``soekg``."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def at_a_terminal() -> None:
    """For a process a test stops with Ctrl-C (SIGINT), as a user at a terminal would: a test
    run started as a background job passes SIGINT on ignored, and Python then never raises
    KeyboardInterrupt (``preexec_fn=at_a_terminal``)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``soekg ARGS`` in this process (the same code as the command, without a new
    interpreter's start-up): what it printed, and its exit code. An exception the command
    did not turn into a message is raised here, so a traceback cannot pass unseen."""
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="session")
def seedset() -> SeedSet:
    return load_seeds(SEEDS)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private, editable copy of seeds/."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds with one real article (tests/data/corpus/articles/a2_crrc.md) ingested, for the
    review tests (read-only: tests copy it)."""
    from kg.build import ingest

    seeds = tmp_path_factory.mktemp("ingested") / "seeds"
    shutil.copytree(SEEDS, seeds)
    ingest([ROOT / "tests" / "data" / "corpus" / "articles" / "a2_crrc.md"], seeds, rebuild=False)
    return seeds


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class Page:
    """A page opened offline, with the requests it tried and the errors it logged."""

    def __init__(self, page: Any):
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, path: Path) -> Page:
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.soekg && window.soekg.ready === true", timeout=60_000)
        self.page.wait_for_function("window.soekg.laidOut === true", timeout=60_000)  # names placed
        return self

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    @property
    def remote_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "blob:"))]


@contextlib.contextmanager
def offline_page(browser: Any, width: int = 1400, height: int = 900) -> Iterator[Page]:
    """A page in a fresh offline browser context of this size, closed after the block."""
    context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
    try:
        yield Page(context.new_page())
    finally:
        context.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright per test process: a second sync_playwright() beside a running one fails
    ("Sync API inside the asyncio loop"), whichever test files a worker happens to run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    instance = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND",
              "--proxy-server=127.0.0.1:9"],
    )  # fmt: skip
    yield instance
    instance.close()


# --- The dependency parser -------------------------------------------------------------------------
# Tests marked `parser` run against the server at SOEKG_PARSER_URL (tools/corenlp-server/ starts one).
# Every other test reads relations with the surface rules, whatever the environment, so that their
# expectations hold with or without a server: the parser's environment is kept for the fixture and
# SOEKG_PARSER=off is set for the rest (subprocesses inherit it). With SOEKG_REQUIRE_PARSER=1 (CI),
# a skipped parser test is a failure.

# What the user set, kept where pytest-xdist's workers (which inherit "off") still find it.
os.environ.setdefault("SOEKG_TESTS_PARSER", os.environ.get("SOEKG_PARSER", "auto"))
PARSER_ENV = {k: v for k, v in os.environ.items() if k.startswith("SOEKG_PARSE") and k != "SOEKG_PARSER"}
PARSER_ENV["SOEKG_PARSER"] = os.environ["SOEKG_TESTS_PARSER"]
os.environ["SOEKG_PARSER"] = "off"
REQUIRE_PARSER = os.environ.get("SOEKG_REQUIRE_PARSER") == "1"
NO_PARSER = (
    "no parser server: tools/corenlp-server/corenlp-server start; "
    'eval "$(tools/corenlp-server/corenlp-server env)"; then pytest -m parser'
)


def parser_environ() -> dict[str, str]:
    """The environment with the parser on (for subprocesses of parser tests)."""
    return {**os.environ, **PARSER_ENV}


@pytest.fixture(scope="session")
def parser() -> Any:
    """The running parser server (with the parse cache of the environment); skips without one."""
    from kg.parser.client import ParserError, connect

    if not PARSER_ENV.get("SOEKG_PARSER_URL"):
        pytest.skip(NO_PARSER)
    try:
        return connect(parser_environ())
    except ParserError as exc:
        pytest.skip(f"{exc}; {NO_PARSER}")


# --- Neo4j ---------------------------------------------------------------------------------------
# Tests marked `neo4j` run against the server at NEO4J_URI (tools/neo4j-server/ starts one).
# With SOEKG_REQUIRE_NEO4J=1 (CI), a skipped Neo4j test is a failure, and the summary counts them.

REQUIRE_NEO4J = os.environ.get("SOEKG_REQUIRE_NEO4J") == "1"
NO_SERVER = (
    "no Neo4j server: tools/neo4j-server/neo4j-server start (or docker compose up -d neo4j), then "
    "NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... pytest -m neo4j (the tests empty that database)"
)
_neo4j_outcomes: Counter[str] = Counter()


# Fixtures that make a test slow wherever it uses them: a browser, a Neo4j server.
SLOW_FIXTURES = {"browser", "server", "scratch", "neo4j_settings"}
# Fixtures that mark a test as needing the parser server (and so `parser`).
PARSER_FIXTURES = {"parser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that uses a slow fixture or needs the server, so `-m "not slow"`
    is the quick loop without a list to keep up to date for those."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES or item.get_closest_marker("neo4j") is not None:
            item.add_marker(pytest.mark.slow)
        if fixtures & PARSER_FIXTURES:
            item.add_marker(pytest.mark.parser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield
    report = outcome.get_result()
    if item.get_closest_marker("parser") is not None and report.skipped and REQUIRE_PARSER:
        report.outcome = "failed"
        report.longrepr = (
            f"a parser test was skipped, and SOEKG_REQUIRE_PARSER=1 requires it to run: {report.longrepr}"
        )
    if item.get_closest_marker("neo4j") is None:
        return
    if report.skipped and REQUIRE_NEO4J:
        report.outcome = "failed"
        report.longrepr = (
            f"a Neo4j test was skipped, and SOEKG_REQUIRE_NEO4J=1 requires it to run: {report.longrepr}"
        )


_parser_outcomes: Counter[str] = Counter()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Count the Neo4j and parser tests' outcomes where the summary is printed (the main process,
    also when pytest-xdist runs the tests in workers)."""
    counted = report.when == "call" or (report.when == "setup" and not report.passed)
    if "neo4j" in report.keywords and counted:
        _neo4j_outcomes[report.outcome] += 1
    if "parser" in report.keywords and counted:
        _parser_outcomes[report.outcome] += 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for name, outcomes, where in (
        ("Neo4j server", _neo4j_outcomes, f"NEO4J_URI: {os.environ.get('NEO4J_URI') or 'no server'}"),
        (
            "Parser server",
            _parser_outcomes,
            f"SOEKG_PARSER_URL: {PARSER_ENV.get('SOEKG_PARSER_URL') or 'no server'}",
        ),
    ):
        if outcomes:
            counts = ", ".join(f"{outcomes[k]} {k}" for k in ("passed", "failed", "skipped"))
            terminalreporter.write_line(f"{name} tests: {counts} ({where})")


@pytest.fixture(scope="session")
def neo4j_settings() -> Neo4jSettings:
    """The server the Neo4j tests use; they skip (fail, in CI) without one."""
    if not os.environ.get("NEO4J_URI"):
        pytest.skip(NO_SERVER)
    return Neo4jSettings.from_env(batch_size=50)


def empty_neo4j(store: Neo4jStore) -> None:
    """Remove every node, relationship and constraint of the store's database."""

    def run(driver: Any) -> None:
        with driver.session(database=store.settings.database) as session:
            # in batches (an auto-commit transaction), so a large graph does not need one huge one;
            # relationships first, as a hub's DETACH DELETE takes all of its in one transaction
            session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS").consume()
            session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
            for record in list(session.run("SHOW CONSTRAINTS YIELD name")):
                session.run(f"DROP CONSTRAINT `{record['name']}`").consume()

    store._call(run)


@pytest.fixture
def server(neo4j_settings: Neo4jSettings) -> Iterator[Neo4jStore]:
    """The Neo4j server with an empty database."""
    store = Neo4jStore(neo4j_settings)
    empty_neo4j(store)
    yield store
    store.close()
