"""Exporters: the graph as node-link JSON (networkx) and as an HTML map (pyvis)."""

from kg.export.html import write_html
from kg.export.json import from_networkx, to_networkx, write_json

__all__ = ["from_networkx", "to_networkx", "write_html", "write_json"]
