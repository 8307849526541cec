"""A brief as Markdown with footnotes (``[^1]``, as GitHub, Pandoc and most editors read them)."""

from __future__ import annotations

from kg.brief.record import BriefRecord
from kg.brief.sentence import Fact

__all__ = ["fact_line", "text", "to_markdown"]

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|#"})


def text(value: str) -> str:
    r"""Document text made literal in Markdown (no emphasis, links or HTML from it).

    >>> text("a *bold* <b>claim</b> [x](y)")
    'a \\*bold\\* \\<b\\>claim\\</b\\> \\[x\\](y)'
    """
    return " ".join(value.translate(_SPECIAL).split())


def _refs(numbers: list[int]) -> str:
    return "".join(f"[^{n}]" for n in numbers)


def fact_line(fact: Fact) -> str:
    """One fact as a list item: the sentence, each piece followed by its notes (a date by the
    note that states it), and where sources disagree."""
    pieces = [" " * part.text[:1].isspace() + text(part.text) + _refs(part.notes) for part in fact.parts]
    line = "- " + "".join(pieces)
    if fact.unreviewed:
        line += " *(unreviewed)*"
    if fact.disagreement:
        said = "; ".join(f"{text(says)}{_refs([n])}" for says, n in fact.disagreement)
        line += f" Sources disagree: {said}."
    return line


def to_markdown(brief: BriefRecord) -> str:
    """The whole brief: title, who, sections of facts, then the notes."""
    out = [f"# {text(brief.title)}", "", f"*{text(brief.scope)}*", ""]
    for (heading, lines), numbers in zip(brief.who, brief.who_notes, strict=True):
        if len(brief.who) > 1:
            out += [f"## {text(heading)}", ""]
        else:
            out += [f"**{text(heading)}**", ""]
        out += [f"{text(line)}{_refs([n]) if n else ''}  " for line, n in zip(lines, numbers, strict=True)]
        out.append("")
    if not brief.sections:
        out += ["No facts in the graph match these options.", ""]
    for section in brief.sections:
        out += [f"## {text(section.title)}", ""]
        out += [fact_line(f) for f in section.facts] or ["Nothing in the graph."]
        out.append("")
    out += ["## Sources", ""]
    for note in brief.notes:
        url = f" <{note.url}>" if note.url else ""
        out.append(f"[^{note.number}]: “{text(note.quote)}” — {text(note.source())}.{url}")
    return "\n".join(out).rstrip() + "\n"
