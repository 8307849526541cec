"""Quotes and brackets in names: a name never starts or ends inside an unbalanced pair.

A recogniser that runs a name left to a stop word can start it between “ and ” ("十五五”中国商业
航天…" of "《“十五五”中国商业航天…》"), and stripping quotes off a name's ends can open one
("“AI+”行动" losing its “). :func:`balance` moves a name's span out to the mark that pairs
with an unmatched one, or in past it; :func:`trim` takes off only a pair that wraps the whole
name and marks left unmatched at its ends.
"""

from __future__ import annotations

__all__ = ["balance", "trim"]

PAIRS = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "《": "》",
    "（": "）",
    "(": ")",
    "【": "】",
    "[": "]",
    "〈": "〉",
    "«": "»",
}
_CLOSERS = {c: o for o, c in PAIRS.items()}
_SENTENCE_END = set("。！？!?\n")


def unmatched(text: str) -> tuple[list[int], list[int]]:
    """Offsets of the opening and of the closing marks of ``text`` that have no partner in it
    (a straight double quote pairs with the next one).

    >>> unmatched("十五五”中国商业航天"), unmatched("“AI+”行动"), unmatched("《标准（2025")
    (([], [3]), ([], []), ([0, 3], []))
    """
    stack: list[int] = []
    closers: list[int] = []
    for i, ch in enumerate(text):
        if ch == '"':
            if stack and text[stack[-1]] == '"':
                stack.pop()
            else:
                stack.append(i)
        elif ch in PAIRS:
            stack.append(i)
        elif ch in _CLOSERS:
            if stack and text[stack[-1]] == _CLOSERS[ch]:
                stack.pop()
            elif _CLOSERS[ch] in (text[j] for j in stack):
                while text[stack[-1]] != _CLOSERS[ch]:
                    stack.pop()  # an opener left open inside a closed pair: "（“X）"
                stack.pop()
            else:
                closers.append(i)
    return stack, closers


def balance(text: str, a: int, b: int, reach: int = 30) -> tuple[int, int]:
    """The span ``[a, b)`` of ``text`` with every quote and bracket in it paired: moved out to the
    partner of an unmatched mark within ``reach`` characters of the same sentence, else in past
    the mark. An empty span means no name is left.

    >>> text = "《“十五五”中国商业航天重大供需信息》正式发布"
    >>> a, b = balance(text, 3, 18)  # from "五五”"
    >>> text[a:b]
    '“十五五”中国商业航天重大供需信息'
    >>> text = "国家航天局推进商业航天行动计划（2025—2027年"
    >>> a, b = balance(text, 0, len(text))
    >>> text[a:b]
    '国家航天局推进商业航天行动计划'
    """
    for _ in range(8):  # each step pairs one mark; names hold few
        opens, closes = unmatched(text[a:b])
        if closes:
            mark = a + closes[0]
            partner = _partner_before(text, a, _CLOSERS[text[mark]], reach)
            a = partner if partner is not None else mark + 1
        elif opens:
            mark = a + opens[-1]
            partner = _partner_after(text, b, PAIRS.get(text[mark], '"'), reach)
            b = partner + 1 if partner is not None else mark
        else:
            break
        if b <= a:
            return a, a
    return a, b


def _partner_before(text: str, a: int, opener: str, reach: int) -> int | None:
    for i in range(a - 1, max(-1, a - 1 - reach), -1):
        if text[i] in _SENTENCE_END:
            return None
        if text[i] == opener:
            return i
    return None


def _partner_after(text: str, b: int, closer: str, reach: int) -> int | None:
    for i in range(b, min(len(text), b + reach)):
        if text[i] in _SENTENCE_END:
            return None
        if text[i] == closer:
            return i
    return None


def trim(name: str) -> str:
    """``name`` without a pair of quotes that wraps it whole, and without marks it leaves unpaired.

    >>> trim("“智能知识图谱”"), trim("“蓝翼”大模型"), trim("十五五”中国商业航天")
    ('智能知识图谱', '“蓝翼”大模型', '十五五中国商业航天')
    >>> trim('"AI Huanxin" platform')
    '"AI Huanxin" platform'
    """
    name = name.strip()
    while len(name) >= 2 and PAIRS.get(name[0], '"' if name[0] == '"' else "") == name[-1]:
        if any(unmatched(name[1:-1])):
            break  # "“蓝翼”大模型“星辰”": the ends are two pairs' marks
        name = name[1:-1].strip()
    opens, closes = unmatched(name)
    drop = set(opens + closes)
    return "".join(ch for i, ch in enumerate(name) if i not in drop).strip() if drop else name
