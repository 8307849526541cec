"""Graph stores: where a built graph lives and is queried.

Each store offers the same small interface (:class:`kg.store.base.Store`):
``write(graph)``, ``query(cypher, params)``, ``read_graph()`` and ``counts()``.
It imports the model and :mod:`kg.common`, nothing above them.
"""

from kg.store.base import QueryResult, Store
from kg.store.embedded import EmbeddedStore, default_db_path

__all__ = ["EmbeddedStore", "QueryResult", "Store", "default_db_path"]
