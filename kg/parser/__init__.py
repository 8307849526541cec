"""The dependency parser's side of extraction, language-neutral: the client of the project's
parser server (:mod:`kg.parser.client`, ``tools/corenlp-server``), parses cached by the text's
hash (:mod:`kg.parser.cache`), a parse as read and checked (:mod:`kg.parser.parsed`) and as a
spaCy ``Doc`` at the text's offsets (:mod:`kg.parser.doc`), rule records over the parse
(:mod:`kg.parser.patterns`) and their matcher over enhanced++ edges (:mod:`kg.parser.matcher`).
What the rules propose for the graph is :mod:`kg.ingest.grammar`'s business.
It imports the model and the seeds' YAML reader (rule files with line numbers), nothing above.
"""
