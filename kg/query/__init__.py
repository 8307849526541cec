"""Asking the graph: the Python API (:mod:`kg.query.api`), the typed Cypher library,
user Cypher checked read-only by the language's lexer, results as tables, and the Neo4j
Cypher check.
It sits on every room but the command: the CLI (:mod:`kg.cli`) is a thin face of it.
"""
