"""soe-ai-kg: a sourced knowledge graph of Chinese SOEs' AI initiatives.

>>> import kg
>>> g = kg.open(kgdb)
>>> g.people().column("person")[:2]
['Zhu Songchun', 'Li Jin']
"""

# The extraction package first: importing it later (kg.build.ingest does, lazily) would bind its
# module to the name kg.ingest, over the function exported below.
import kg.ingest  # noqa: F401
from kg.build import DEFAULT_OUT, DEFAULT_SEEDS, BuildReport, build, ingest
from kg.errors import KGError
from kg.export.json import from_networkx, to_networkx
from kg.model import GraphModel, load_model
from kg.model.records import Document, Entity, Evidence, KnowledgeGraph, Provenance, Relationship
from kg.query.api import KG, evaluate, export, open
from kg.seeds.load import load_seeds
from kg.store import EmbeddedStore, QueryResult
from kg.version import VERSION as __version__  # noqa: F401 - the package's version, as is customary

__all__ = [
    "DEFAULT_OUT",
    "DEFAULT_SEEDS",
    "KG",
    "BuildReport",
    "Document",
    "EmbeddedStore",
    "Entity",
    "Evidence",
    "GraphModel",
    "KGError",
    "KnowledgeGraph",
    "Provenance",
    "QueryResult",
    "Relationship",
    "build",
    "evaluate",
    "export",
    "from_networkx",
    "ingest",
    "load_model",
    "load_seeds",
    "open",
    "to_networkx",
]
