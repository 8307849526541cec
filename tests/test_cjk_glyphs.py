"""Chinese is drawn as characters, not boxes, on the pages the project writes (map and brief).

Each character of a Chinese name is drawn alone in the page's own font stack and screenshot:
with a CJK font installed (Debian's fonts-noto-cjk, which CI installs) every character gives a
different picture; without one each falls back to the same empty box, the picture a code point no
font has (U+10FFFD) gives.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import kg.brief
from kg.build import BuildReport
from tests.conftest import offline_page

SHOW = """([chars, font]) => {
  for (const c of chars) {
    const s = document.createElement('span');
    s.className = 'glyph-probe';
    s.textContent = c;
    s.style.cssText = `font: 64px ${font}; position: fixed; left: ${40 + 90 * chars.indexOf(c)}px; top: 40px;`
      + 'background: #fff; color: #000; z-index: 99999; line-height: 80px';
    document.body.appendChild(s);
  }
}"""


def _pictures(page: Any, font: str) -> list[bytes]:
    chars = ["中", "国", "移", "动", "\U0010fffd"]
    page.evaluate(SHOW, [chars, font])
    return [probe.screenshot() for probe in page.query_selector_all(".glyph-probe")]


@pytest.mark.slow
def test_chinese_is_drawn_as_glyphs_in_the_map(browser: Any, built: BuildReport) -> None:
    with offline_page(browser, 900, 400) as page:
        page.open(built.outputs[1])
        font = page.js("getComputedStyle(document.body).fontFamily")
        *glyphs, tofu = _pictures(page.page, font)
        assert len(set(glyphs)) == len(glyphs), "two Chinese characters drew the same picture: no CJK font"
        assert tofu not in glyphs, "Chinese characters drew as the missing-glyph box"


@pytest.mark.slow
def test_chinese_is_drawn_as_glyphs_in_a_brief(browser: Any, tmp_path: Path) -> None:
    css = (Path(kg.brief.__file__).parent / "brief.html").read_text(encoding="utf-8")
    family = re.search(r"body \{ font: \S+ ([^;]+);", css)
    assert family is not None, "the brief's body font is declared in brief.html"
    page_path = tmp_path / "brief.html"
    page_path.write_text("<!doctype html><meta charset=utf-8><body>中国移动</body>", encoding="utf-8")
    with offline_page(browser, 900, 400) as page:
        page.page.goto(page_path.as_uri())
        *glyphs, tofu = _pictures(page.page, family.group(1))
        assert len(set(glyphs)) == len(glyphs) and tofu not in glyphs
