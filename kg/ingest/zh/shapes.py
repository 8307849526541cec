"""Chinese relation rules for sentence shapes other than a verb between two names.

Each function reads one ``kind`` of ``rules/zh/relations.yaml`` in one sentence: partners ("A与B
合作"), means ("借助X上线Y"), units ("A所属B", "国家能源集团国神公司"), members ("包括A、B在内的央企"),
parts ("由A、B构成"), roles ("中国联通董事长陈忠岳"), events ("在X上，Y介绍"), places, sectors,
scenarios, and what events concern. Figures (results and goals) live in :mod:`kg.ingest.zh.figures`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.ingest.proposals import ORGS, Node, Ref
from kg.ingest.recognise import Mention
from kg.ingest.rules import RelationRule
from kg.ingest.zh.clause import Proposer, Shared, ZhSentence, node_ref
from kg.ingest.zh.figures import figures

__all__ = ["SHAPES"]


_WITH = ("与", "和", "同", "跟")  # "A与B合作"
Shape = Callable[[ZhSentence, RelationRule, Proposer, Shared, list[Mention]], None]


def _occurrences(s: ZhSentence, phrase: str) -> list[tuple[int, int]]:
    out, at = [], s.simple.find(phrase, s.start, s.end)
    while at >= 0:
        out.append((at, at + len(phrase)))
        at = s.simple.find(phrase, at + len(phrase), s.end)
    return out


def _right_before(s: ZhSentence, a: int, gap: str = "的") -> Ref | None:
    return next((r for r in reversed(s.before(a))
                 if not r.carried and s.text(s.span(r)[1], a).strip(gap) == ""),
                None)  # fmt: skip


def _right_after(s: ZhSentence, b: int, gap: str = "的了") -> Ref | None:
    return next((r for r in s.after(b) if s.text(b, s.span(r)[0]).strip(gap) == ""), None)


def _with_list(s: ZhSentence, ref: Ref) -> list[Ref]:
    """The names listed with 、 up to ``ref`` when 与 (和, 同, 跟) opens them: "与B、C"."""
    items = [ref]
    for prev in reversed(s.before(s.span(ref)[0])):
        if s.text(s.span(prev)[1], s.span(items[0])[0]).strip("“”") != "、":
            break
        items.insert(0, prev)
    return items if _with_at(s, s.span(items[0])[0]) is not None else []


def _with_at(s: ZhSentence, a: int) -> int | None:
    """Where 与 (和, 同, 跟) stands before the name at ``a``: right before it, or before a relative
    clause naming no one ("与1月20日发布的DeepSeek-R1")."""
    if s.text(a - 1, a) in _WITH:
        return a - 1
    rel = re.search(r"[与和同跟][^，。；：、与和“”]{1,12}的$", s.text(max(s.start, a - 14), a))
    if rel is None:
        return None
    w = a - len(rel.group())
    return None if any(w < s.span(r)[0] < a for r in s.refs if not r.carried) else w


def partners(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "A与B合作", "A和B签署战略合作协议", "A携手B", "A联合B发布": partners, not two agencies."""
    for phrase in rule.phrases:
        for a, b in _occurrences(s, phrase):
            pairs: list[tuple[Ref, Ref]] = []
            clause = s.clause(a)
            near = [r for r in s.before(a) if s.in_clause(r, clause) and a - s.span(r)[1] <= 16]
            items = next((x for x in (_with_list(s, r) for r in reversed(near)) if x), [])
            if items:  # "A与B合作", "A便与B展开多领域合作", "加强与B、C等企业的合作"
                w = _with_at(s, s.span(items[0])[0]) or s.span(items[0])[0] - 1
                first = next((r for r in reversed(s.before(w)) if s.in_clause(r, clause)), None)
                if first is None and s.text(clause[0], w).strip():  # "还将加强与B的合作": who the sentence
                    first = s.subject(w, tuple(ORGS))  # is about, else the text
                    if first is None and shared.memory.topic is not None:
                        first = node_ref(shared.memory.topic, items[0].first)
                pairs = [(x, y) for x in (s.listed(first) if first else []) for y in items]
            if not pairs and (after := _right_after(s, b, "")) is not None:
                subject = next((r for r in reversed(s.before(a)) if s.in_clause(r, s.clause(a))), None)
                pairs = [(subject, y) for y in s.listed_from(after)] if subject else []
            for x, y in pairs:
                if not (x.node.type == y.node.type == "Agency"):
                    propose(rule.id, rule.types, x, y, rule.confidence)


