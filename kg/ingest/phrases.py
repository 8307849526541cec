"""Relation rules for phrases rather than verbs: roles ("Name, chairman of Org"),
sectors ("sectors such as energy and finance") and places ("Beijing-headquartered X")."""

from __future__ import annotations

import itertools
import re
from typing import Any

from kg.ingest.proposals import ORGS, At, Node, combined_confidence
from kg.ingest.recognise import Mention, Recognised

__all__ = ["roles", "sectors_and_places"]

SECTOR_RELS = ("IN_SECTOR", "APPLIES_TO")


SECTOR_CUE = re.compile(
    r"\b(sectors?|fields|industries)\s+(such as|like|including)\b|\b(covering|spanning)\b"
)


ROLE_WORDS = re.compile(
    r"\b(president|chairman|chairwoman|vice-chairman|director|deputy|minister|secretary|secretary-general|"
    r"chief|head|researcher|expert|analyst|professor|scientist|engineer|executive|officer|founder|member|"
    r"spokesperson|spokesman|manager|general manager|ceo|cto)\b",
    re.IGNORECASE,
)


def sectors_and_places(
    found: Recognised,
    nodes: dict[Mention, Node],
    mentions: list[Mention],
    subjects: list[Mention],
    at: At,
    propose: Any,
    allowed: frozenset[tuple[str, str, str]],
) -> None:
    """IN_SECTOR / APPLIES_TO for sectors a sentence names; LOCATED_IN from place phrases."""
    for sector in (m for m in mentions if nodes[m].type == "Sector"):
        # Only where the text speaks of sectors: "the power sector", "sectors such as energy, ...".
        offset = max(0, sector.start - 80)
        cue = SECTOR_CUE.search(found.text[offset : sector.start])
        if not (cue or found.text.startswith(" sector", sector.end)):  # no copy of the rest of the text
            continue
        # "X covering a, b and c": X must stand right before the cue; "sectors such as" reaches further.
        limit = offset + cue.start() - 4 if cue and cue.group(3) else sector.start - 150
        before = [
            m
            for m in subjects
            if limit <= m.end <= sector.start and nodes[m].type not in ("Sector", "Location")
        ]
        for m in reversed(before):
            subj = nodes[m]
            rel = next((r for r in SECTOR_RELS if (r, subj.type, "Sector") in allowed), None)
            if rel:
                conf = combined_confidence(0.55, sector.start - m.end, subj, nodes[sector])
                propose(rel, subj.key, nodes[sector].key, conf, "sector", at)
                break
    places = [m for m in mentions if nodes[m].type == "Location"]
    for place in places:
        tail = found.text[place.end : place.end + 16]
        head = found.text[max(0, place.start - 8) : place.start]
        subject: Mention | None = None
        rule = ""
        if re.match(r"-(headquartered|based)\b", tail):
            # "Beijing-headquartered CRRC", or in apposition "CRRC Corp, a Beijing-headquartered SOE".
            others = [m for m in mentions if nodes[m].type != "Location"]
            if re.search(r",\s+(a|an|the)\s+$", head):
                subject = next((m for m in reversed(others) if m.end <= place.start), None)
            else:
                subject = next((m for m in others if m.start > place.end), None)
            rule = "place:headquartered"
        elif re.search(r"\bin\s+(the\s+)?$", head):  # "Development Research Center ... in Beijing"
            before = [m for m in mentions if m.end <= place.start and place.start - m.end <= 8]
            subject = before[-1] if before else None
            rule = "place:in"
        if subject and ("LOCATED_IN", nodes[subject].type, "Location") in allowed:
            conf = combined_confidence(0.75, 0, nodes[subject])
            propose("LOCATED_IN", nodes[subject].key, nodes[place].key, conf, rule, at)
    for a, b in itertools.pairwise(places):  # "Chengdu, Sichuan province"
        if found.text[a.end : b.start] == ", ":
            propose("LOCATED_IN", nodes[a].key, nodes[b].key, 0.7, "place:comma", at)


def roles(
    found: Recognised,
    nodes: dict[Mention, Node],
    mentions: list[Mention],
    person: Mention,
    at: At,
    propose: Any,
    allowed: frozenset[tuple[str, str, str]],
) -> None:
    """HOLDS_ROLE from "Name, role at/of Org", "Name, Org role" and "Org role Name"."""
    orgs = [m for m in mentions if nodes[m].type in ORGS]
    for org in orgs:
        if org.start > person.end:  # Name, chief researcher at the Org / Name, Org vice-chairman
            between = re.sub(r"^\s*\([^)]*\)", "", found.text[person.end : org.start])  # "Name (张玉卓), ..."
            after_org = found.text[org.end : org.end + 60].split(",")[0].split(".")[0]
            if not between.startswith(","):
                continue
            role = between.strip(" ,")
            role = re.sub(r"\s+(of|at|from|with)(\s+the)?$", "", role).strip()
            if not role and ROLE_WORDS.search(after_org):
                role = after_org.strip()
            role = re.sub(r"^(a|an|the)\s+", "", role)
        else:  # Org role Name
            between = found.text[org.end : person.start]
            role = between.strip(" ,'’s")
        if not role or len(role.split()) > 8 or not ROLE_WORDS.search(role):
            continue
        if ("HOLDS_ROLE", "Person", nodes[org].type) in allowed:
            gap = abs(org.start - person.start)
            propose(
                "HOLDS_ROLE",
                nodes[person].key,
                nodes[org].key,
                combined_confidence(0.85, gap, nodes[person], nodes[org]),
                "role",
                at,
                {"role": role},
            )
            break
