// Question: What does one document support? Every relationship with a sentence from it.
// Param: doc (string) - the document's id. Example: doc-b788352872a1fbc9
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: source, relationship, target, evidence, status, date
MATCH (a)-[r]->(b)
WHERE $doc IN r.doc_ids AND a.id <> $doc
RETURN a.name AS source, type(r) AS relationship, b.name AS target, r.evidence AS evidence,
       r.status AS status, r.date AS date
ORDER BY relationship, source, target, date, r.id
SKIP $skip LIMIT $limit