def owned(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "深度求索公司的DeepSeek大模型", "深度求索公司（DeepSeek）的模型": an organisation's model or
    platform, named right after it (with 的, or a bracketed short name between), is its making."""
    for ref in (r for r in s.refs if r.node.type in rule.targets and not r.carried):
        owner = _right_before(s, s.span(ref)[0], "的")
        if owner is None:
            paren = re.search(r"[（(][^（）()]{1,20}[）)]的?$", s.text(s.start, s.span(ref)[0]))
            owner = _right_before(s, s.span(ref)[0] - len(paren.group()), "") if paren else None
        if owner is not None and owner.node.type in ("SOE", "Company", "ResearchBody"):
            propose(rule.id, rule.targets[ref.node.type], owner, ref, rule.confidence)


def means(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "三航院借助DeepSeek上线“三航院智绘”平台": the subject and what it made use DeepSeek."""
    for phrase in rule.phrases:
        for a, b in _occurrences(s, phrase):
            used = _right_after(s, b, "")
            if used is None:
                continue
            clause = s.clause(a)
            subject = next(
                (r for r in reversed(s.before(a)) if r.node.type in ORGS and s.in_clause(r, clause)), None
            )
            if subject is None and not any(s.in_clause(r, clause) for r in s.before(a)):
                subject = _opens(s, clause)  # "借助X，S编制…": the phrase opens the sentence, S follows
            listed = s.listed_from(used)
            made = [r for r in s.after(s.span(listed[-1])[1]) if s.in_clause(r, clause)][:1]
            for item in listed:
                if subject is not None:
                    propose(rule.id, rule.types, subject, item, rule.confidence)
                for thing in made:
                    propose(rule.id, ["USES"], thing, item, rule.confidence)


def _opens(s: ZhSentence, clause: tuple[int, int]) -> Ref | None:
    """The organisation opening the clause after ``clause`` (its subject), if one does."""
    if clause[1] >= s.end:
        return None
    following = s.clause(clause[1] + 1)
    first = next((r for r in s.after(following[0]) if s.in_clause(r, following)), None)
    return first if first is not None and first.node.type in ORGS else None


def units(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "A所属B", "A旗下的B" (B is part of A); with ``reverse``, "B隶属于A"."""
    for phrase in rule.phrases:
        for a, b in _occurrences(s, phrase):
            before, after = _right_before(s, a, "的（）()“”"), _right_after(s, b)
            if before is not None and after is None and not rule.reverse:  # "A是B旗下…的企业": A
                full = next((r for r in s.before(s.span(before)[0]) if r.node == before.node), before)
                copula = s.span(full)[0]  # "A是B（以下简称“B”）旗下…": before B's full name
                after = _right_before(s, copula - 1, "") if s.text(copula - 1, copula) == "是" else None
            if before is None or after is None:
                continue
            child, parent = (before, after) if rule.reverse else (after, before)
            for c in s.listed_from(child) if not rule.reverse else [child]:
                propose(rule.id, rule.types, c, parent, rule.confidence)


def named(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """A unit named after its parent ("国家能源局科技司", "国家能源集团国神公司"); an organisation
    named inside a thing's name runs or made it ("国家电投贵安数据中心"); a sector inside a model's
    or platform's name ("钢铁行业大模型")."""
    for ref in (r for r in s.refs if not r.carried):
        mention = shared.mention_at.get(s.span(ref))
        if mention is not None and mention.parent and mention.parent in shared.entities:
            parent = shared.entities[mention.parent]
            propose(rule.id, rule.types, ref, node_ref(Node(parent.id, parent.type, parent.name), ref.first),
                    rule.confidence)  # fmt: skip
    for node, inner in shared.nested:
        outer = next((r for r in s.refs
                      if not r.carried and s.span(r)[0] <= inner.start and inner.end <= s.span(r)[1]),
                     None)  # fmt: skip
        if outer is not None:
            types = ["OPERATES", "DEVELOPS"] if outer.node.type != "AIModel" else ["DEVELOPS"]
            propose(
                rule.id,
                [*types, "IN_SECTOR"],
                Ref(node, inner.first, inner.last),
                outer,
                rule.confidence * 0.9,
            )


def members(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "包括“三桶油”、国家电网和南方电网在内的数十家央企": each is one of them."""
    for phrase in rule.phrases:
        for _at, b in _occurrences(s, phrase):
            for end_word in rule.lists:
                close = s.simple.find(end_word, b, s.end)
                if close < 0:
                    continue
                listed = [r for r in s.after(b) if s.span(r)[1] <= close and not r.carried]
                whole = next((r for r in s.after(close + len(end_word)) if s.span(r)[0] - close <= 10), None)
                for member in listed if whole is not None else []:
                    propose(rule.id, rule.types, member, whole, rule.confidence)


def parts(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "该系统由A、B、C及D四大系统构成": each is part of the system."""
    for phrase in rule.phrases:
        for a, _end in _occurrences(s, phrase):
            by = s.simple.rfind("由", s.clause(a)[0], a)
            if by < 0:
                continue
            whole = next((r for r in reversed(s.before(by + 1)) if s.in_clause(r, s.clause(a))), None)
            for item in (r for r in s.after(by) if s.span(r)[1] <= a and not r.carried):
                if whole is not None:
                    propose(rule.id, rule.types, item, whole, rule.confidence)


def roles(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "中国联通董事长陈忠岳", "中交集团党委书记、董事长王彤宙", "全国政协委员，…董事长胡望明",
    "国资委副主任谭作钧、袁野" (both)."""
    people = {s.span(r)[1]: r for r in s.refs if r.node.type == "Person"}
    for person in (r for r in s.refs if r.node.type == "Person" and not r.carried):
        start = s.span(person)[0]
        while s.text(start - 1, start) == "、" and start - 1 in people:
            start = s.span(people[start - 1])[0]  # "副主任谭作钧、袁野": the list's title is each one's
        end = start
        for _step in range(4):  # the role right before the name, then more before a comma or 、
            text = s.text(s.clause(end - 1)[0] if end > s.start else s.start, end)
            title = shared.titles.search(text)
            if title is None:
                break
            role_start = end - len(title.group())
            org = _right_before(s, role_start, "（）()") or next(
                (r for r in s.refs if r.carried and s.span(r)[1] == role_start), None
            )  # "，公司党委常委、副总裁黄超": the company the text is about
            if org is None:
                paren = re.search(r"[（(][^（）()]{1,20}[）)]$", s.text(s.start, role_start))
                org = _right_before(s, role_start - len(paren.group()), "") if paren else None
            if org is None or org.node.type not in ORGS:
                break
            propose(
                rule.id, rule.types, person, org, rule.confidence, {"role": title.group().rstrip("、和及")}
            )
            end = s.span(org)[0]
            if s.text(end - 1, end) not in ("，", ",", "、"):
                break
            end -= 1


def frames(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "在X上，Y介绍", "X期间，Y", "Y在会上介绍": who speaks at an event takes part in it."""
    speakers = ("Person", *ORGS)
    for event in (r for r in s.refs if r.node.type == "Event"):
        a, b = s.span(event)
        tail = s.text(b, b + 3)
        marked = event.carried or any(tail.startswith(p) for p in rule.phrases)
        if not marked:
            continue
        clause = s.clause(a)
        who = [r for r in s.before(a) if r.node.type in speakers and s.in_clause(r, clause) and not r.carried]
        if not who:  # "在X上，中国电信董事长柯瑞文介绍": the speaker after it, a person first
            after = s.clause(min(s.end - 1, clause[1] + 1))
            named = [r for r in s.after(b) if r.node.type in speakers and s.in_clause(r, after)]
            who = [r for r in named if r.node.type == "Person"][:1] or named[:1]
            titled = who and s.text(s.span(who[0])[1], s.span(who[0])[1] + 6).startswith(shared.title_words)
            person = next((r for r in s.after(b) if r.node.type == "Person" and not r.carried), None)
            if titled and who[0].node.type != "Person" and person is not None:
                who = [person]  # "两会期间，全国政协委员、…董事长马永生": the person the roles introduce
        for w in who[-1:]:
            propose(rule.id, rule.types, w, event, rule.confidence)


def places(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "在上海举行的X", "在贵州调研X": X is there; "X在乌鲁木齐开幕", "X位于Y": X, named before,
    is there; "江苏南京": a place within another."""
    previous: Ref | None = None
    for place in (r for r in s.refs if r.node.type == "Location" and not r.carried):
        a, b = s.span(place)
        if previous is not None and s.span(previous)[1] == a:
            propose(rule.id, ["PART_OF"], place, previous, rule.confidence)
        previous = place
        lead = next(
            (p for p in sorted(rule.phrases, key=len, reverse=True) if s.text(a - len(p), a) == p), None
        )
        if lead is None:
            continue
        clause = s.clause(a)
        thing = next((r for r in s.after(b) if r.node.type != "Location" and s.in_clause(r, clause)), None)
        if lead in rule.verbs or s.text(b, b + 3).startswith(tuple(rule.lists)):
            before = [r for r in s.before(a - len(lead)) if s.in_clause(r, clause)
                      and r.node.type not in ("Location", "Person", "Sector")]  # fmt: skip
            held = thing if thing is not None and thing.node.type == "Event" else None  # "在X召开Y会"
            thing = held or (before[-1] if before else None if lead in rule.verbs else thing)
        if thing is not None:
            propose(rule.id, ["LOCATED_IN"], thing, place, rule.confidence)


def sectors(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "在油气、化工、电网等领域": the sentence's subject works in them (a policy the text is about
    applies to them, in a sentence of goals)."""
    done: set[Ref] = set()
    owners = ("Policy", "SOE", "Company", "AIModel", "Platform", "Initiative", "Agency")
    for sector in (r for r in s.refs if r.node.type == "Sector" and not r.carried):
        if sector in done:
            continue
        listed = [r for r in s.listed_from(sector) if r.node.type == "Sector"]
        done.update(listed)
        a, b = s.span(listed[0])[0], s.span(listed[-1])[1]
        policy = next((r for r in s.refs if r.node.type == "Policy"), None)
        if (
            policy is None
            and shared.goal_sentence >= s.index - 1
            and (last := shared.memory.last({"Policy"}))
        ):
            policy = node_ref(last, sector.first)
        tail = re.match(r"^[^，。；：]*?的", s.text(b, s.clause(b)[1]))
        if (
            tail and len(tail.group()) > 1
        ):  # "研发覆盖A、B等电力全谱系的工控产品": the fields are the product's
            at = b + len(tail.group())
            head = next((r for r in s.after(at) if s.span(r)[0] == at), None)
            for item in listed if head is not None and head.node.type in owners else []:
                propose(rule.id, rule.types, head, item, rule.confidence)
            continue
        before = [r for r in s.before(a) if r.node.type in owners]
        orgs = [r for r in before if r.node.type in ORGS]
        subject = s.subject(a, tuple(t for t in owners if t != "Agency"))
        owner = subject or policy or (orgs[-1] if orgs else before[-1] if before else None)
        if owner is None:
            owner = next((r for r in s.after(b) if r.node.type in ORGS), None)
        for who in s.listed(owner) if owner is not None else []:  # "在X领域，A与B、C等企业…"
            for item in listed:
                propose(rule.id, rule.types, who, item, rule.confidence)


def scenarios(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """ "这一大模型已形成A、B和C三大应用场景": each scenario uses the model."""
    items = [
        r
        for r in s.refs
        if not r.carried and (m := shared.mention_at.get(s.span(r))) and m.rule == "phrase:zh-scenario-list"
    ]
    if not items:
        return
    first = s.span(items[0])[0]
    before = s.before(first)
    model = next((r for r in reversed(before) if r.node.type in ("AIModel", "Platform")), None)
    org = next((r for r in reversed(before) if r.node.type in ORGS and not r.carried), None)
    if model is None and org is not None:
        for item in items:  # "中国华电正拓展A、B等场景应用": the organisation's applications, no model's
            propose(rule.id, ["DEPLOYS"], org, item, rule.confidence)
        return
    if model is None and (last := shared.memory.last({"AIModel", "Platform"})) is not None:
        model = node_ref(last, items[0].first)
    for item in items if model is not None else []:
        propose(rule.id, rule.types, item, model, rule.confidence)


def concerns(s: ZhSentence, rule: RelationRule, propose: Proposer, shared: Shared, _: list[Mention]) -> None:
    """An event and what is presented there: names inside its own name ("“蓝翼”大模型发布会"), and
    the models and plans of a sentence that says what was launched or presented at it."""
    events = [r for r in s.refs if r.node.type == "Event"]
    things = [
        r for r in s.refs if r.node.type in ("AIModel", "Policy", "Platform", "Initiative") and not r.carried
    ]
    said = any(v in s.text(s.start, s.end) for v in rule.verbs)
    for event in events:
        name = event.node.name
        for node in {n for n in shared.document if n.type in ("AIModel", "Policy", "Platform", "Initiative")}:
            bare = node.name.strip("“”")
            if len(bare) >= 2 and bare in name and node.key != event.node.key:
                propose(rule.id, rule.types, event, node_ref(node, event.first), rule.confidence)
        for thing in things if said else []:
            propose(rule.id, rule.types, event, thing, rule.confidence * 0.9)


SHAPES: dict[str, Shape] = {
    "figure": figures,
    "with": partners,
    "means": means,
    "possessive": owned,
    "unit": units,
    "named": named,
    "member": members,
    "compose": parts,
    "role": roles,
    "frame": frames,
    "place": places,
    "sector": sectors,
    "scenario": scenarios,
    "concern": concerns,
}
