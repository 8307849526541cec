"""Asking the graph: the Python API (:mod:`kg.query.api`), the typed Cypher library,
user Cypher checked read-only by the language's lexer, results as tables, and the Neo4j
Cypher check.
"""
