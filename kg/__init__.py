"""soe-ai-kg: a sourced knowledge graph of Chinese SOEs' AI initiatives.

>>> import kg
>>> report = kg.build(seeds=kg.DEFAULT_SEEDS, db=None, out=kg.DEFAULT_OUT)  # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("soe-ai-kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from kg.build import DEFAULT_OUT, DEFAULT_SEEDS, BuildReport, build, export
from kg.errors import KGError
from kg.export.json import from_networkx, to_networkx
from kg.model import GraphModel, load_model
from kg.records import Document, Entity, Evidence, KnowledgeGraph, Provenance, Relationship
from kg.seeds import load_seeds
from kg.store import EmbeddedStore, QueryResult

__all__ = [
    "DEFAULT_OUT",
    "DEFAULT_SEEDS",
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
    "export",
    "from_networkx",
    "load_model",
    "load_seeds",
    "to_networkx",
]
