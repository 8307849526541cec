"""Curated seeds: reading the seeds folder (documents, facts, review files, the
gazetteer), checking each quote against its document, merging sources, and the writers'
lock. Builds and ingest read and write seeds only through here.
It imports the model and :mod:`kg.common`, nothing above them.
"""
