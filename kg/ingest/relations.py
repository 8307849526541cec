"""Propose relationships from how news sentences state them.

Each rule is a trigger (``developed``, ``in collaboration with``, ``convened a
meeting``…) and the relationship types it may express, in order of preference; the
first one the model allows between the two entities' types is proposed. Subjects
left out of a sentence ("it has created…", "The energy giant…") are taken from the
previous sentence's first organisation, with lower confidence.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from kg.ingest.phrases import roles, sectors_and_places
from kg.ingest.proposals import ORGS, At, Node, ProposedFact, combined_confidence
from kg.ingest.recognise import Mention, Recognised
from kg.ingest.triggers import VERB_RULES, find_triggers
from kg.model import load_model

__all__ = ["Node", "ProposedFact", "extract_relations"]


PARTNER = re.compile(
    r"\b(jointly|in collaboration with|collaborat\w*|cooperat\w*|partner\w*|together with|teamed up with)\b"
)
EVENT = re.compile(
    r"\b(convened|held|hosted|organi[sz]ed|chaired)\s+(a|an|the)\s+(\w+\s+)?"
    r"(meeting|conference|forum|symposium|ceremony|summit|seminar|session)\b"
)
CENTRAL_SOE = re.compile(
    r"\b(centrally administered|central)\s+(SOE|state-owned enterprise|enterprise)\b", re.I
)
# Words each match of the regex holds: a sentence without one is not searched, as ``in`` is
# faster than the regex's scan (a test checks every alternative of the regex holds one).
NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {
    PARTNER: ("jointly", "collaborat", "cooperat", "partner", "together with", "teamed up with"),
    EVENT: ("convened", "held", "hosted", "organi", "chaired"),
    CENTRAL_SOE: ("central",),  # in the lower-cased sentence: the regex ignores case
}
WITH_BEFORE = re.compile(r"\bwith\s+(the\s+)?$")
_LOOK_BACK = 200  # characters before a mention searched for "with"; whitespace runs are shorter
COORDINATED = re.compile(r"\s*(,|and|, and|or)\s*")
PASSIVE = re.compile(r"\b(was|were|been|is|are|being)\s+(\w+ly\s+)?$")
FUTURE = re.compile(r"\b(will|plans? to|is to|aims? to|to be)\b[^.]*$")


def extract_relations(
    found: Recognised,
    nodes: dict[Mention, Node],
    central_soes: Node | None = None,
    published: str | None = None,
) -> tuple[list[ProposedFact], list[Node]]:
    """Facts proposed from every sentence, and event candidates the rules created.

    ``nodes`` maps each entity mention to what it resolved to; ``central_soes`` is
    the catalog's collective of central SOEs, used by "a centrally administered SOE".
    """
    allowed_triples = load_model().triples()
    facts: dict[tuple[str, str, str], ProposedFact] = {}
    events: list[Node] = []
    previous_topic: Node | None = None

    def propose(
        rel: str,
        source: str,
        target: str,
        confidence: float,
        rule: str,
        at: At,
        properties: dict[str, Any] | None = None,
        status: str | None = None,
    ) -> None:
        """Keep a proposal, or the more confident of two proposing the same fact."""
        if source == target:
            return
        fact = ProposedFact(
            rel,
            source,
            target,
            at.sentence,
            confidence,
            rule,
            properties or {},
            date=at.date,
            date_note=at.date_note,
            status=status,
        )
        key = (rel, source, target)
        if key not in facts or facts[key].confidence < confidence:
            facts[key] = fact

    in_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in sorted(found.mentions, key=lambda m: m.start):
        if m in nodes:
            in_sentence[m.sentence].append(m)
    dated: dict[int, Mention] = {}
    for d in found.dates:  # A date after publication is a target ("by 2027"), not when it happened.
        if not _after(d.value, published):
            dated.setdefault(d.sentence, d)
    triggers = find_triggers(found.text, found.words, found.sentences, in_sentence.keys())
    for index, (s_start, s_end) in enumerate(found.sentences):
        mentions = in_sentence.get(index)
        if not mentions:
            continue  # every rule relates mentions, and only a sentence with some has a topic
        text = found.text[s_start:s_end]
        # "... with Hikvision": a partner named after "with" is never the sentence's subject.
        with_objects = {
            m for m in mentions if WITH_BEFORE.search(found.text, max(s_start, m.start - _LOOK_BACK), m.start)
        }
        subjects = [m for m in mentions if m not in with_objects]
        date = dated.get(index)
        at = At(index, date.value if date else None, date.rule if date and date.rule != "date" else None)
        hits = triggers.get(index, {})
        first_verb = min((h[0] for rule, *_ in VERB_RULES[:-1] for h in hits.get(rule, [])), default=s_end)
        # The sentence's topic: an organisation named before its first verb.
        topic = next((nodes[m] for m in subjects if nodes[m].type in ORGS and m.start < first_verb), None)

        def allowed(rel: str, a: Node, b: Node) -> bool:
            return (rel, a.type, b.type) in allowed_triples

        for rule, _, rel_types in VERB_RULES:
            for t_start, t_end, said in hits.get(rule, []):
                before = [m for m in subjects if m.end <= t_start]
                after = [m for m in mentions if m.start >= t_end]
                passive = bool(PASSIVE.search(found.text[s_start:t_start]))
                status = "planned" if FUTURE.search(found.text[s_start:t_start]) else None
                objects = _coordinated(found.text, after)
                for obj_m in objects:
                    obj = nodes[obj_m]
                    subj_m = next(
                        (m for m in reversed(before) if any(allowed(r, nodes[m], obj) for r in rel_types)),
                        None,
                    )
                    subj = nodes[subj_m] if subj_m else None
                    carried = subj is None and (topic or previous_topic) is not None and rule != "apply-to"
                    if carried:
                        subj = topic or previous_topic
                    if subj is None:
                        continue
                    if passive and rule != "apply-to":
                        by = [m for m in after if found.text[t_end : m.start].strip().startswith("by")]
                        if not by or not subj_m:
                            continue
                        subj, obj = nodes[by[0]], nodes[subj_m]
                    rel = next((r for r in rel_types if allowed(r, subj, obj)), None)
                    if rel is None:
                        continue
                    gap = obj_m.start - (subj_m.end if subj_m else t_start)
                    base = 0.6 if rule == "apply-to" else 0.8
                    conf = combined_confidence(base * (0.7 if carried else 1.0), gap, subj, obj)
                    status = status or ("deployed" if rel == "DEPLOYS" else None)
                    propose(rel, subj.key, obj.key, conf, f"{rule}:{said}", at, status=status)

        for match in _search(PARTNER, text):
            t_start = s_start + match.start()
            partners = [
                m
                for m in mentions
                if m.start > t_start and found.text[t_start : m.start].rstrip().endswith("with")
            ]
            before = [m for m in subjects if m.end <= t_start and nodes[m].type in ORGS]
            subj = nodes[before[-1]] if before else (topic or previous_topic)
            for p in partners[:1]:
                if subj is not None and allowed("PARTNERS_WITH", subj, nodes[p]):
                    topic_text = found.text[t_start : p.start].rstrip()
                    topic_text = re.sub(r"^(jointly|in collaboration|together)\s+", "", topic_text)
                    topic_text = re.sub(
                        r"\s*(in collaboration |together |teamed up )?with$", "", topic_text
                    ).strip()
                    props = {"topic": topic_text} if 3 <= len(topic_text) <= 120 else {}
                    conf = combined_confidence(0.8 if before else 0.55, p.start - t_start, subj, nodes[p])
                    propose(
                        "PARTNERS_WITH", subj.key, nodes[p].key, conf, f"partner:{match.group(0)}", at, props
                    )

        sectors_and_places(found, nodes, mentions, subjects, at, propose, allowed_triples)

        people = [m for m in mentions if nodes[m].type == "Person"]
        for person in people:
            roles(found, nodes, mentions, person, at, propose, allowed_triples)

        if central_soes is not None:
            for match in _search(CENTRAL_SOE, text):
                c_start = s_start + match.start()
                before = [m for m in mentions if m.end <= c_start and nodes[m].type in {"SOE", "Company"}]
                if before and c_start - before[-1].end < 40 and nodes[before[-1]].key != central_soes.key:
                    subj = Node(nodes[before[-1]].key, "SOE", nodes[before[-1]].name, nodes[before[-1]].score)
                    propose(
                        "PART_OF",
                        subj.key,
                        central_soes.key,
                        combined_confidence(0.75, 0, subj),
                        "central-soe",
                        at,
                    )

        for match in _search(EVENT, text):
            e_start = s_start + match.start()
            before = [m for m in mentions if m.end <= e_start and nodes[m].type in ORGS]
            if not before:
                continue
            org = nodes[before[-1]]
            noun = match.group(4)
            when = at.date or "undated"
            event = Node(f"{org.key}-{noun}-{when}".lower(), "Event", f"{org.name} {noun} ({when})", 90.0)
            if event.key not in {e.key for e in events}:
                events.append(event)
            propose("ORGANISES", org.key, event.key, combined_confidence(0.8, 0, org), "event", at)
            for m in mentions:
                if m.start > e_start and allowed("CONCERNS", event, nodes[m]):
                    conf = combined_confidence(0.6, m.start - e_start, nodes[m])
                    propose("CONCERNS", event.key, nodes[m].key, conf, "event-about", at)

        if topic is not None:
            previous_topic = topic
    return list(facts.values()), events


def _search(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, skipped when ``text`` holds none of the words it needs."""
    words = text.lower() if rx.flags & re.IGNORECASE else text
    if any(w in words for w in NEEDS[rx]):
        yield from rx.finditer(text)


def _after(value: str, published: str | None) -> bool:
    if not published:
        return False
    n = min(len(value), len(published))
    return value[:n] > published[:n]


def _coordinated(text: str, after: list[Mention]) -> list[Mention]:
    """The first mention after a trigger, and those joined to it by commas or "and"."""
    if not after:
        return []
    out = [after[0]]
    for prev, nxt in itertools.pairwise(after):
        if COORDINATED.fullmatch(text, prev.end, nxt.start):
            out.append(nxt)
        else:
            break
    return out
