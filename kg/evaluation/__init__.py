"""Scoring extraction: against the curated seed facts (:mod:`kg.evaluation.seeds`) and on an
annotated corpus (:mod:`kg.evaluation.corpus`). It reads the seeds and runs ingest's extractor,
and is read by the API (``kg.evaluate``) and the CLI (``soekg eval``) above it."""
