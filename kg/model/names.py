"""Names reduced for comparison: case, quotes, punctuation, "the" and corporate suffixes gone;
initials; id-safe slugs; the numbers and ordinals that tell two versions apart. The resolver,
the gazetteer, the API and the evaluation all compare names this one way.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["acronym", "normalise", "slug", "versions_differ"]

_SUFFIXES = ("group", "corporation", "corp", "company", "co", "ltd", "limited", "holdings", "inc", "plc")
_SMALL = {"of", "the", "and", "for", "&", "in", "on"}

_QUOTES = re.compile(r"[\"“”«»]")
_POSSESSIVE = re.compile(r"'s\b")
_PUNCT = re.compile(r"[^\w+\s]")


@functools.lru_cache(maxsize=1 << 16)  # the same names come back sentence after sentence
def normalise(name: str) -> str:
    """A name reduced for comparison.

    >>> normalise("The China National Petroleum Corporation")
    'china national petroleum'
    >>> normalise("“AI+” special initiative"), normalise("China Iron & Steel Co., Ltd.")
    ('ai+ special initiative', 'china iron and steel')
    """
    text = unicodedata.normalize("NFKC", name).lower().replace("’", "'")
    text = _QUOTES.sub("", text).replace("&", " and ")
    text = _POSSESSIVE.sub("", text)
    text = _PUNCT.sub(" ", text)
    words = text.split()
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def acronym(name: str, *, hyphens: bool = False) -> str | None:
    """Initials of a name's significant words (with ``hyphens``, of each hyphenated part too).

    >>> acronym("China National Petroleum Corporation")
    'CNPC'
    >>> name = "State-owned Assets Supervision and Administration Commission"
    >>> acronym(name), acronym(name, hyphens=True)
    ('SASAC', 'SOASAC')
    """
    split = r"[\s\-]+" if hyphens else r"\s+"
    words = [w for w in re.split(split, name) if w and w.lower() not in _SMALL and w[0].isalpha()]
    letters = "".join(w[0] for w in words).upper()
    return letters if len(letters) >= 2 else None


def slug(text: str) -> str:
    """An id-safe slug.

    >>> slug("“AI Huanxin” platform")
    'ai-huanxin-platform'
    """
    return re.sub(r"[^a-z0-9]+", "-", normalise(text).replace("+", " plus")).strip("-")[:80] or "entity"


# Roman numerals that are not also names (Xi is a surname, V and X letters of model names).
_ROMAN = {"ii", "iii", "iv", "vi", "vii", "viii", "ix"}
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}


def _markers(norm: str) -> list[str]:
    """The numbers, versions and ordinals in a normalised name: what tells DeepSeek-V2 from V3.

    >>> _markers("deepseek v2"), _markers("14th five year plan"), _markers("phase iii of the second plan")
    (['2'], ['14'], ['iii', 'second'])
    """
    words = norm.split()
    found = re.findall(r"\d+", norm)
    return found + [w for w in words if w in _ROMAN or w in _ORDINALS]


def versions_differ(a: str, b: str) -> bool:
    """Whether two normalised names differ in a number, version or ordinal: never one entity by
    spelling alone (TeleChat2 and TeleChat3, the 14th and the 15th Five-Year Plan, Li Wei10 and
    Li Wei0), however close the rest.

    >>> versions_differ("zhiyuan 10", "zhiyuan 0"), versions_differ("telechat2", "telechat 2")
    (True, False)
    """
    return sorted(_markers(a)) != sorted(_markers(b))
