"""Shared fixtures: the repository's seeds, copies of them, and one built seed database."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.build import BuildReport, build
from kg.seeds import SeedSet, load_seeds

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m kg ARGS`` the way a user runs ``soekg``."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="session")
def seedset() -> SeedSet:
    return load_seeds(SEEDS)


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private, editable copy of seeds/."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The seed graph built once into a temporary database (read-only use)."""
    base = tmp_path_factory.mktemp("built")
    return build(SEEDS, base / "kg.lbug", base / "out")


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
        return self

    def js(self, expression: str) -> Any:
        return self.page.evaluate(expression)

    @property
    def remote_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:", "blob:"))]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND",
                  "--proxy-server=127.0.0.1:9"],
        )  # fmt: skip
        yield instance
        instance.close()
