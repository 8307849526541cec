"""Print the ``mentions:`` rows of a curated document: every catalog or gazetteer entity its text names.

Curated documents list the places they name entities, as ingested ones do; this proposes
those rows from the recogniser (known names only, never new candidates) for an analyst to
check and paste into ``seeds/facts/NAME.yaml``.

    python tools/seed_mentions.py seeds doc-b788352872a1fbc9
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from kg.ingest.extract import Extractor
from kg.seeds.load import load_seeds


def mention_rows(root: Path, doc_id: str) -> list[dict[str, object]]:
    """The known entities a seed document names, with where it names them."""
    seeds = load_seeds(root, reviews=False)
    extraction = Extractor(seeds.graph.entities).extract(seeds.texts[doc_id])
    places: dict[tuple[str, str], list[int]] = defaultdict(list)
    for mention, node in extraction.nodes.items():
        if node.key not in extraction.candidates:
            places[(node.key, mention.text)].append(mention.start)
    return [
        {"entity": e, "text": t, "at": sorted(at)}
        for (e, t), at in sorted(places.items(), key=lambda kv: kv[1][0])
    ]


def mentions_yaml(rows: list[dict[str, object]]) -> str:
    """One flow mapping per row, strings quoted as JSON (which YAML reads as written)."""
    lines = ["mentions:"]
    for row in rows:
        name = json.dumps(row["text"], ensure_ascii=False)
        lines.append(f"  - {{entity: {row['entity']}, text: {name}, at: {row['at']}}}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(mentions_yaml(mention_rows(Path(sys.argv[1]), sys.argv[2])))
