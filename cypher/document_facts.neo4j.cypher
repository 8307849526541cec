// Question: What does one document support? Every relationship with its sentences from that document only.
// Param: doc (document) - the document (id, file name or title). Example: doc-b788352872a1fbc9
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: doc_id, source, relationship, target, evidence (this document's sentences), status, date
// Neo4j form, as soekg runs it: the relationships citing the document are found through the
// full-text index of their sources (relationship_sources, made by every load: doc_ids and date
// of every type, each value one term), then checked as in document_facts.cypher; the portable
// form reads every relationship's doc_ids (a million of them at 1M relationships). The id is
// quoted for Lucene, so no character of it is query syntax.
CALL db.index.fulltext.queryRelationships('relationship_sources',
  'doc_ids:"' + replace(replace($doc, '\\', '\\\\'), '"', '\\"') + '"') YIELD relationship AS r
MATCH (a)-[r]->(b)
WHERE $doc IN r.doc_ids AND a.id <> $doc
RETURN $doc AS doc_id, a.name AS source, type(r) AS relationship, b.name AS target,
       [i IN range(0, size(r.doc_ids) - 1) WHERE r.doc_ids[i] = $doc | r.evidence[i]] AS evidence,
       r.status AS status, r.date AS date
ORDER BY relationship, source, target, date, r.id
SKIP $skip LIMIT $limit
