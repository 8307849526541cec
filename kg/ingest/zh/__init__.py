"""Chinese articles: script and routing, words and sentences, recognition and relation rules.

The shared pipeline (:mod:`kg.ingest.pipeline`) sends an article here when its front matter
says ``language: zh`` or its text is mostly Chinese (:func:`kg.ingest.zh.script.language_of`);
:class:`kg.ingest.zh.extract.ChineseExtractor` returns the same
:class:`~kg.ingest.extract.Extraction` as the English extractor, so review files, candidates,
quotes and the graph are one for both languages.
"""
