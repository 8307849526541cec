"""Figures in Chinese sentences as results and goals.

A clause with a figure and a result verb ("误报率降低超过40%", "全年实现营收3896亿元") is an Outcome
the thing the sentence speaks of ACHIEVES (an agency whose statistics show it REPORTS it); a
clause of goals ("到2027年推动五个以上专业大模型…", "预计在550亿元左右") a Target the policy in
focus SETS_TARGET. The name is the clause as written, from the measure to the figure's noun; a
clause that only compares ("同比增长4.6%") belongs to the figure before it. Items of one clause
joined by 、 ("建成1200个以上AI场景、25条以上AI标杆产线") are one each.
"""

from __future__ import annotations

import re

from kg.ingest.proposals import Node, Ref
from kg.ingest.recognise import Mention
from kg.ingest.rules import RelationRule
from kg.ingest.zh.clause import Proposer, Shared, ZhSentence, node_ref
from kg.ingest.zh.script import pinyin
from kg.model.names import slug
from kg.model.records import bounded_key

__all__ = ["figures"]

# Words a result's or goal's name does not start with: connectives, adverbs, the goal's verb.
_LEADING = ("其中", "此外", "同时", "如今", "目前", "已在", "已经", "并且", "从而", "使得", "提出", "推动",
            "探索", "挖掘", "建成", "要", "并", "且", "使", "让", "可", "已", "也", "而", "把", "将", "在",
            "均", "还", "则", "就", "能", "即可", "的")  # fmt: skip
_COMPARED = re.compile(r"^\s*(同比|环比|较上年|比上年|较去年|年均)")
# A time phrase opening a result's or goal's clause dates it; it is not part of its name.
_TIME = re.compile(
    r"(未来|今后|近|此后)[\d一二三四五六七八九十两几]+年(内|间|来)?|从今年起|(到|至)?(19|20)\d{2}年(底|末)?"
)
# After a count of a named thing, the words that make the thing the clause's subject.
_SUBJECT = ("已", "将", "均", "都", "正", "也", "纷纷", "共同", "还")
_REPORTING = ("统计", "数据显示", "显示", "介绍", "表示", "发布")
_ACHIEVERS = ("Initiative", "Platform", "AIModel", "ComputingInfrastructure", "SOE", "Company")
_INSIDE = set("中上内里")
_SIZE = ("参数",)  # a count of parameters sizes a model


def figures(
    s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, found: list[Mention]
) -> None:
    """Outcomes and targets of one sentence (see the module docstring)."""
    sentence = s.text(s.start, s.end)
    if not found or any(h in sentence for h in rule.hedges) or s.index in s.tokens.headlines:
        return  # a headline sums up: the figures are read where the text states them
    goal = False
    clauses: dict[tuple[int, int], list[Mention]] = {}
    named = [s.span(r) for r in s.refs if not r.carried]
    for figure in (f for f in found if not any(a <= f.start and f.end <= b for a, b in named)):
        # a figure inside a name ("8.8米超大采高智能工作面") is part of the name
        clauses.setdefault(s.clause(figure.start), []).append(figure)
    for (c0, c1), items in sorted(clauses.items()):
        text = s.text(c0, c1)
        goal = goal or _goal(s, s.start, items[0].start, rule, shared.published)
        if _COMPARED.match(text):
            continue
        result = any(_states(s, c0, f, rule.verbs) for f in items) or _stated_after(
            s, c1, items[-1], rule.verbs
        )
        if not (goal or result):
            continue
        for a, b in _items(s, c0, c1, items):
            figure = [f for f in items if a <= f.start < b][-1]
            if _counts_subject(s, figure) or figure.text.endswith(_SIZE):
                continue  # "140亿参数模型": a model's size describes it; it is no result
            _, ref = _created(s, shared, a, b, "Target" if goal else "Outcome", figure)
            if goal:
                policy = next((r for r in s.refs if r.node.type == "Policy"), None)
                last = shared.memory.last({"Policy"})
                setter = policy or (node_ref(last, ref.first) if last else None)
                shared.goal_sentence = s.index
                if setter is not None:
                    propose(rule.id, ["SETS_TARGET"], setter, ref, rule.confidence)
                continue
            owner = _achiever(s, shared, a)
            if owner is not None:
                propose(rule.id, ["ACHIEVES"], owner, ref, rule.confidence)
            for agency in (r for r in s.refs if r.node.type == "Agency" and not r.carried):
                after = s.text(s.span(agency)[1], s.span(agency)[1] + 4)
                if after.startswith(_REPORTING) or s.text(s.span(agency)[0] - 1, s.span(agency)[0]) == "据":
                    propose(rule.id, ["REPORTS"], agency, ref, rule.confidence)


def _goal(s: ZhSentence, a: int, b: int, rule: RelationRule, published: str | None) -> bool:
    """Whether the words from ``a`` to ``b`` set out a goal: "到2027年", or a word of ``goals``."""
    year = re.search(r"到((?:19|20)\d{2})年", s.text(a, b))
    if year:
        return not published or year.group(1) >= published[:4]
    t = s.tokens
    words = {t.lower[i] for i in range(t.token_at(a), t.token_at(b))}
    return bool(words & set(rule.goals))


