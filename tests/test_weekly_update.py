"""The README's weekly update, followed word for word in a fresh folder: its article is in
the repository (``examples/news/``), and what the README shows each command printing is what
this test saw it print (times aside). After a deliberate change, rewrite that part of the
README with ``SOEKG_UPDATE_SNAPSHOTS=1 pytest tests/test_weekly_update.py`` and read the diff.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli

START, END = "<!-- weekly:start -->\n", "<!-- weekly:end -->"
# (commands as the README gives them, what the reader is told before them, shown output?)
STEPS: list[tuple[str, list[str], bool]] = [
    ("Last week's graph, built and kept beside the database; this week's article into a review file:",
     ["soekg build", "soekg ingest examples/news/"], True),
    ("Review what the rules propose (`soekg review` in the browser, or `accept: false` on what is wrong "
     "in `seeds/review/sinopec-baidu.yaml`), then accept it:",
     ["soekg ingest --accept seeds/review/sinopec-baidu.yaml"], True),
    ("What changed since Monday, as Markdown for the team (the line after says which build it was "
     "compared with: on a fresh clone every build is younger than that date, so the oldest kept), "
     "and as a map:",
     ["soekg diff --since 2026-01-05 --markdown > out/changes.md",
      "soekg diff --since 2026-01-05 --map out/changes.html"], True),
    ("A brief on the new SOE, for Word (real footnotes) and as Markdown:",
     ["soekg brief Sinopec -f docx -o out/brief-sinopec.docx", "soekg brief Sinopec"], True),
]  # fmt: skip
TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)? UTC")


def _run(command: str) -> str:
    """Run one README command here; what it printed (a redirected stdout goes to its file)."""
    words = shlex.split(command)
    target = None
    if ">" in words:
        at = words.index(">")
        words, target = words[:at], words[at + 1]
    result = cli(*words[1:])
    assert result.returncode == 0, (command, result.stderr)
    if target is not None:
        Path(target).write_text(result.stdout, encoding="utf-8")
        return result.stderr
    if words[1] == "build":
        return ""  # its table of counts is in the tour
    return result.stdout + result.stderr


def _excerpt(printed: str) -> str:
    """A brief's sections and first note, as the README shows it."""
    body = printed.split("\n## ", 1)[1].split("\n## Sources")[0]
    notes = printed.split("## Sources\n\n", 1)[1].splitlines()
    return "## " + body.rstrip() + "\n\n…\n\n" + notes[0]


def _block() -> str:
    out = []
    for lead, commands, shown in STEPS:
        out += [lead, "", "```sh", *(f".venv/bin/{c}" for c in commands), "```", ""]
        printed = [
            _excerpt(p) if c == "soekg brief Sinopec" else p.rstrip() for c in commands if (p := _run(c))
        ]
        if shown and printed:
            out += ["```text", "\n\n".join(printed), "```", ""]
    return "\n".join(out)


@pytest.mark.slow
def test_the_readme_weekly_update_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for folder in ("seeds", "examples"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    # As on a fresh clone: no database or output settings and no parser server (ingest says so).
    for name in ("SOEKG_DB", "SOEKG_OUT", "SOEKG_PARSER", "SOEKG_PARSER_URL", "SOEKG_PARSER_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    block = _block()
    assert (tmp_path / "out" / "changes.md").read_text("utf-8").startswith("# Changes from the build of ")
    assert (tmp_path / "out" / "changes.html").is_file() and (
        tmp_path / "out" / "brief-sinopec.docx"
    ).is_file()
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    before, rest = text.split(START)
    shown, after = rest.split(END)
    if os.environ.get("SOEKG_UPDATE_SNAPSHOTS"):
        readme.write_text(before + START + block + END + after, encoding="utf-8")
        shown = block
    assert TIME.sub("TIME", shown) == TIME.sub("TIME", block)
