"""Which script an article is written in, traditional characters read as simplified, and pinyin.

An article is read as Chinese when its front matter says ``language: zh`` (or ``zh-CN``,
``zh-Hant``…) and it has Chinese characters, or when most of its letters are Chinese
characters whatever it declares. Traditional characters are converted to simplified ones for
reading only (OpenCC's ``t2s``), character for character, so every offset still points into
the text as written and quotes stay verbatim.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

__all__ = ["cjk_share", "has_cjk", "language_of", "pinyin", "simplified"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
MOSTLY = 0.5  # share of letters that are Chinese characters for a text to be read as Chinese


def has_cjk(text: str) -> bool:
    """Whether ``text`` holds a Chinese character.

    >>> has_cjk("China Mobile (中国移动)"), has_cjk("China Mobile")
    (True, False)
    """
    return _CJK.search(text) is not None


def cjk_share(text: str) -> float:
    """The share of the letters of ``text`` that are Chinese characters.

    >>> round(cjk_share("中国移动 launched 九天"), 2), cjk_share("")
    (0.43, 0.0)
    """
    letters = _LETTER.findall(text)
    return sum(1 for c in letters if _CJK.match(c)) / len(letters) if letters else 0.0


def language_of(declared: Any, text: str) -> tuple[str, str | None]:
    """The language to read ``text`` in (``"zh"`` or what was declared) and a note when it
    differs from what the front matter declared.

    >>> language_of("zh", "国资委召开会议。")
    ('zh', None)
    >>> language_of("en", "国资委召开会议。")
    ('zh', "declared language 'en' but the text is mostly Chinese: read as Chinese")
    >>> language_of("zh", "SASAC held a meeting.")
    ('en', "declared language 'zh' but the text has no Chinese characters: read as English")
    """
    tag = str(declared).strip().lower() if declared else ""
    says_zh = tag == "zh" or tag.startswith(("zh-", "zh_"))
    share = cjk_share(text)
    if says_zh and has_cjk(text):
        return "zh", None
    if says_zh:
        return "en", f"declared language {declared!r} but the text has no Chinese characters: read as English"
    if share >= MOSTLY:
        note = (
            None
            if not tag
            else f"declared language {declared!r} but the text is mostly Chinese: read as Chinese"
        )
        return "zh", note
    return tag or "en", None


@cache
def _converter() -> Any:
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s")


def simplified(text: str) -> tuple[str, str | None]:
    """``text`` with traditional characters made simplified, at the same offsets, and a note when
    the converter is missing (the text is then read as written).

    >>> simplified("國資委發佈《關於推進人工智能的意見》")
    ('国资委发布《关于推进人工智能的意见》', None)
    """
    converter = _converter()
    if converter is None:
        return (
            text,
            "OpenCC is not installed: traditional characters are read as written (pip install opencc)",
        )
    out = converter.convert(text)
    if len(out) != len(text):  # a phrase rule changed the length: convert character by character
        out = "".join(converter.convert(c) if len(converter.convert(c)) == 1 else c for c in text)
    return out, None


def pinyin(name: str) -> str:
    """The pinyin of a Chinese name, for search and keys: a word per word of the name (pypinyin's
    own word list; characters standing alone are joined), Latin letters kept as written.

    >>> pinyin("准东电厂"), pinyin("智算调度平台"), pinyin("MWC上海")
    ('Zhundong Dianchang', 'Zhisuan Diaodu Pingtai', 'MWC Shanghai')
    """
    from pypinyin import lazy_pinyin
    from pypinyin.seg.mmseg import seg

    parts: list[str] = []
    for run in re.findall(r"[\u3400-\u9fff]+|[A-Za-z0-9.+-]+", name):
        if not has_cjk(run):
            parts.append(run)
            continue
        groups: list[list[str]] = []  # words, and characters standing alone run together
        for word in seg.cut(run):
            if len(word) == 1 and groups and len(groups[-1][-1]) == 1:
                groups[-1].append(word)
            else:
                groups.append([word])
        parts += ["".join(lazy_pinyin("".join(g))).capitalize() for g in groups]
    return " ".join(parts)