def _states(s: ZhSentence, c0: int, figure: Mention, verbs: list[str]) -> bool:
    """Whether the clause states ``figure`` as a result: a verb of two characters or more before it
    in the clause ("降低超过40%"), or of one right before it ("达3088米", "为100%")."""
    before = s.text(c0, figure.start) + figure.text[:2]  # "达3088米", "超过500个": the verb opens the figure
    near = s.text(figure.start - 1, figure.start) or figure.text[:1]
    if "已" in before:
        return True  # "已建成3个", "已在500个场景": done, so a result
    return any((len(v) > 1 and v in before) or (len(v) == 1 and v in (near, figure.text[:1])) for v in verbs)


def _stated_after(s: ZhSentence, c1: int, figure: Mention, verbs: list[str]) -> bool:
    """Whether a verb of two characters or more follows the figure's noun in its clause: "6家企业
    入选国家级名录", "产销量连续8年居世界第一"."""
    after = s.text(figure.end, c1)
    return any(len(v) > 1 and v in after[:12] for v in verbs)


def _items(s: ZhSentence, c0: int, c1: int, figures: list[Mention]) -> list[tuple[int, int]]:
    """The clause, or its parts between 、 where each holds a figure."""
    cuts = [i for i in range(c0, c1) if s.simple[i] == "、"]
    bounds = [c0, *[c + 1 for c in cuts], c1 + 1]
    parts = [(bounds[k], bounds[k + 1] - 1) for k in range(len(bounds) - 1)]
    if len(parts) > 1 and all(any(a <= f.start < b for f in figures) for a, b in parts):
        return [_trim(s, a, b, figures) for a, b in parts]
    return [_trim(s, c0, c1, figures)]


def _trim(s: ZhSentence, a: int, b: int, figures: list[Mention]) -> tuple[int, int]:
    inside = [f for f in figures if a <= f.start < b]
    first, last = inside[0], inside[-1]
    named = [s.span(r)[1] for r in s.refs if not r.carried and a <= s.span(r)[1] <= first.start
             and r.node.type not in ("Sector",)]  # fmt: skip
    start = max(named, default=a)
    changed = True
    while changed:
        changed = False
        time = _TIME.match(s.simple, start)
        if time and time.end() <= first.start:
            start, changed = time.end(), True
        for word in _LEADING:
            if s.simple.startswith(word, start) and start + len(word) <= first.start:
                start, changed = start + len(word), True
    end = last.end
    t = s.tokens
    i = t.token_at(end)
    if 0 < i <= len(t) and t.start[i - 1] < end < t.end[i - 1] and re.match(r"^\w+$", t.lower[i - 1]):
        end = t.end[i - 1]  # "35款|数智新汽车" cut as "款数": the noun goes on
    while i < len(t) and t.start[i] == end and end - last.end < 10 and end < b:
        w = t.lower[i]
        if not w.strip() or re.match(r"^[\W_]+$", w) or w in _INSIDE or _named_at(s, end):
            break
        if w in ("的", "在", "和", "与", "及", "等", "并", "中", "已", "将", "为") or w.endswith("了"):
            break  # "…模型打造了X": a verb done ends the noun
        end = t.end[i]
        i += 1
    return start, end


def _counts_subject(s: ZhSentence, figure: Mention) -> bool:
    """Whether ``figure`` counts the named subject of its clause ("至少20家中央企业已将…接入"): the
    count is of who acts, not a result."""
    ref = next((r for r in s.refs if not r.carried and s.span(r)[0] == figure.end), None)
    return ref is not None and s.simple.startswith(_SUBJECT, s.span(ref)[1])


def _named_at(s: ZhSentence, char: int) -> bool:
    return any(s.span(r)[0] == char for r in s.refs if not r.carried)


def _created(s: ZhSentence, shared: Shared, a: int, b: int, kind: str, figure: Mention) -> tuple[Node, Ref]:
    t = s.tokens
    text = t.text[a:b]
    key = bounded_key(f"{slug(pinyin(text))[:60]}-{shared.scope}".strip("-"))
    node = shared.created.setdefault(key, Node(key, kind, text, 80.0 if kind == "Outcome" else 70.0))
    first = t.token_at(a)
    last = max(first + 1, t.token_at(b))
    mention = Mention(text, a, b, kind, s.index, first, last, rule="figure")
    shared.properties[key] = {"value": figure.value}  # the figure as a quantity: 389,600,000,000 CNY
    shared.quotes[key] = s.index
    shared.stated[mention] = node
    return node, Ref(node, first, last)


def _achiever(s: ZhSentence, shared: Shared, a: int) -> Ref | None:
    before = [r for r in s.before(a + 1) if r.node.type in _ACHIEVERS]
    clause = s.clause(a)
    near = [r for r in before if s.in_clause(r, clause)]
    if near or before:
        return (near or before)[-1]
    memory = shared.memory
    node = (
        memory.subject if memory.subject is not None and memory.subject.type in _ACHIEVERS else memory.topic
    )
    return node_ref(node, s.tokens.token_at(a)) if node is not None else None
