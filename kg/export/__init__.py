"""Exporters: the graph as node-link JSON (networkx), an HTML map (pyvis), desktop GraphML,
Neo4j Cypher and CSV, and neo4j-admin import files; each module declares its ``FORMATS``
(:mod:`kg.export.formats` registers them). It imports the model, the seeds, the
stores and :mod:`kg.common`, nothing above them."""

from kg.export.html import write_html
from kg.export.json import from_networkx, to_networkx, write_json

__all__ = ["from_networkx", "to_networkx", "write_html", "write_json"]
