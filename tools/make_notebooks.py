"""Write the notebooks in notebooks/ from the cells below, then run them to keep their outputs.

Run from the repository root: python tools/make_notebooks.py
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent

SETUP = """import os
from pathlib import Path

import kg

# The repository root, whether the notebook runs from notebooks/ or from the root.
ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()
DB = Path(os.environ.get("SOEKG_DB", ROOT / "data" / "soe-kg.lbug"))
OUT = Path(os.environ.get("SOEKG_OUT", ROOT / "out"))
if not DB.exists():  # the same as `soekg build`
    kg.build(ROOT / "seeds", DB, OUT)
g = kg.open(DB)"""

WALKTHROUGH = [
    (
        "md",
        "# A walk through the SOE AI graph\n\nEvery answer below comes from the sentences of the source "
        "documents; each relationship carries its evidence. Open the graph once, then ask.",
    ),
    ("code", SETUP),
    ("md", "## What is in the graph, and what is most connected?"),
    ("code", 'g.run("top_connected", limit=8).to_df()'),
    ("md", "## Whom does an SOE partner with, and on what?\n\nNames, aliases and Chinese names all work."),
    ("code", 'g.partners("CHN Energy").to_df()[["partner", "partner_type", "topic", "method"]]'),
    ("code", 'g.company_partners("Huawei").to_df()[["soe", "relationship", "topic"]]'),
    ("md", "## Policies, who issued them, and their targets"),
    ("code", "g.policies().to_df()"),
    ("md", "## Platforms and models, with their figures"),
    ("code", 'g.models().to_df()[["owner", "relationship", "model", "parameters"]]'),
    ("code", 'g.platforms().to_df()[["owner", "relationship", "platform", "chips", "models", "datasets"]]'),
    ("md", "## People and their roles"),
    ("code", 'g.people().to_df()[["person", "chinese_name", "role", "organisation"]]'),
    ("md", "## What happened in 2025?"),
    ("code", 'g.timeline("2025-01-01", "2025-12-31").to_df()[["date", "source", "relationship", "target"]]'),
    ("md", "## Around an entity\n\nThe neighbourhood to depth 2, then as a networkx graph for algorithms."),
    ("code", 'g.neighbourhood("CNPC", depth=2).to_df().head(10)'),
    (
        "code",
        'hood = g.neighbourhood_graph("CNPC", depth=1)\nprint(hood.number_of_nodes(), "nodes,", hood.number_of_edges(), "relationships")',
    ),
    ("md", "## Why do we believe it?\n\nEvery relationship points to its sentences and documents."),
    (
        "code",
        'for row in g.evidence("CHN Energy", "Hikvision"):\n    print(row["relationship"], row["doc_ids"])\n    for quote in row["evidence"]:\n        print("  \u201c" + quote + "\u201d")',
    ),
    ("code", 'g.paths("Huawei", "SASAC").to_df()'),
    (
        "md",
        "## A map of one neighbourhood\n\nA self-contained HTML page; open it in any browser, offline too.",
    ),
    (
        "code",
        'cnpc_map = g.map("CNPC", depth=1)  # shown inline when it is the last line of a cell\npage = cnpc_map.save(OUT / "cnpc-neighbourhood.html")\nprint(page.name, page.stat().st_size > 100_000)',
    ),
    ("md", "## Raw Cypher, with parameters\n\nValues go in parameters, never into the query text."),
    (
        "code",
        'g.cypher("MATCH (p:Person) WHERE p.name_zh = $zh RETURN p.name AS name, p.title AS title", zh="\u5f20\u7389\u5353").to_df()',
    ),
]

ADDING = [
    (
        "md",
        "# Adding a new article\n\n`ingest` proposes entities and facts into a review file; an analyst edits "
        "it and accepts it. Here on a copy of the seeds, so nothing of yours changes.",
    ),
    (
        "code",
        "import shutil\nimport tempfile\nfrom pathlib import Path\n\nimport yaml\n\nimport kg\nfrom kg.ingest.pipeline import accept, ingest\n\n"
        'ROOT = Path.cwd().parent if Path.cwd().name == "notebooks" else Path.cwd()\n'
        'work = Path(tempfile.mkdtemp())\nseeds = work / "seeds"\nshutil.copytree(ROOT / "seeds", seeds);',
    ),
    ("md", "## The article, with front matter"),
    (
        "code",
        'article = work / "sinopec-baidu.md"\narticle.write_text("""---\ntitle: Sinopec and Baidu team up on industrial AI\npublisher: Example News\ndate: 2025-06-12\n---\n'
        'China Petrochemical Corporation (Sinopec) has launched the "Changjiang" large model for refining.\n'
        "Sinopec developed the model jointly with Baidu, and it has been deployed at 20 refineries.\n"
        'Ma Yongsheng, chairman of Sinopec, said the model would cut energy use by 5 percent by 2027.\n""", encoding="utf-8")\n'
        'report = ingest([article], seeds)\nprint(len(report.added), "article added,", report.facts_proposed, "facts proposed for review")',
    ),
    (
        "md",
        "## What the rules propose\n\nEach mention says what it was resolved to, by which rule and with what score.",
    ),
    (
        "code",
        'review_path = report.reviews[0]\nreview = yaml.safe_load(review_path.read_text(encoding="utf-8"))\n'
        'for m in review["mentions"]:\n    print(f\'{m["text"]!r:42} -> {m["entity"]:32} {m["rule"]} {m["score"]}\')',
    ),
    (
        "code",
        'for f in review["facts"]:\n    print(f["type"], f["source"], "->", f["target"], f.get("role", ""), f["confidence"])',
    ),
    (
        "md",
        "## Review: drop a fact, then accept\n\nHere the analyst decides the launch is not yet confirmed.",
    ),
    (
        "code",
        'for f in review["facts"]:\n    if f["type"] == "LAUNCHES":\n        f["accept"] = False\n'
        'review_path.write_text(yaml.safe_dump(review, allow_unicode=True, sort_keys=False), encoding="utf-8")\n'
        'for line in accept(seeds, [review_path]):\n    print(line.split(": ", 1)[1])',
    ),
    ("md", "## The new facts, curated, in the graph"),
    (
        "code",
        'built = kg.build(seeds, work / "kg.lbug", work / "out")\ng = kg.open(built.db_path)\n'
        'g.partners("Sinopec").to_df()[["partner", "topic", "method"]]',
    ),
    (
        "code",
        'g.people().to_df().query("organisation == \'China Petrochemical Corporation\'")[["person", "role"]]',
    ),
]


def notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell(t) if k == "md" else nbformat.v4.new_code_cell(t) for k, t in cells
    ]
    return nb


def main() -> None:
    work = Path(tempfile.mkdtemp())
    os.environ["SOEKG_DB"] = str(work / "soe-kg.lbug")
    os.environ["SOEKG_OUT"] = str(work / "out")
    for name, cells in (("01-walkthrough.ipynb", WALKTHROUGH), ("02-adding-an-article.ipynb", ADDING)):
        nb = notebook(cells)
        NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
        nbformat.write(nb, ROOT / "notebooks" / name)
        print("wrote", name)


if __name__ == "__main__":
    main()
