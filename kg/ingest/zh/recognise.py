"""Find what a Chinese article names: known entities, new names by their endings, people by their
titles, quoted names, policy titles, sectors, figures and dates.

Known names are the catalog's and the gazetteer's names, aliases and Chinese names (read in
simplified characters), found character by character; a name of three characters or fewer must
also be a word of the text ("国网" is not in "全国网络"). A new name is found from its ending
(``kinds`` of ``rules/zh/names.yaml``: "…集团有限公司", "…研究院", "…大模型", "…平台") and runs left
over the words before it up to a stop word, punctuation or a name already found; a unit named
right after its parent ("国家能源集团国神公司") is a name of its own. People are a surname and a
given name after a title ("董事长胡望明"); later uses of the name are found too. A short name an
article defines ("（简称“国家能源集团”）", "（中国宝武）") stands for the name before it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from kg.ingest.brackets import balance
from kg.ingest.lexicon import Known
from kg.ingest.recognise import Mention, Recognised
from kg.ingest.rules import KindRule, Rules
from kg.ingest.tokens import Tokens
from kg.ingest.zh.clause import POINTING
from kg.ingest.zh.numbers import zh_date, zh_quantity
from kg.ingest.zh.script import has_cjk, simplified
from kg.ingest.zh.segment import Segmenter
from kg.model.records import Entity

__all__ = ["ChineseRecogniser"]

ORGS = {"Agency", "SOE", "Company", "ResearchBody", "MediaOutlet"}
_PUNCT = re.compile(r"^[\W_]+$")
_DEFINED = re.compile(
    r"^[（(]\s*(?:以下简称|简称|下称|以下称)?\s*[“\"「]?([^（）()“”\"「」，,。、]{2,16})[”\"」]?\s*[）)]"
)
# Heads that name one thing only when its name is numbered, quoted or Latin ("五位一体的…体系")
_PLAIN_HEADS = ("体系",)
_SPECIFIC = re.compile(r"[“”「」\"0-9A-Za-z一二三四五六七八九十百千]")
# how a company's registered name ends
_REGISTERED = ("有限公司", "有限责任公司", "股份公司")
_QUOTED = re.compile(r"[“「]([^“”「」，。！？；\n]{1,24})[”」]")
# Verbs that open a list of scenarios ("正积极拓展A、B等场景应用") besides those the rules read.
_LIST_LEADS = ("拓展", "开拓", "拓宽", "探索", "丰富")
_DESCRIBED = ("Platform", "Initiative", "ComputingInfrastructure", "AIModel")
_QUOTES = re.compile(r"[“”「」《》\"]")
_CLASSIFIED = re.compile(r"^[\d一二三四五六七八九十百千几数两多]+[个大项家款套条种批座台名]$")
# What follows a pointing word names nothing new (clause.py reads it back as the last thing of its
# kind); "此次"/"本次" are "this time" and an event's name may follow them ("本次…大会").
_POINTS_BACK = (set(POINTING) - {"此次", "本次"}) | {"这", "那", "那一"}
_SINGLE_STOPS = set("的在与和等是对将为也已就又均说称及同到于从向被把让使给并曾还都所")
_USING = {"借助", "接入", "基于", "采用", "部署", "应用", "依托", "利用", "使用", "上线"}
_SPEECH = ("表示", "介绍", "说", "透露", "指出", "强调", "认为", "称")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9.\-]*(?: \d+(?:\.\d+)*)?")
_INSTITUTIONS = re.compile(
    r"^(?:[、和及与][^，。；：、]{1,6})*等[^，。；：、]{0,6}(?:机构|企业|单位|公司|部门|主体)"
)
_CLAUSE = ("，", "。", "；", "：", "\n")
_FIELD_BEFORE = ("在", "应用于", "面向")
_FIELD_AFTER = ("行业", "产业", "领域", "板块")
_CORPORATE = (
    "集团有限公司",
    "集团股份有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "集团",
    "公司",
)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    label: str
    rule: str
    priority: int
    confidence: float = 1.0
    entities: tuple[str, ...] = ()
    value: Any = None
    refers: str | None = None
    parent: str | None = None


class ChineseRecogniser:
    """Build once per catalog; call on article texts.

    >>> from kg.ingest.extract import known_entities
    >>> from kg.ingest.rules import load_rules
    >>> rec = ChineseRecogniser(known_entities([]), load_rules(language="zh"))
    >>> found = rec("中国移动董事长杨杰表示，公司发布了九天大模型。", "2025-06-01")
    >>> [(m.text, m.label) for m in found.mentions]
    [('中国移动', 'SOE'), ('杨杰', 'Person'), ('九天大模型', 'AIModel')]
    """

    def __init__(self, entities: list[Entity], rules: Rules):
        self.rules = rules
        self.types = {e.id: e.type for e in entities}
        self.collectives = {e.id for e in entities if e.properties.get("kind") == "collective"}
        words = rules.names.words
        self.titles = tuple(sorted(words["titles"], key=len, reverse=True))
        self.surnames = set(words["surnames"])
        self.stop = set(words["stop"])
        # The verbs the relation rules read end the name of a thing or a meeting ("运营|京津冀智算中心").
        self.verbs = {
            p for r in rules.relations if r.kind in ("verb", "with", "means", "unit") for p in r.phrases
        }
        # The verbs that make or release a thing: a Latin name right after one is that thing ("打造了GPT-BI").
        self.making = sorted(
            {p for r in rules.relations if r.kind == "verb" and {"DEVELOPS", "LAUNCHES"} & set(r.types)
             for p in r.phrases},
            key=len, reverse=True,
        )  # fmt: skip
        self.generic = set(words["generic"])
        self.qualifiers = self.generic | set(words.get("qualifiers", []))
        self.sectors = set(words["sectors"])
        self.forms: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            for name in {e.name, *e.aliases, *([e.name_zh] if e.name_zh else [])}:
                form = simplified(" ".join(name.split()))[0]
                if len(form) >= 2 and not (e.type == "Sector" and not has_cjk(form)):
                    self.forms[form].add(e.id)
        self.by_prefix: dict[str, list[str]] = defaultdict(list)
        for form in sorted(self.forms, key=len, reverse=True):
            self.by_prefix[form[:2]].append(form)
        self.heads: list[tuple[str, list[KindRule]]] = []
        by_head: dict[str, list[KindRule]] = defaultdict(list)
        for kind in rules.names.kinds:
            for head in kind.heads:
                by_head[head].append(kind)
        self.heads = sorted(by_head.items(), key=lambda hk: -len(hk[0]))
        self.heads_of = dict(by_head)
        self.person = next(k for k in rules.names.kinds if k.type == "Person")
        extra = {f for f in self.forms if has_cjk(f)} | set(self.titles) | set(by_head) | self.sectors
        self.segmenter = Segmenter(extra)
        names = rules.names
        self.regex = {r.id: re.compile(r.regex or "") for r in [*names.phrases, *names.figures, *names.dates]}

    def collective(self, entity: str) -> bool:
        """Whether ``entity`` is a collective ("中央企业", "三桶油")."""
        return entity in self.collectives

    @property
    def note(self) -> str | None:
        """What the reader should know about how text was read (a missing segmenter)."""
        return self.segmenter.note

    def __call__(self, text: str, published: str | None = None) -> Recognised:
        simple, _ = simplified(text)
        tokens = self.segmenter.tokens(text, simple)
        read = _Reading(self, text, simple, tokens)
        found = Recognised(tokens=tokens)
        found.dates = read.dates(published)
        found.figures = read.figures()
        found.known = read.known_spans()
        every = [*read.known, *read.names(), *read.sectors(), *read.phrases(), *read.scenarios()]
        every += read.placed_units()
        # "AI汽车行业总经理": a field in a job's title is no field the organisation works in
        every = [f for f in every if not (f.label == "Sector" and simple.startswith(self.titles, f.end))]
        every = [f for f in every if f.rule == "known" or not _clause(simple[f.start : f.end], f.label)]
        chosen = _longest([g for g in map(read.balanced, every) if g is not None])
        chosen = read.define(read.places(chosen))
        nested = read.nested(chosen)
        found.mentions = sorted(
            (read.mention(f) for f in [*chosen, *nested]), key=lambda m: (m.start, -m.end)
        )
        found.aliases = read.aliases
        return found


_FUTURE = ("将", "预计", "有望")


def _clause(name: str, label: str) -> bool:
    """Whether a new name is a clause, not a name: a place with a figure in it ("时速140公里城际市"),
    a forecast read as a result ("全球IT负荷将累计增加106吉瓦"), a quoted sentence ("这轮AI的风潮将
    重塑整个制造体系"). Targets say what will be, so may hold the future.

    >>> _clause("时速140公里城际市", "Location"), _clause("全球IT负荷将累计增加106吉瓦", "Outcome")
    (True, True)
    >>> _clause("这轮AI的风潮将重塑整个制造体系", "Initiative"), _clause("九天大模型", "AIModel")
    (True, False)
    """
    if label == "Location" and any(c.isdigit() for c in name):
        return True
    if label in ("Target", "Person", "Sector", "Policy"):
        return False
    return any(w in name for w in _FUTURE) and (label == "Outcome" or len(name) > 8)


class _Reading:
    """One article being read: its text, its simplified form and its words."""

    def __init__(self, rec: ChineseRecogniser, text: str, simple: str, tokens: Tokens):
        self.rec, self.text, self.simple, self.tokens = rec, text, simple, tokens
        self.starts = {s: i for i, s in enumerate(tokens.start)}
        self.ends = {e: i for i, e in enumerate(tokens.end)}
        self.aliases: dict[str, set[str]] = {}
        self.known = self._known()
        self.taken = sorted((f.start, f.end) for f in self.known)

    # -- helpers --------------------------------------------------------------------------------

    def token_at(self, char: int) -> int:
        """The word holding character ``char``."""
        t = self.tokens
        i = t.token_at(char)
        return i if i < len(t) and t.start[i] == char else max(0, i - 1)

    def mention(self, f: _Found) -> Mention:
        first = self.token_at(f.start)
        last = max(first + 1, self.token_at(max(f.start, f.end - 1)) + 1)
        return Mention(self.text[f.start : f.end], f.start, f.end, f.label, self.tokens.sentence_of(first),
                       first, last, entities=f.entities, rule=f.rule, confidence=f.confidence,
                       parent=f.parent, refers=f.refers, value=f.value)  # fmt: skip

    def balanced(self, f: _Found) -> _Found | None:
        """``f`` with its quotes and brackets paired (:func:`~kg.ingest.brackets.balance`), or
        None when nothing of a name is left."""
        a, b = balance(self.simple, f.start, f.end)
        if (a, b) == (f.start, f.end):
            return f
        return replace(f, start=a, end=b) if b - a >= 2 else None

    def sentence_end(self, char: int) -> int:
        i = self.tokens.sentence_of(self.token_at(char))
        return self.tokens.sentences[i][1] if i >= 0 else len(self.text)

    # -- known names ----------------------------------------------------------------------------

    def _known(self) -> list[_Found]:
        s, out, i = self.simple, [], 0
        while i < len(s) - 1:
            hit = None
            for form in self.rec.by_prefix.get(s[i : i + 2], ()):
                if s.startswith(form, i) and self._stands(i, i + len(form), form):
                    hit = form
                    break
            if hit is None:
                i += 1
                continue
            ids = tuple(sorted(self.rec.forms[hit], key=lambda e: (self.rec.types[e] == "Sector", e)))
            if {self.rec.types[e] for e in ids} >= {
                "Company",
                "AIModel",
            }:  # DeepSeek the start-up or its model
                used = re.search(rf"(?:{'|'.join(_USING)})了?$", s[max(0, i - 3) : i]) is not None
                ids = tuple(
                    sorted(ids, key=lambda e: self.rec.types[e] != ("AIModel" if used else "Company"))
                )
            out.append(_Found(i, i + len(hit), self.rec.types[ids[0]], "known", 3, entities=ids))
            i += len(hit)
        return out

    def _stands(self, a: int, b: int, form: str) -> bool:
        """Whether a known name at ``[a, b)`` stands as a name: Latin names between non-letters,
        short Chinese ones as words of the text."""
        s = self.simple
        if not has_cjk(form):
            return not (a and s[a - 1].isascii() and s[a - 1].isalnum()) and not (
                b < len(s) and s[b].isascii() and s[b].isalnum()
            )
        return len(form) > 3 or (a in self.starts and b in self.ends)

    def known_spans(self) -> list[Known]:
        return [Known(m.first, m.last, m.entities) for m in map(self.mention, self.known)]

    # -- new names by their endings ---------------------------------------------------------------

    def names(self) -> list[_Found]:
        out: list[_Found] = []
        ends: set[int] = set()
        for head, kinds in self.rec.heads:
            for m in re.finditer(re.escape(head), self.simple):
                a, b = m.span()
                if b in ends or not self._head_stands(a, b, head):
                    continue
                ends.add(b)  # a shorter ending at the same place does not make a name of the rest
                found = self._named(a, b, head, kinds)
                if found is not None:
                    out.append(found)
        out = [
            f
            for f in out
            if not (f.label == "Platform" and _QUOTED.fullmatch(self.simple[f.start : f.end - 2]))
        ]
        orgs = [f for f in out if f.label in ORGS]
        out = [
            f for f in out if f.label in ORGS or not any(o.start < f.end < o.end for o in orgs)
        ]  # "国资委规划|发展局"
        out = [g for f in out for g in self._appositive(f) if g.rule != "description"]
        quoted = self._quoted()
        # "开源百亿参数金融大模型“一招”": the description says what the quoted name is; the name is the entity
        named_after = {(q.start - 1, q.label) for q in quoted if q.rule.startswith("quoted:after-")}
        out = [f for f in out if (f.end, f.label) not in named_after]
        out += quoted
        out += self._people()
        out += self._latin_made()
        return out

    def _latin_made(self) -> list[_Found]:
        """A Latin name the text says was made or released ("打造了GPT-BI", "发布MindIE 2.0"), typed by
        the kind's word after it (平台, 大模型…), a platform when none follows."""
        out: list[_Found] = []
        for verb in self.rec.making:
            for m in re.finditer(re.escape(verb) + r"了?\s?[“\"]?", self.simple):
                latin = _LATIN_NAME.match(self.simple[m.end() : m.end() + 40])
                if latin is None or _known_at(self, m.end()) or len(latin.group().strip()) < 3:
                    continue  # "AI助手": a term, not a name
                if any(f.start == m.end() for f in out):
                    continue  # "打造了X" read already, by its longer verb
                a, b = m.end(), m.end() + len(latin.group().rstrip())
                head = next((h for h, _ in self.rec.heads if self.simple.startswith(h, b)), None)
                kinds = [k for k in self.rec.heads_of.get(head or "", []) if k.type not in ORGS]
                kind = kinds[0].type if kinds else "Platform"
                out.append(_Found(a, b, kind, "kind:latin-made", 2, 0.6))
        return out

    def _appositive(self, f: _Found) -> list[_Found]:
        """A description ending in a kind's word, then the proper name it describes: "国产桌面操作系统
        银河麒麟发布了…", "开源操作系统openKylin 1.0": the name is the entity, of the description's
        kind (a Latin name, or Chinese words up to the verb of the clause)."""
        if f.label in ORGS or f.label in ("Sector", "Location", "Event", "Person"):
            return [f]
        rest = self.simple[f.end : self.sentence_end(f.end)]
        latin = _LATIN_NAME.match(rest)
        if latin:
            return [_Found(f.end, f.end + len(latin.group().rstrip()), f.label, "kind:appositive", 2,
                           f.confidence * 0.9)]  # fmt: skip
        i = self.starts.get(f.end)
        j = i
        t = self.tokens
        while j is not None and j < len(t) and has_cjk(t.lower[j]) and t.end[j] - f.end <= 6:
            w = t.lower[j]
            if w in self.rec.stop or w in self.rec.verbs or w in _SINGLE_STOPS or _known_at(self, t.start[j]):
                break
            j += 1
        if i is None or j is None or j == i or j >= len(t) or t.start[j] - f.end < 3:
            return [f]  # a name of three characters or more: not "成功" in "…电厂成功投运"
        if t.lower[j] not in self.rec.verbs or any(
            self.simple[f.end : t.start[j]].endswith(h) for h, _ in self.rec.heads
        ):
            return [f]
        return [_Found(f.end, t.start[j], f.label, "kind:appositive", 2, f.confidence * 0.9)]

    def _head_stands(self, a: int, b: int, head: str) -> bool:
        if b not in self.ends:
            return False
        if a in self.starts:
            return True
        token = self.token_at(a)  # "设计院" holding the ending "院": the word is the name's end
        if (
            self.tokens.end[token] != b
            or self.tokens.lower[token][: a - self.tokens.start[token]] in self.rec.stop
        ):
            return False  # "出席会议" is not a meeting named "出席"
        if len(head) > 1:
            return True
        if any(k.type == "Location" for k in self.rec.heads_of[head]) and b - self.tokens.start[token] >= 3:
            return True  # "芒康县", "巴塘县": a place's whole word
        parent = self._known_ending(self.tokens.start[token])  # "国家能源局科技司": a bureau's department
        return parent is not None and self.rec.types[parent.entities[0]] == "Agency"

    def _named(self, a: int, b: int, head: str, kinds: list[KindRule]) -> _Found | None:
        start, parent = self._left_edge(a, kinds)
        if start is None:
            return None
        name = self.simple[start:b]
        quote = name.rfind("“", 0, len(name) - len(head))
        if quote > 0 and name[len(name) - len(head) - 1] == "”" and self._before_quote(start, start + quote):
            start, name = start + quote, name[quote:]  # "钢铁“玄铁”大模型": the quoted name and its kind
        body = name[: len(name) - len(head)].strip('“”「」"')
        if body.endswith("大") and body[:-1] in self.rec.generic:
            return None  # "自有大" before "模型"
        owner = self._known_ending(start) if not body and head in _CORPORATE else None
        if owner is not None and parent in owner.entities:  # "中国石化集团公司": 中国石化 in full style
            return _Found(owner.start, b, self.rec.types[parent], "known", 3, entities=owner.entities)
        if not body and self._owned(start, head, kinds):
            body = head  # "…公司的集控中心", "公司2024年智算中心": a named facility of its owner
        if not body or body in self.rec.generic or body.isdigit() or _PUNCT.match(body):
            return None
        if head in _PLAIN_HEADS and not _SPECIFIC.search(name):
            return None  # "创新体系", "新型能源体系": a way of speaking; "“20+N”场景化模型体系" is one
        if body in self.rec.stop or any(body == t for t in self.rec.titles):
            return None
        if self._generic(start, b - len(head)):
            return None  # "行业通用大模型", "多模态大模型": every word a qualifier, no name
        ids = self.rec.forms.get(body, set())
        lead = None
        if not ids:  # "中国石油“昆仑”大模型": the owner's name, then the model's
            lead = next((k for k in self.known if k.start == start and k.label in ORGS), None)
            if lead is not None:
                inner = self.simple[lead.end : b - len(head)].strip('“”「」"')
                ids = self.rec.forms.get(inner, set()) or self.rec.forms.get(inner + head, set())
        if ids and any(self.rec.types[e] == kinds[0].type for e in ids):  # "盘古大模型" is 盘古
            known_ids = tuple(sorted(e for e in ids if self.rec.types[e] == kinds[0].type))
            # owned: the owner named inside stays a mention of its own (read as nested)
            rule = "known" if lead is None else "known:owned"
            return _Found(start, b, kinds[0].type, rule, 3, entities=known_ids)
        if all(k.type == "Sector" for k in kinds) and not body.endswith(tuple(self.rec.sectors)):
            return None  # "高价值行业", "未来产业": not a field's name
        if parent is None:
            parent = self._owner_before(start)
        kind = self._kind(name, kinds, parent)
        if kind is None or (kind.type not in ORGS and kind.type != "Sector" and body in self.rec.sectors):
            return None  # "储能电站", "电力大模型": a kind of thing in a field, not one thing
        # "国产桌面操作系统", "端侧推理芯片": qualifiers only, however segmented, describe a kind of
        # thing; kept only to find the proper name after it (see _appositive)
        described = (
            kind.type in _DESCRIBED
            and not _QUOTES.search(name)
            and _covered(body.lower(), self.rec.qualifiers)
        )
        rule = "description" if described else f"kind:{kind.id}"
        return _Found(start, b, kind.type, rule, 2, kind.confidence, parent=parent)

    def _before_quote(self, a: int, b: int) -> bool:
        """Whether the words before a quoted name only say what field or kind it is of ("钢铁",
        "能源行业"), so the name starts at the quote; an owner's name before it is kept (read apart)."""
        words = self.simple[a:b]
        if any(k.start == a and k.label in ORGS for k in self.known):
            return False  # "中国石油“昆仑”大模型": the owner, read as a known name
        return words in self.rec.sectors or self._generic(a, b) or words.endswith(("行业", "领域", "产业"))

    def _generic(self, a: int, b: int) -> bool:
        """Whether every word from character ``a`` to ``b`` is a qualifier (a word of ``generic``,
        a count or a classifier; a quoted name is none: "“1456”发展蓝图")."""
        words = [
            self.tokens.lower[i]
            for i in range(self.token_at(a), len(self.tokens))
            if self.tokens.start[i] < b
        ]
        return bool(words) and all(
            w in self.rec.generic or _CLASSIFIED.match(w) or w.isdigit() for w in words
        )

    def _owned(self, start: int, head: str, kinds: list[KindRule]) -> bool:
        if len(head) < 4 or not any(k.type in ("Platform", "ComputingInfrastructure") for k in kinds):
            return False
        before = self.simple[max(0, start - 1) : start]
        return before == "的" or before == "年" or self._known_ending(start) is not None

    def _left_edge(self, a: int, kinds: list[KindRule]) -> tuple[int | None, str | None]:
        """Where a name ending at character ``a``'s word starts, and the known organisation it
        follows (a unit's parent), if any."""
        t = self.tokens
        i = self.token_at(a)
        first = t.sentence_tokens(t.sentence_of(i))[0]
        start = t.start[i]
        orgs = all(k.type in ORGS for k in kinds)
        placed = False
        j = i - 1
        while j >= first:
            w = t.lower[j]
            if t.end[j] < t.start[j + 1]:
                break  # a space between words ends a name: "北京讯　全国两会" (a dateline before it)
            if w in ("”", "」", '"'):
                opens = ("“", "「", '"')
                k = next((k for k in range(j - 1, max(first, j - 30) - 1, -1) if t.lower[k] in opens),
                         None)  # fmt: skip
                if k is None:
                    break
                start, j = t.start[k], k - 1
                continue
            known = self._known_ending(t.end[j])
            kind = self.rec.types[known.entities[0]] if known is not None else ""
            if known is not None and kind in ORGS:
                if orgs and known.end - known.start <= 2:
                    return known.start, known.entities[0]  # "华电福建公司": a short parent name opens it
                if orgs and placed:  # "中国移动广西分公司": a place's branch is named with its group
                    return known.start, known.entities[0]
                if orgs:
                    return start, known.entities[0]  # "国家能源集团国神公司": a unit after its parent
                return known.start, None  # "国家电投数据底座": the owner's name is part of it
            if known is not None and not orgs and kind not in ("Person", "Sector"):
                return known.start, None  # "盘古气象大模型": a model or platform named after another
            if (
                known is not None
                and kind in ("Policy", "Initiative")
                and all(k.type == "Event" for k in kinds)
            ):
                start, j = known.start, self.token_at(known.start) - 1  # "“AI+”专项行动深化部署会"
                continue
            if known is not None and kind != "Location":
                return start, None
            if known is not None:  # a place in a name: "大唐内蒙古公司", "中国铁路郑州局集团有限公司"
                start, j, placed = known.start, self.token_at(known.start) - 1, True
                continue
            if (
                w in ("及", "和", "与")
                and all(k.type in ("Event", "Agency") for k in kinds)
                and j > first
                and not placed  # "与长春市政府": a place opens a government's name
            ):
                start, j = t.start[j], j - 1  # "技术交流及设备展览会": one meeting
                continue
            if w.startswith("年") and j > first and re.fullmatch(r"(19|20)\d\d", t.lower[j - 1]):
                if all(k.type == "Event" for k in kinds):  # "2025年世界移动通信大会": the year names it
                    start = t.start[j - 1]
                break
            if w in self.rec.stop or _PUNCT.match(w) or _CLASSIFIED.match(w) or w in self.rec.titles:
                break
            if w in _POINTS_BACK or (w == "一" and j > first and t.lower[j - 1][-1:] in "这那该此"):
                return None, None  # "这一能源化工大模型": it points back to a thing named before
            if not orgs and w in self.rec.verbs:
                break
            if len(w) >= 2 and w[-1] in "到于为" and has_cjk(w):
                break  # a verb and its complement: "渗透到", "用于", "视为"
            if re.fullmatch(r"\d+(\.\d+)?", w) and j + 1 < len(t) and t.lower[j + 1][:1] in "年月日个号":
                break
            start = t.start[j]
            if a - start > 24:
                return None, None
            j -= 1
        return start, None

    def _owner_before(self, start: int) -> str | None:
        """The known organisation of "X所属", "X旗下的", "X下属" right before a unit's name."""
        cue = re.search(r"(?:所属|旗下的?|下属的?|控股的?)$", self.simple[max(0, start - 4) : start])
        owner = self._known_ending(start - len(cue.group())) if cue else None
        return owner.entities[0] if owner is not None else None

    def _known_ending(self, end: int) -> _Found | None:
        return next((f for f in self.known if f.end == end), None)

    def _kind(self, name: str, kinds: list[KindRule], parent: str | None) -> KindRule | None:
        for kind in kinds:
            if kind.type == "SOE" and parent is not None and self.rec.types.get(parent) == "SOE":
                return kind  # a unit named after, or said to belong to, its state-owned parent
            department = kind.type == "Agency" and parent and self.rec.types.get(parent) == "Agency"
            if kind.prefixes and not name.lstrip("“").startswith(tuple(kind.prefixes)) and not department:
                continue
            if kind.quoted and not _QUOTED.search(name):
                continue
            return kind
        return None

    def _quoted(self) -> list[_Found]:
        """Quoted names typed by their own ending ("“智能知识图谱”"), or a model an organisation
        names ("中国移动“九天”、中国电信“星辰”等大模型")."""
        out = []
        for m in _QUOTED.finditer(self.simple):
            a, b = m.span(1)
            inner = m.group(1)
            after = self.simple[m.end() : m.end() + 1]
            kind = next((k for h, ks in self.rec.heads if inner.endswith(h) and inner != h for k in ks
                         if k.type not in ORGS and k.type != "Sector"), None)  # fmt: skip
            if kind is not None and (not after or _PUNCT.match(after) or after in "的和与及等"):
                out.append(_Found(a, b, kind.type, f"quoted:{kind.id}", 2, kind.confidence * 0.9))
                continue
            owner = self._known_ending(m.start())
            if owner is not None and self.rec.types[owner.entities[0]] in ORGS:
                rest = self.simple[m.end() : self.sentence_end(m.end())]
                if "模型" in rest[:40] and (not after or after in "、和与及等"):
                    out.append(_Found(a, b, "AIModel", "quoted:owned", 2, 0.7))
                    continue
            head = next((h for h, _ in self.rec.heads if self.simple.startswith(h, m.end())), None)
            kinds = dict(self.rec.heads).get(head or "", [])
            if head and any(k.type == "Platform" for k in kinds) and not any(k.type in ORGS for k in kinds):
                out.append(_Found(a, b, "Platform", "quoted:platform", 2, 0.65))  # "“X”平台" is X
                continue
            # "金融大模型“一招”", "智能助手“小招”": the quoted name of the thing its kind's noun names
            before = next((ks for h, ks in self.rec.heads if self.simple.endswith(h, 0, m.start())), [])
            kind = next((k for k in before if k.type in ("AIModel", "Platform")), None)
            if (
                kind is not None
                and not any(k.type in ORGS for k in before)
                and (not after or _PUNCT.match(after) or after in "的和与及等已")
            ):
                out.append(_Found(a, b, kind.type, f"quoted:after-{kind.id}", 2, kind.confidence * 0.8))
        return out

    def _people(self) -> list[_Found]:
        """A surname and a given name after a title: "董事长胡望明", "院长张龙强"; later uses too."""
        s, out, seen = self.simple, [], set()
        for title in self.rec.titles:
            for m in re.finditer(re.escape(title), s):
                if any(len(t) > len(title) and s.startswith(t, m.start()) for t in self.rec.titles):
                    continue  # "董事" inside "董事长杨杰": the longer title is the one
                at = m.end()
                while (name := self._person_at(at)) is not None:
                    out.append(_Found(at, at + len(name), "Person", f"kind:{self.rec.person.id}", 2,
                                      self.rec.person.confidence))  # fmt: skip
                    seen.add(name)
                    # "副主任谭作钧、袁野、王宏志": one title, a list of people; each name ends where
                    # the next mark of the list or the clause's end stands
                    after = at + len(name)
                    if s[after : after + 1] != "、" or not self._listed_person(after + 1):
                        break
                    at = after + 1
        for name in seen:
            for m in re.finditer(re.escape(name), s):
                if not any(f.start == m.start() for f in out):
                    out.append(_Found(m.start(), m.end(), "Person", "person:again", 2, 0.75))
        return out

    def _listed_person(self, p: int) -> bool:
        """Whether a person's name of the usual shape stands at ``p`` and ends at a list mark, the
        clause's end or the end of a word ("袁野、", "王宏志通过…")."""
        name = self._person_at(p)
        if name is None or (name[0] not in self.rec.surnames and name[:2] not in self.rec.surnames):
            return False
        end = p + len(name)
        if self.simple[end : end + 1] in ("、", "，", "。", "；", "等", "和", "及", ""):
            return True
        return self.tokens.end[self.token_at(end - 1)] == end  # the list's last name: a whole word

    def _person_at(self, p: int) -> str | None:
        s, t = self.simple, self.tokens
        surname = s[p : p + 2] if s[p : p + 2] in self.rec.surnames else s[p : p + 1]
        if surname not in self.rec.surnames:
            # a rarer surname: two or three characters between a title and what they said
            # ("总经理门欣表示"), none of them a word the name cannot hold
            for n in (2, 3):
                name = s[p : p + n]
                if (
                    all(has_cjk(c) and c not in _SINGLE_STOPS for c in name)
                    and name not in self.rec.stop
                    and s[p + n :].startswith(_SPEECH)
                ):
                    return name
            return None
        q = p + len(surname)
        i = self.token_at(q)
        if i >= len(t) or not has_cjk(s[q : q + 1]):
            return None
        given = s[q : t.end[i]] if t.start[i] < q else t.lower[i]
        if len(given) == 1 and has_cjk(given) and given not in _SINGLE_STOPS and i + 1 < len(t):
            nxt = t.lower[i + 1]  # a given name cut into characters: "谭/作/钧"
            if len(nxt) == 1 and has_cjk(nxt) and nxt not in _SINGLE_STOPS and nxt not in self.rec.stop:
                given += nxt
        if (
            not 1 <= len(given) <= 2
            or not has_cjk(given)
            or given in self.rec.stop
            or given[0] in _SINGLE_STOPS
        ):
            return None
        if given in self.rec.titles or any(given.startswith(x) for x in _SPEECH):
            return None
        return surname + given

    # -- sectors, phrases, figures, dates -------------------------------------------------------

    def sectors(self) -> list[_Found]:
        """Industries named as such: in a list, after 在/应用于/面向, before 行业/领域/板块/企业."""
        quoted = [m.span() for m in _QUOTED.finditer(self.simple)]
        words = self.rec.rules.names.words
        before, after = tuple(words["sector_before"]), tuple(words["sector_after"])
        lower, out = self.tokens.lower, []
        for i, w in enumerate(lower):
            if w not in self.rec.sectors or any(a <= self.tokens.start[i] < b for a, b in quoted):
                continue
            prev = self.simple[max(0, self.tokens.start[i] - 3) : self.tokens.start[i]]
            nxt = self.simple[self.tokens.end[i] : self.tokens.end[i] + 2]
            left = (
                prev.endswith(before)
                or prev[-1:] in ("", *_CLAUSE)
                or (i > 0 and lower[i - 1] in self.rec.stop)
            )
            right = nxt.startswith(after) or nxt[:1] in ("", *_CLAUSE)
            if _INSTITUTIONS.match(self.simple[self.tokens.end[i] : self.tokens.end[i] + 24]):
                continue  # "银行、保险、证券等金融机构": kinds of institution, not fields
            if (left and right) or (left and prev.endswith(_FIELD_BEFORE)) or nxt.startswith(_FIELD_AFTER):
                # a field named as such, or a whole item of a list ("训练芯片、推理芯片": not one)
                out.append(
                    _Found(
                        self.tokens.start[i], self.tokens.end[i], "Sector", "phrase:zh-sector-word", 1, 0.6
                    )
                )
        return out

    def scenarios(self) -> list[_Found]:
        """The items of "形成A、B和C四大应用场景", "A、B等场景": application scenarios."""
        ends = "|".join(map(re.escape, self.rec.rules.names.words["scenario_ends"]))
        pattern = re.compile(
            rf"((?:[^，。；：、\s“”]{{2,14}}[、和及])+[^，。；：、\s“”]{{2,14}}?)(?:[一二三四五六七八九十两\d]+大|等)(?:{ends})"
        )
        out = []
        for m in pattern.finditer(self.simple):
            at = m.start(1)
            items = re.split(r"[、和及]", m.group(1))
            if any(i in self.rec.sectors or "等" in i for i in items):
                continue  # "火电、煤炭等八大应用场景": fields, not scenarios
            for item in items:
                a = self.simple.index(item, at)
                at = a + len(item)
                lead = re.match(r"^(?:.*?(?:形成|包括|涵盖|覆盖|聚焦|围绕|在))", item)
                if lead and len(item) - lead.end() >= 2:
                    a += lead.end()
                a = self._after_lead(a, at)  # "中国华电正积极拓展|数字电厂、…": after the verb
                if at - a >= 2:
                    # a scenario even where its words end like a thing ("智能问答助手")
                    out.append(_Found(a, at, "Initiative", "phrase:zh-scenario-list", 3, 0.6))
        return out

    def _after_lead(self, a: int, b: int) -> int:
        """Where a list's first item starts: after the last particle, verb or name in ``[a, b)``."""
        i = self.token_at(a)
        while i < len(self.tokens) and self.tokens.end[i] < b:
            w, at = self.tokens.lower[i], self.tokens.start[i]
            known = max((k.end for k in self.known if k.start == at), default=0)
            if w in self.rec.stop or w in self.rec.verbs or w in _LIST_LEADS or known:
                a = max(self.tokens.end[i], known)
            i += 1
        return a

    def phrases(self) -> list[_Found]:
        out = []
        for rule in self.rec.rules.names.phrases:
            for m in self.rec.regex[rule.id].finditer(self.simple):
                a, b = m.span("name") if "name" in m.groupdict() else m.span()
                if rule.items:
                    items = self._items(rule, a, b)
                    if (
                        rule.type == "Sector"
                        and m.group().endswith("领域")
                        and not any(
                            sector in self.simple[f.start : f.end]
                            for f in items
                            for sector in self.rec.sectors
                        )
                    ):
                        continue  # "在客户服务、风控、办公等领域": functions, no industry
                    out += items
                    continue
                out.append(_Found(a, b, rule.type, f"phrase:{rule.id}", 1 if rule.type == "Location" else 4,
                                  rule.confidence))  # fmt: skip
        return out

    def _items(self, rule: Any, a: int, b: int) -> list[_Found]:
        """The items of a list ("覆盖能源、通信和金融等行业"), each a name: the first without the
        words that lead into the list ("覆盖"), none longer than a name of its kind."""
        out, at = [], a
        for part in re.split(f"({rule.items})", self.simple[a:b]):
            start, end = at, at + len(part)
            at = end
            if re.fullmatch(rule.items, part) or not part:
                continue
            i = self.token_at(start)
            while i < len(self.tokens) and self.tokens.end[i] < end:
                w = self.tokens.lower[i]
                if w in self.rec.stop or w in self.rec.verbs or w in ("在", "于", "已", "已在", "将"):
                    start = self.tokens.end[i]
                i += 1
            if 2 <= end - start <= 8 and not _PUNCT.match(self.simple[start:end]):
                out.append(_Found(start, end, rule.type, f"phrase:{rule.id}", 1, rule.confidence))
        return out

    def figures(self) -> list[Mention]:
        out = []
        for rule in self.rec.rules.names.figures:
            for m in self.rec.regex[rule.id].finditer(self.simple):
                counted = ""
                if m.groupdict().get("unit") in (
                    "个",
                    "项",
                    "家",
                    "条",
                    "款",
                    "套",
                    "种",
                    "台",
                    "座",
                    "列",
                    "名",
                ):
                    i = self.tokens.token_at(m.end())
                    nxt = self.tokens.lower[i] if i < len(self.tokens) else ""
                    counted = (
                        nxt if has_cjk(nxt) and nxt not in self.rec.stop and i < len(self.tokens) else ""
                    )
                groups = {k: v for k, v in m.groupdict().items()}
                if groups.get("num") == "一" and not groups.get("qual"):
                    continue  # "一家", "一个": an article, not a count
                q = zh_quantity(
                    {"unit": "%", **groups} if rule.id.endswith("percent-words") else groups, counted
                )
                if q is not None:
                    out.append(self.mention(_Found(m.start(), m.end(), "FIGURE", "figure", 0, value=q)))
        return _distinct(out)

    def dates(self, published: str | None) -> list[Mention]:
        out = []
        for rule in self.rec.rules.names.dates:
            for m in self.rec.regex[rule.id].finditer(self.simple):
                iso, note = zh_date(m.group(), published)
                if iso:
                    out.append(self.mention(_Found(m.start(), m.end(), "DATE", note or "date", 0, value=iso)))
        return _distinct(out)

    # -- short names defined, and known names inside new ones --------------------------------------

    def placed_units(self) -> list[_Found]:
        """A group's short name and a place, written as one word, name the group's unit there:
        "中核武汉", "国网江苏", "南网广东" (a unit of 中核, 国网, 南网)."""
        out = []
        at = {k.start: k for k in self.known}
        for k in self.known:
            place = at.get(k.end)
            if (
                place is not None
                and k.label == "SOE"
                and k.end - k.start <= 3
                and place.label == "Location"
                and k.entities
            ):
                unit = _Found(k.start, place.end, "SOE", "kind:placed-unit", 2, 0.6, parent=k.entities[0])
                out.append(unit)
        return out

    def places(self, chosen: list[_Found]) -> list[_Found]:
        """A new place that opens with a known one is two: "四川甘孜" is 甘孜 in 四川."""
        out = []
        for f in chosen:
            known = next((k for k in self.known if k.start == f.start and k.end < f.end - 1
                          and k.label == "Location"), None)  # fmt: skip
            if f.label != "Location" or f.rule == "known" or known is None:
                out.append(f)
                continue
            out += [known, replace(f, start=known.end)]
        return out

    def define(self, chosen: list[_Found]) -> list[_Found]:
        """ "国家能源投资集团有限责任公司（简称“国家能源集团”）": the short name, there, later and
        before (a headline names it first), stands for the full one."""
        out = list(chosen)
        for f in chosen:
            if f.label in ("Sector", "Outcome", "Target", "Person", "Location") or f.rule == "known":
                continue
            m = _DEFINED.match(self.simple[f.end : f.end + 24])
            if m is None:
                continue
            short = m.group(1)
            full = self.text[f.start : f.end]
            if short in self.rec.forms:  # "中国中车股份有限公司（简称“中国中车”）": the known entity
                ids = tuple(sorted(self.rec.forms[short]))
                known = replace(f, entities=ids, label=self.rec.types[ids[0]], rule="defined:known")
                out = [known if g is f else g
                       for g in out]  # fmt: skip
                continue
            self.aliases.setdefault(full, set()).add(short)
            for hit in re.finditer(re.escape(short), self.simple):
                a, b = hit.span()
                if f.start <= a < f.end:
                    continue  # inside the full name; before it (a headline) and after, it stands for it
                out = [  # "（中交三航院）": the short name, not the known "中交" inside it
                    g
                    for g in out
                    if not (
                        g.start < b
                        and a < g.end
                        and (g.priority < 3 or (a <= g.start and g.end <= b))
                        and (g.end - g.start) <= b - a
                        and g is not f
                    )
                ]
                if not any(g.start < b and a < g.end for g in out):
                    out.append(
                        _Found(a, b, f.label, "defined", 2, f.confidence, refers=full, parent=f.parent)
                    )
        orgs = [g for g in out if g.label in ORGS]
        for g in orgs:  # "中车唐山公司" and "中车唐山机车车辆有限公司": one company, the name shortened
            name = self.simple[g.start : g.end]
            stem = name[:-2] if name.endswith("公司") and not name.endswith("有限公司") else ""
            longer = next((h for h in orgs if h is not g and len(stem) >= 3
                           and self.simple[h.start : h.end].startswith(stem)
                           and self.simple[h.start : h.end].endswith(_REGISTERED)), None)  # fmt: skip
            if longer is not None and g.refers is None:
                out[out.index(g)] = replace(g, refers=self.text[longer.start : longer.end])
        titles = [g for g in out if g.rule == "phrase:zh-policy-title"]
        for g in titles:  # 《实施意见》 after 《关于推进…的实施意见》: the title named before, shortened
            longer = next((h for h in titles if h.start < g.start and self.simple[h.start : h.end].endswith(
                self.simple[g.start : g.end]) and h.end - h.start > g.end - g.start), None)  # fmt: skip
            if longer is not None:
                out[out.index(g)] = replace(g, refers=self.text[longer.start : longer.end])
        return sorted(out, key=lambda g: g.start)

    def nested(self, chosen: list[_Found]) -> list[_Found]:
        """Known organisations inside a new name ("国家电投" in "国家电投贵安数据中心"): the
        document names them too."""
        out = []
        for k in self.known:
            kind = self.rec.types[k.entities[0]]
            if kind not in ORGS or any(c is k for c in chosen):
                continue
            if self.rec.collective(k.entities[0]):
                continue  # "中央企业" in a meeting's name: the meeting is named for them, not by them
            if any(c.start <= k.start and k.end <= c.end and c.rule != "known" for c in chosen):
                out.append(_Found(k.start, k.end, k.label, "known:nested", 3, entities=k.entities))
        return out


def _known_at(read: _Reading, char: int) -> bool:
    return any(k.start == char for k in read.known)


def _distinct(mentions: list[Mention]) -> list[Mention]:
    chosen: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or c.end <= m.start for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _longest(found: list[_Found]) -> list[_Found]:
    """Non-overlapping names: a policy title first, then the longest, a known name before a new one."""
    chosen: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.priority < 4, -(f.end - f.start), -f.priority, f.start)):
        if all(f.end <= c.start or c.end <= f.start for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _covered(text: str, words: set[str]) -> bool:
    """Whether ``text`` is made only of ``words`` however it was segmented ("服务器云" of 服务器, 云).

    >>> _covered("桌面服务器", {"桌面", "服务器"}), _covered("银河桌面", {"桌面"})
    (True, False)
    """
    can = [True] + [False] * len(text)
    for i in range(1, len(text) + 1):
        can[i] = any(can[j] and text[j:i] in words for j in range(max(0, i - 6), i))
    return bool(text) and can[-1]
