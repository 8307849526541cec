"""Relation rules for sentence shapes other than a verb between two names.

Each function reads one ``kind`` of rule of ``relations.yaml`` in one sentence: units
("X, a unit of Y"), members ("X is one of the central SOEs"), possessives ("Huawei's
Ascend chips"), roles ("Li Zhen, deputy director of SASAC"), places ("the Digital China
Summit in Fuzhou"), sectors ("a model for the power sector"), figures (results and goals)
and names that state a fact ("DeepSeek-R1", "State Grid Zhejiang Electric Power").
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg.ingest.coref import Memory
from kg.ingest.grammar import clean_value
from kg.ingest.proposals import ORGS, Node, Ref
from kg.ingest.recognise import Mention, Recognised
from kg.ingest.rules import RelationRule, Rules
from kg.ingest.sentence import Proposer, Sentence
from kg.model import load_model
from kg.model.names import slug
from kg.model.records import bounded_key
from kg.seeds.gazetteer import load_gazetteer

__all__ = ["STRUCTURES", "Context"]


@dataclass
class Context:
    """What the structure rules share across an article."""

    rules: Rules
    found: Recognised
    published: str | None
    scope: str
    memory: Memory
    entities: dict[str, Any]  # known entities (catalog and gazetteer) by id
    collectives: set[str] = field(default_factory=set)  # "central SOEs": said of many, never one
    created: dict[str, Node] = field(default_factory=dict)  # results and goals found in figures
    # figures a sentence states of a new entity: key -> {property: quantity}, and that sentence
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    quotes: dict[str, int] = field(default_factory=dict)
    stated: dict[Mention, Node] = field(default_factory=dict)  # the figure that states each
    goal_spans: list[tuple[int, int]] = field(default_factory=list)  # words of the goals read whole
    # With a parse: who a figure is said of (the subject of the verb that states it), or None
    owner_of: Callable[[Sentence, Mention, set[str]], Ref | None] | None = None

    def __post_init__(self) -> None:
        self.gazetteer = load_gazetteer()
        self.mention_at = {(m.first, m.last): m for m in self.found.mentions}
        self.known_starts = [k.first for k in self.found.known]


_WITHIN = {"at", "at the", "of", "of the", "under", "under the", "within", "within the"}

Structure = Callable[[Sentence, RelationRule, Proposer, Context, list[Mention]], None]


def _phrase_at(words: list[str], i: int, phrases: list[str]) -> int:
    """How many words of one of ``phrases`` start at ``i`` (0 if none), longest first."""
    if i >= len(words):
        return 0
    for parts in _by_first(tuple(phrases)).get(words[i], ()):
        if words[i : i + len(parts)] == list(parts):
            return len(parts)
    return 0


@functools.cache
def _by_first(phrases: tuple[str, ...]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by their first word, longest first: each position is looked up, not scanned."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        parts = tuple(phrase.split())
        out.setdefault(parts[0], []).append(parts)
    return out


def units(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, _: list[Mention]) -> None:
    """ "X, a unit of Y", "X, a CSG subsidiary", "Y's subsidiary X", "its subsidiary X"."""
    lower = s.tokens.lower
    for x in (r for r in s.refs if not r.carried):
        i = x.last
        if i + 1 < s.last and lower[i] == ",":  # X, (a|an|the|another|one) [words] NOUN (of Y)
            j = i + 1 + (lower[i + 1] in ("a", "an", "the", "another", "one", "its"))
            owners = [r for r in s.after(j) if r.first < j + 4]
            k = next((r.last for r in owners), j)
            size = _phrase_at(lower, k, rule.nouns) or _phrase_at(lower, j, rule.nouns)
            if size:
                end = (k if _phrase_at(lower, k, rule.nouns) else j) + size
                if owners and owners[0].first < end:  # "a CSG subsidiary"
                    propose(rule.id, rule.types, x, owners[0], rule.confidence)
                elif end < s.last and lower[end] == "of":
                    parent = next((r for r in s.after(end + 1) if r.first <= end + 4), None)
                    if parent is not None:
                        propose(rule.id, rule.types, x, parent, rule.confidence)
        nxt = next((r for r in s.after(x.last) if not r.carried), None)
        if nxt is not None and x.node.type in ("Agency", "ResearchBody") and s.gap(x, nxt).strip() in _WITHIN:
            propose(
                rule.id, rule.types, x, nxt, rule.confidence
            )  # "the Department of X at the Ministry of Y"
        j = x.first - 1  # Y's NOUN X / its NOUN, X / another NOUN, X
        while j > s.first and lower[j] in (",", '"', "“"):
            j -= 1
        for start in range(max(s.first, j - 3), j + 1):
            size = _phrase_at(lower, start, rule.nouns)
            if size and start + size - 1 == j:
                owner = next((r for r in reversed(s.before(start)) if r.last >= start - 2), None)
                if owner is None and lower[start - 1] in ("another", "a", "its") and s.topic is not None:
                    owner = Ref(s.topic, start - 1, start, carried=True)
                if owner is not None:
                    propose(rule.id, rule.types, x, owner, rule.confidence * 0.9)
                break


def members(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, _: list[Mention]) -> None:
    """ "X is one of the central SOEs", "the first central SOE", "central SOEs such as X and Y"."""
    lower = s.tokens.lower
    for ref in s.refs:
        before = lower[max(s.first, ref.first - 3) : ref.first]
        if any(" ".join(before).endswith(p) for p in rule.phrases) or before[-2:] == ["the", "first"]:
            subject = next((r for r in reversed(s.before(ref.first)) if r.node.type == ref.node.type), None)
            if subject is not None:
                for member in s.listed_to(subject):
                    propose(rule.id, rule.types, member, ref, rule.confidence)
        after = ref.last
        size = _phrase_at(lower, after, rule.lists) or (
            _phrase_at(lower, after + 1, rule.lists) if after < s.last and lower[after] == "," else 0
        )
        if size:
            start = after + size + (lower[after] == ",")
            first = next((r for r in s.after(start) if r.first <= start + 2), None)
            for member in s.listed_from(first) if first else []:
                if member.node.type == ref.node.type:
                    propose(rule.id, rule.types, member, ref, rule.confidence * 0.9)


def possessives(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, _: list[Mention]) -> None:
    """ "Huawei's Ascend 910B chips", "its Guangming power model", "China Mobile's Jiutian"."""
    lower = s.tokens.lower
    for owner in s.refs:
        if owner.node.type not in ORGS:
            continue
        at = owner.last
        if not owner.carried and not (at < s.last and lower[at] in ("'s", "’s")):
            continue
        if owner.carried and lower[owner.first] not in ("its", "their"):
            continue
        start = at + (not owner.carried)
        owned = next((r for r in s.after(start) if r.first <= start + 3 and not r.carried), None)
        if owned is None or s.boundary_between(start, owned.first) or "," in lower[start : owned.first]:
            continue
        types = rule.targets.get(owned.node.type) or []
        reverse = rule.reverse if isinstance(rule.reverse, list) else []
        forward = [t for t in types if t not in reverse]
        if forward:
            propose(rule.id, forward, owner, owned, rule.confidence)
        if any(t in reverse for t in types):
            propose(rule.id, [t for t in types if t in reverse], owned, owner, rule.confidence)


def roles(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, _: list[Mention]) -> None:
    """ "Li Zhen, deputy director of SASAC", "SASAC director Zhang Yuzhuo", "Chairman Yang Jie"."""
    for person in (r for r in s.refs if r.node.type == "Person" and not r.carried):
        role, org = _role_after(s, person, rule)
        if role is None:
            role, org = _role_before(s, person, rule)
        if role is None:
            continue
        if org is None and person.node.key in ctx.entities:
            continue  # a known person's roles are curated; "President Xi Jinping" is not the text's firm's
        if org is None and role.lower().split()[-1] in ("president", "premier", "secretary"):
            continue  # "President Xi Jinping": a head of state, not the text's firm's president
        if org is None:
            salient = ctx.memory.salient(ctx.collectives) or s.topic
            org = Ref(salient, person.first, person.first, carried=True) if salient else None
        if org is not None:
            value = clean_value(
                role, person.node.name, org.node.name
            )  # never "who is also ..." or "( CNPC )"
            propose(rule.id, rule.types, person, org, rule.confidence, {"role": value} if value else {})


def _role_after(s: Sentence, person: Ref, rule: RelationRule) -> tuple[str | None, Ref | None]:
    lower, words = s.tokens.lower, s.tokens.words
    i = person.last
    if i < s.last and lower[i] == "(":  # "Zhang Yuzhuo (张玉卓), chairman of ..."
        i = next((j + 1 for j in range(i, min(s.last, i + 8)) if lower[j] == ")"), i)
    if i >= s.last or lower[i] != ",":
        return None, None
    end = next(
        (j for j in range(i + 1, min(s.last, i + 30)) if lower[j] in (",", ";", ".") and j > i + 1), s.last
    )
    if any(r.node.type == "Person" and not r.carried for r in s.refs if i < r.first < end):
        end = min(r.first for r in s.refs if r.node.type == "Person" and i < r.first < end)
    span = lower[i + 1 : end]
    if not any(_phrase_at(span, k, rule.phrases) for k in range(len(span))):
        return None, None
    orgs = [r for r in s.after(i + 1) if r.last <= end and r.node.type in ORGS]
    role_end = orgs[0].first if orgs else end
    role = " ".join(words[i + 1 : role_end])
    role = re.sub(r"^(a|an|the)\s+|\s+(of|at|in|from|with)(\s+the)?$|\s*\($", "", role).strip(" ,")
    return role or None, orgs[0] if orgs else None


def _role_before(s: Sentence, person: Ref, rule: RelationRule) -> tuple[str | None, Ref | None]:
    """ "SASAC director Zhang Yuzhuo", "its president, Liu Guiqing", "Chairman Yang Jie"."""
    lower, words = s.tokens.lower, s.tokens.words
    end = person.first - (person.first > s.first and lower[person.first - 1] == ",")
    for size in range(1, 5):
        start = end - size
        if start < s.first:
            break
        if _phrase_at(lower, start, rule.phrases) == size:
            org = next(
                (r for r in reversed(s.before(start)) if r.last >= start - 1 and r.node.type in ORGS), None
            )
            return " ".join(words[start:end]).strip(" ,"), org
    return None, None


def places(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, _: list[Mention]) -> None:
    """ "the Digital China Summit in Fuzhou", "In Shanghai, X", "operates out of Hangzhou", "Y-based X"."""
    lower = s.tokens.lower
    for place in (r for r in s.refs if r.node.type == "Location" and not r.carried):
        if s.listed_to(place)[0] is not place and s.listed_to(place)[0].node.type == "Location":
            continue  # read with the first place of its list
        listed = [r for r in s.listed_from(place) if r.node.type == "Location"]
        prev = next((r for r in reversed(s.before(place.first)) if r.node.type != "Location"), None)
        gap = s.gap(prev, place).strip().lower() if prev else ""
        subject = None
        if (
            prev is not None
            and gap in ("in", "in the")
            and prev.node.type in ("Event", "ComputingInfrastructure")
        ):
            subject = prev
        elif prev is not None and any(
            gap.endswith(p) for p in rule.phrases if (p[0] != "-" and " " in p) or p == "spans"
        ):
            subject = prev  # "the Mobile World Congress, which opened in Barcelona"
        elif (
            place.first == s.first + 1
            and lower[s.first] == "in"
            and place.last < s.last
            and lower[place.last] == ","
        ):
            subject = next(
                (r for r in s.after(place.last) if r.node.type != "Location" and not r.carried), None
            )
        elif (
            place.last + 1 < s.last
            and lower[place.last] == "-"
            and lower[place.last + 1] in ("based", "headquartered")
        ):
            subject = next((r for r in s.after(place.last + 2) if r.first <= place.last + 5), None)
        if subject is None:
            continue
        for loc in listed:
            propose(rule.id, rule.types, subject, loc, rule.confidence)
    for a, b in zip(s.refs, s.refs[1:], strict=False):  # "Chengdu, Sichuan province"
        provincial = s.tokens.lower[b.last - 1] in ("province", "region") or (
            b.last < s.last and lower[b.last] in ("province", "region")
        )
        if a.node.type == b.node.type == "Location" and s.gap(a, b) == ", " and provincial:
            propose(rule.id, rule.types, a, b, rule.confidence)


def frames(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, _: list[Mention]) -> None:
    """ "At the previous edition of MWC, Tang Ke said": who speaks at an event takes part in it."""
    lower = s.tokens.lower
    for event in (r for r in s.refs if r.node.type == "Event" and not r.carried):
        i = event.first - 1
        while i > s.first and lower[i] in (
            "the",
            "a",
            "an",
            "this",
            "its",
            "previous",
            "same",
            "edition",
            "of",
        ):
            i -= 1
        cue = next((p for p in rule.phrases if " ".join(lower[i - len(p.split()) + 1 : i + 1]) == p), None)
        if cue is None:
            continue
        if i - len(cue.split()) + 1 == s.first:  # at the start: the sentence's subject, after the frame
            who = next((r for r in s.after(event.last) if r.node.type in ("Person", *ORGS) and not r.carried
                        and not s.after_preposition(r) and not s.in_aside(r)), None)  # fmt: skip
        else:
            who = next((r for r in s.before(i) if r.node.type in ("Person", *ORGS) and not r.carried
                        and not s.after_preposition(r)), None)  # fmt: skip
        if who is not None and who.node.key not in ctx.collectives:
            propose(rule.id, rule.types, who, event, rule.confidence)


def sectors(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, _: list[Mention]) -> None:
    """ "a model for the power sector", "in sectors such as energy and finance", "from A to B"."""
    lower = s.tokens.lower
    done: set[str] = set()
    for sector in (r for r in s.refs if r.node.type == "Sector" and not r.carried):
        if sector.node.key in done:
            continue
        listed = [r for r in s.listed_from(sector) if r.node.type == "Sector"]
        nxt = next((r for r in s.after(listed[-1].last) if r.node.type == "Sector"), None)
        if (
            nxt is not None and s.gap(listed[-1], nxt).strip() == "to"
        ):  # "from government affairs to healthcare"
            listed += [r for r in s.listed_from(nxt) if r.node.type == "Sector"]
        done.update(r.node.key for r in listed)
        cue_at = sector.first - 1
        while cue_at > s.first and lower[cue_at] in ("the", "its", "their", ",", "a", "an"):
            cue_at -= 1
        cue = next(
            (p for p in rule.phrases if " ".join(lower[cue_at - len(p.split()) + 1 : cue_at + 1]) == p), None
        )
        if cue is None and sector.last < s.last and lower[sector.last] in ("'s", "’s"):
            cue, cue_at = "'s", sector.first  # "the electricity industry's first large model"
        if cue is None:
            continue
        owners = [
            r
            for r in s.before(cue_at)
            if r.node.type not in ("Sector", "Location", "Person", "Outcome", "Target")
        ]
        named = [r for r in owners if not r.carried]
        if cue in ("for", "in", "serving", "'s"):  # "a model for the power sector": the nearest
            near = [r for r in named if cue_at - r.last <= 20] or [r for r in owners if cue_at - r.last <= 20]
            group = s.listed_to(near[-1]) if near else []
        else:  # "in 16 industries, including energy": the sentence's subject
            subject = next((r for r in named if not s.after_preposition(r) and not s.in_aside(r)), None)
            group = s.listed_to(subject) if subject else []
        for owner in group:
            for item in listed:
                propose(rule.id, rule.types, owner, item, rule.confidence)


def figures(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, found: list[Mention]) -> None:
    """A figure stated as a result becomes an Outcome the sentence's subject ACHIEVES (or an agency
    REPORTS); one stated as a goal a Target the policy the text is about SETS_TARGET."""
    lower = s.tokens.lower
    said = " ".join(lower[s.first : s.last])
    if any(re.search(rf"\b{re.escape(h)}\b", said) for h in rule.hedges):
        return  # "research estimates put the shortage at 210,000": nobody's result or goal
    for figure in found:
        if any(a <= figure.first and figure.last <= b for a, b in ctx.goal_spans):
            continue  # stated within a goal already read whole
        if figure.first > s.first and lower[figure.first - 1] == "from":
            continue  # "rose from 2 trillion yuan to ...": where it started, not what it achieved
        clause = max([s.first, *(i + 1 for i in range(s.first, figure.first) if lower[i] in (";", ":"))])
        before = _PAST_DEADLINE.sub(
            lambda m: "" if ctx.published and m.group(1) < ctx.published[:4] else m.group(0),
            " ".join(lower[clause : figure.first]),
        )  # "by the end of 2024 the lender had applied…", published in 2025: done, no goal
        goal = any(re.search(rf"\b{re.escape(g)}\b", before) for g in rule.goals) or _future(s, figure, ctx)
        near = " ".join(
            lower[max(clause, figure.first - 6) : figure.first] + lower[figure.last : figure.last + 4]
        )
        result = any(re.search(rf"\b{re.escape(v)}\b", near) for v in rule.verbs)
        if _property(s, figure, ctx):
            continue  # "a large language model with 100 billion parameters": a figure of the model
        if not (goal or result):
            continue
        kind = "Target" if goal else "Outcome"
        key = bounded_key(f"{slug(figure.text)}-{ctx.scope}".strip("-"))
        node = ctx.created.setdefault(key, Node(key, kind, figure.text, 80.0))
        ctx.properties[key] = {"value": figure.text}  # as written: "more than 500 scenarios"
        ctx.quotes[key] = s.index
        ctx.stated[figure] = node
        ref = Ref(node, figure.first, figure.last)
        if kind == "Target":
            policy = next((r for r in s.refs if r.node.type == "Policy"), None)
            setter = policy.node if policy else ctx.memory.last({"Policy"})
            if setter is not None:
                propose(rule.id, ["SETS_TARGET"], setter, ref, rule.confidence)
            continue
        sources = ("Initiative", "Platform", "AIModel", "SOE", "Agency")
        owners = [r for r in s.before(figure.first) if r.node.type in sources]
        previous = (
            ctx.memory.subject
            if ctx.memory.subject is not None and ctx.memory.subject.type in sources
            else None
        )
        fallback = previous or s.topic  # "As a result, time fell by 82.5 percent": what the text was about
        owner: Ref | None = owners[-1] if owners else None
        if ctx.owner_of is not None:  # the grammar says whose it is, or that it cannot tell
            owner = ctx.owner_of(s, figure, set(sources))
        elif owner is None and fallback is not None:
            owner = Ref(fallback, figure.first, figure.first, carried=True)
        if owner is not None:
            propose(rule.id, ["ACHIEVES", "REPORTS"], owner, ref, rule.confidence)


def goals(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, found: list[Mention]) -> None:
    """What a plan sets out to do, item by item: "China Mobile will double its investment in AI by
    the end of 2028 and build the country's largest computing infrastructure", "Its goals for 2028
    include lifting capacity above 100 EFLOPS, exploring ... and raising ...". Each item becomes a
    Target the policy the text is about SETS_TARGET. Only sentences that date the goal, count it or
    call it a goal are read: "it would keep deepening its special action" sets no target."""
    lower, text = s.tokens.lower, s.tokens.text
    if s.index in s.tokens.headlines or s.index == 0:
        return  # a headline sums up; the goals are read where the text states them
    words = " ".join(lower[s.first : s.last])
    dated = re.search(r"\b(by|for|before|in)\s+(the end of\s+)?((19|20)\d\d)\b", words)
    future = dated is not None and (ctx.published is None or dated.group(3) > ctx.published[:4])
    stated = future or re.search(r"\b(goals?|targets?)\b", words) is not None
    start, nouns = None, False
    for i in range(s.first, s.last):
        strong = _phrase_at(lower, i, rule.lists) or _phrase_at(lower, i, rule.phrases)
        size = strong or (_phrase_at(lower, i, rule.goals) if stated else 0)  # "will": only of a dated goal
        if size:
            start, nouns = i + size, bool(_phrase_at(lower, i, rule.lists))
            break
    if start is None:
        return
    parallel = _verb_like(lower[start], rule.verbs) and lower[start].endswith("ing")
    items, begin = [], start
    for i in range(start, s.last):
        nxt = lower[i + 1] if i + 1 < s.last else ""
        if nouns:  # "calls for A, the exploration of B and the drafting of C" (not "in grids, coal, and gas")
            after_and = lower[i + 2] if lower[i] == "," and nxt == "and" and i + 2 < s.last else nxt
            boundary = lower[i] in (",", "and") and after_and in ("the", "a", "an", "some", "more", "at")
        else:  # "will double X and build Y", "include lifting X, exploring Y" (-ing only in a list of them)
            boundary = (
                lower[i] in (",", "and") and (nxt in rule.verbs or (parallel and _verb_like(nxt, rule.verbs)))
            ) or (lower[i] == "," and nxt in ("and", "but", "while", "whereas"))  # ", and by 2035 ..."
        if boundary or lower[i] in (";", ".") or i == s.last - 1:
            end = i + (i == s.last - 1 and lower[i] not in (".", ";"))
            items.append((begin, end))
            begin = i + 1
        if lower[i] in (";", "."):
            break
    policy = next((r.node for r in s.refs if r.node.type == "Policy"), None) or ctx.memory.last({"Policy"})
    for first, last in items:
        while first < last and lower[first] in ("to", "and", ",", "also", "the"):
            first += 1
        while last > first and lower[last - 1] in (",", ".", "and", ";"):
            last -= 1
        if last - first < 3 or not (nouns or _verb_like(lower[first], rule.verbs)):
            continue
        start_char, end_char = s.tokens.start[first], s.tokens.end[last - 1]
        mention = Mention(
            text[start_char:end_char], start_char, end_char, "Target", s.index, first, last, rule="goal"
        )
        key = bounded_key(f"{slug(mention.text)[:60]}-{ctx.scope}".strip("-"))
        node = ctx.created.setdefault(key, Node(key, "Target", mention.text, 70.0))
        ctx.stated[mention] = node
        ctx.goal_spans.append((first, last))
        if policy is not None:
            propose(rule.id, rule.types, policy, Ref(node, first, last), rule.confidence)


def _verb_like(word: str, verbs: list[str]) -> bool:
    return word in verbs or (word.endswith("ing") and len(word) > 4)


def _property(s: Sentence, figure: Mention, ctx: Context) -> bool:
    """Give the figure to the nearest new entity of the sentence with a property that takes its unit
    (the model declares the units: AIModel.parameters in parameters, Platform.models_hosted in models)."""
    unit = str(figure.value.get("unit", "")).lower()
    nearest = sorted((r for r in s.refs if not r.carried and r.node.key not in ctx.entities),
                     key=lambda r: abs(r.first - figure.first))  # fmt: skip
    for ref in nearest:
        for name, spec in load_model().node_property_specs(ref.node.type).items():
            units = [u.lower() for u in spec.units or []]
            if spec.type == "quantity" and spec.units and (unit in units or unit.split()[-1:] == units[:1]):
                declared = spec.units[units.index(unit)] if unit in units else spec.units[0]
                same = figure.value.get("unit") == declared
                quantity = figure.text if same else dict(figure.value, unit=declared)
                ctx.properties.setdefault(ref.node.key, {})[name] = quantity
                ctx.quotes.setdefault(ref.node.key, s.index)
                return True
    return False


_PAST_DEADLINE = re.compile(r"\bby the end of ((?:19|20)\d\d)\b")


def _future(s: Sentence, figure: Mention, ctx: Context) -> bool:
    """ "70 percent by 2027": a year after publication right after the figure."""
    tail = s.tokens.text[figure.end : figure.end + 20]
    year = re.match(r"\s*(by|in)\s+(?:the end of\s+)?((?:19|20)\d\d)", tail)
    return bool(year and ctx.published and year.group(2) > ctx.published[:4])


def named(s: Sentence, rule: RelationRule, propose: Proposer, ctx: Context, _: list[Mention]) -> None:
    """Names that state a fact: a version and its family ("DeepSeek-R1"), a unit and its parent
    ("State Grid Zhejiang Electric Power"), an event and its host ("China Mobile Global Partner
    Conference")."""
    gazetteer = ctx.gazetteer
    models = {r.node.name: r for r in s.refs if r.node.type in ("AIModel", "Platform")}
    for ref in (r for r in s.refs if not r.carried):
        node = ref.node
        family = gazetteer.family.get(node.key)
        if family is not None:
            propose(rule.id, ["PART_OF"], ref, _node(ctx, family), rule.confidence)
        for name, other in models.items():
            if (
                other.node != node
                and node.type == other.node.type
                and re.match(rf"{re.escape(name)}[-\s]\w", node.name)
            ):
                propose(rule.id, ["PART_OF"], ref, other, rule.confidence)
        mention = ctx.mention_at.get((ref.first, ref.last))
        if mention is not None and mention.parent:
            propose(rule.id, ["PART_OF"], ref, _node(ctx, mention.parent), rule.confidence)
        if node.type == "Event":
            for known in ctx.found.known[bisect.bisect_left(ctx.known_starts, ref.first) :]:
                if known.first >= ref.last:
                    break
                if (
                    ref.first <= known.first
                    and known.last <= ref.last
                    and (known.first, known.last) != (ref.first, ref.last)
                ):
                    host = next((e for e in known.entities if ctx.entities[e].type in ORGS), None)
                    if host is not None:
                        propose(rule.id, ["ORGANISES"], _node(ctx, host), ref, rule.confidence)


def _node(ctx: Context, entity_id: str) -> Node:
    entity = ctx.entities[entity_id]
    return Node(entity.id, entity.type, entity.name)


STRUCTURES: dict[str, Structure] = {
    "unit": units,
    "member": members,
    "possessive": possessives,
    "role": roles,
    "place": places,
    "sector": sectors,
    "frame": frames,
    "goal": goals,
    "figure": figures,
    "named": named,
}
