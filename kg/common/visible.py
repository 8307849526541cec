r"""Characters a reader's tools would act on or refuse, written out as ``\xNN`` / ``\uNNNN``.

The graph keeps every character of its documents; only where the text is shown in a
terminal, or written to XML, are the few that would be obeyed or are illegal spelled out.
"""

from __future__ import annotations

import re

__all__ = ["NOT_XML", "TERMINAL_CONTROL", "inert_in_spreadsheets", "written_out"]

# A terminal acts on C0/C1 controls (escape sequences clear the screen, retitle the window)
# and bidirectional overrides (they reorder what is shown).
TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# XML 1.0 cannot hold these at all, not even as character references.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def written_out(text: str, chars: re.Pattern[str], *, json_style: bool = False) -> str:
    r"""``text`` with each character ``chars`` matches spelled out.

    ``json_style`` writes ``\u00NN`` for every one, which a JSON string reads back as the
    same character.

    >>> written_out("Acme\x1b[2J\u202eCorp", TERMINAL_CONTROL)
    'Acme\\x1b[2J\\u202eCorp'
    >>> written_out("Bell\x07", NOT_XML, json_style=True)
    'Bell\\u0007'
    """

    def spell(m: re.Match[str]) -> str:
        code = ord(m[0])
        return f"\\x{code:02x}" if code < 0x100 and not json_style else f"\\u{code:04x}"

    return chars.sub(spell, text)


def inert_in_spreadsheets(cell: str) -> str:
    """A CSV text cell a spreadsheet shows as text: one starting with = + - @ (or a tab or a
    return) would be run as a formula, so it gets a leading ' (OWASP's advice).

    >>> inert_in_spreadsheets("=HYPERLINK(1)"), inert_in_spreadsheets("CNPC")
    ("'=HYPERLINK(1)", 'CNPC')
    """
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
