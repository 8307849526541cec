"""soe-ai-kg: a sourced knowledge graph of Chinese SOEs' AI initiatives.

>>> import kg
>>> report = kg.build(seeds=kg.DEFAULT_SEEDS, db=None, out=kg.DEFAULT_OUT)  # doctest: +SKIP
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("soe-ai-kg")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from kg.build import DEFAULT_OUT, DEFAULT_SEEDS, BuildReport, build, export  # noqa: E402
from kg.errors import KGError  # noqa: E402
from kg.model import GraphModel, load_model  # noqa: E402
from kg.records import Document, Entity, Evidence, KnowledgeGraph, Provenance, Relationship  # noqa: E402
from kg.seeds import load_seeds  # noqa: E402
from kg.store import EmbeddedStore, QueryResult  # noqa: E402

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
    "load_model",
    "load_seeds",
]
