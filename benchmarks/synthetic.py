"""A deterministic synthetic graph and corpus with the shape of the real thing.

Node types in the proportions news about SOEs produces, skewed degrees (a few hubs
such as SASAC take a large share of relationships), provenance on every relationship,
and article-like sentences for the extraction benchmark. Same seed, same data.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

import numpy as np
import pyarrow as pa

from kg.model import load_model
from kg.model.schema import arrow_schema, node_columns, rel_columns
from kg.store.tables_arrow import RelKey

__all__ = ["article", "graph_tables"]

# share of nodes per type (Documents are added separately)
NODE_SHARE = {
    "Initiative": 0.22,
    "Company": 0.15,
    "SOE": 0.10,
    "Person": 0.12,
    "Platform": 0.08,
    "AIModel": 0.06,
    "Policy": 0.06,
    "Event": 0.06,
    "Outcome": 0.06,
    "Agency": 0.02,
    "ResearchBody": 0.03,
    "Location": 0.02,
    "Sector": 0.01,
    "Target": 0.01,
}
# relationship types and the endpoint pair used, with their share of relationships
REL_SHARE: dict[RelKey, float] = {
    ("LEADS", "SOE", "Initiative"): 0.16,
    ("PARTNERS_WITH", "SOE", "Company"): 0.14,
    ("DEVELOPS", "SOE", "Platform"): 0.08,
    ("DEPLOYS", "SOE", "AIModel"): 0.07,
    ("HOLDS_ROLE", "Person", "SOE"): 0.08,
    ("IN_SECTOR", "Initiative", "Sector"): 0.10,
    ("SUPERVISES", "Agency", "SOE"): 0.05,
    ("ISSUES", "Agency", "Policy"): 0.04,
    ("APPLIES_TO", "Policy", "SOE"): 0.06,
    ("ACHIEVES", "Initiative", "Outcome"): 0.06,
    ("PARTICIPATES_IN", "Person", "Event"): 0.06,
    ("LOCATED_IN", "SOE", "Location"): 0.05,
    ("SETS_TARGET", "Policy", "Target"): 0.05,
}


def _skewed(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """Indices in [0, n) with a heavy head: a few hubs, many small nodes (Zipf-like)."""
    ranks = rng.zipf(1.6, size=size) - 1
    return np.where(ranks < n, ranks, rng.integers(0, n, size=size))


def graph_tables(nodes: int, rels: int, seed: int = 7) -> tuple[dict[str, pa.Table], dict[RelKey, pa.Table]]:
    """Arrow tables for ``nodes`` nodes and ``rels`` relationships, ready for ``write_tables``."""
    model = load_model()
    rng = np.random.default_rng(seed)
    docs = max(10, nodes // 100)
    counts = {t: max(1, int(nodes * share)) for t, share in NODE_SHARE.items()}
    counts["Document"] = docs
    ids = {t: [f"{t.lower()}-{i}" for i in range(n)] for t, n in counts.items()}
    node_tables = {}
    for node_type, names in ids.items():
        columns = node_columns(model, node_type)
        data: dict[str, list[Any]] = {c.name: [None] * len(names) for c in columns}
        data["id"] = names
        data["name"] = [f"{node_type} {i}" for i in range(len(names))]
        data["aliases"] = [[] for _ in names]
        if node_type == "Document":  # what a document must have: a title, its file and hash
            data["title"] = [f"Synthetic article {i}" for i in range(len(names))]
            data["path"] = [f"documents/{name}.txt" for name in names]
            data["sha256"] = [f"{i:064x}" for i in range(len(names))]
        node_tables[node_type] = pa.table(data, schema=arrow_schema(columns))
    rel_tables: dict[RelKey, pa.Table] = {}
    by_type: dict[str, int] = defaultdict(int)
    for (rel_type, src, dst), share in REL_SHARE.items():
        n = int(rels * share)
        s = _skewed(rng, counts[src], n)
        t = rng.integers(0, counts[dst], size=n)
        doc = rng.integers(0, docs, size=n)
        start = rng.integers(0, 5000, size=n)
        columns = rel_columns(model, rel_type)
        schema = arrow_schema(columns, endpoints=True)
        rows: dict[str, object] = {f.name: pa.nulls(n, f.type) for f in schema}
        src_ids, dst_ids, doc_ids = np.array(ids[src]), np.array(ids[dst]), np.array(ids["Document"])
        rows.update(
            {
                "from": src_ids[s],
                "to": dst_ids[t],
                "id": [f"r-{rel_type.lower()}-{by_type[rel_type] + i}" for i in range(n)],
                "evidence": pa.array([[f"Sentence {k} of the source stating this fact."] for k in start]),
                "doc_ids": pa.array([[d] for d in doc_ids[doc]]),
                "evidence_start": pa.array([[int(k)] for k in start]),
                "evidence_end": pa.array([[int(k) + 44] for k in start]),
                "method": pa.array(["curated"] * n),
                "confidence": pa.array(np.ones(n)),
                "date": pa.array([f"{2020 + k % 7}-{1 + k % 12:02d}" for k in start]),
            }
        )
        by_type[rel_type] += n
        rel_tables[(rel_type, src, dst)] = pa.table({f.name: rows[f.name] for f in schema}, schema=schema)
    return node_tables, rel_tables


ORGS = [
    "China Mobile",
    "State Grid",
    "Sinochem Holdings",
    "China Southern Power Grid",
    "China Telecom",
    "Aviation Industry Corporation of China",
    "China Baowu",
    "COSCO Shipping",
    "China Unicom",
    "CRRC",
]
PARTNERS = ["Huawei", "Alibaba Cloud", "Baidu", "iFlytek", "SenseTime", "Hikvision", "Tencent Cloud"]
VERBS = ["developed", "launched", "deployed", "rolled out", "unveiled"]


# Sentences that state facts: names, dates and figures close together.
def _fact(rnd: random.Random) -> str:
    org, partner, verb = rnd.choice(ORGS), rnd.choice(PARTNERS), rnd.choice(VERBS)
    model = f"{rnd.choice(['Tianshu', 'Jiutian', 'Xinghuo', 'Pangu', 'Guangming'])} Large Model"
    kind = rnd.randrange(4)
    if kind == 0:
        return f"On March {rnd.randint(1, 28)}, 2025, {org} {verb} the {model} jointly with {partner}."
    if kind == 1:
        return (
            f"Wang {rnd.choice(['Jun', 'Li', 'Hua'])}, chairman of {org}, said efficiency rose by "
            f"{rnd.randint(5, 60)} percent in {rnd.randint(2022, 2025)}."
        )
    if kind == 2:
        return (
            f"The State-owned Assets Supervision and Administration Commission urged {org} to apply "
            f"AI in its {rnd.choice(['power', 'steel', 'shipping'])} sector."
        )
    return (
        f"The platform now offers more than {rnd.randint(100, 5000):,} models and "
        f"{rnd.randint(1, 3000):,} PFLOPS of computing power."
    )


# Sentences of context and comment, as most of a news article is: few names, long clauses.
_WHO = ["The company", "The group", "Analysts", "Industry experts", "The regulator", "Officials", "It"]
_SAID = ["said", "noted", "added", "stressed", "believes"]
_CLAIM = [
    "the effort will help traditional industries upgrade their production lines",
    "artificial intelligence is becoming a key driver of productivity in heavy industry",
    "state-owned enterprises should play a leading role in building computing infrastructure",
    "more work is needed to turn pilot projects into large-scale applications",
    "data sharing between enterprises remains a bottleneck for many industrial scenarios",
    "the new tools have shortened inspection times and reduced safety risks at remote sites",
    "companies must strengthen security reviews before models are put into production",
]
_SINCE = [
    "as competition in the sector intensifies",
    "while the wider economy adjusts to slower growth",
    "after a year of rapid investment in computing power and data centres",
    "in line with the national push for new quality productive forces",
    "although costs remain high for smaller suppliers",
]


def _context(rnd: random.Random) -> str:
    who = rnd.choice(_WHO)
    if rnd.random() < 0.6:
        who = f"{rnd.choice(ORGS)} officials"
    since = rnd.choice(_SINCE)
    if rnd.random() < 0.4:
        since = (
            f"as suppliers such as {rnd.choice(PARTNERS)} and {rnd.choice(PARTNERS)} expand their offerings"
        )
    return f"{who} {rnd.choice(_SAID)} that {rnd.choice(_CLAIM)}, {since}."


def article(index: int, paragraphs: int = 20) -> str:
    """An article-like text: a headline, then paragraphs of one to three sentences where
    context and comment outnumber the sentences that state facts, as in the seed articles
    (a test checks that names, dates, figures and facts come at about their rate)."""
    rnd = random.Random(index)
    org = rnd.choice(ORGS)
    lines = [f"{org} Steps Up {rnd.choice(['AI', 'Digital', 'Computing'])} Push Across Its Operations"]
    for _ in range(paragraphs):
        sentences = [_fact(rnd) if rnd.random() < 0.25 else _context(rnd) for _ in range(rnd.randint(1, 3))]
        lines.append(" ".join(sentences))
    return "\n".join(lines) + "\n"
