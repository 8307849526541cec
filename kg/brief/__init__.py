"""Cite-ready briefs: one entity (or a pair) written up from the graph, every sentence
footnoted with its verbatim quote and source. See :func:`kg.query.api.KG.brief`. It imports
the model, the seeds (what a cited sentence states) and the exporters' map, nothing above."""

from kg.brief.compose import Brief, Note, Section, compose
from kg.brief.sentence import Fact, Part, editor_date

__all__ = ["Brief", "Fact", "Note", "Part", "Section", "compose", "editor_date"]
