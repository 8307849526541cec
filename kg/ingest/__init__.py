"""Extraction: articles in, review files out. Readers (:mod:`kg.ingest.readers`) turn a file
into text; recognition finds the names, dates and figures it gives; the resolver attaches them
to the catalog; relation rules (word order, or the parse of :mod:`kg.parser`) propose facts,
each with its sentence; :mod:`kg.ingest.pipeline` writes them as review files for an analyst.
Chinese articles take :mod:`kg.ingest.zh`. It reads the model and the seeds, never the stores
or the query layer.
"""
