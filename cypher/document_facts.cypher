// Question: What does one document support? Every relationship with a sentence from it.
// Param: doc - the document's id. Example: doc-b788352872a1fbc9
// Returns: source, relationship, target, evidence, status, date
// Engines differ: Neo4j names a relationship's type with type(r); see document_facts.ladybug.cypher.
MATCH (a)-[r]->(b)
WHERE $doc IN r.doc_ids AND a.id <> $doc
RETURN a.name AS source, type(r) AS relationship, b.name AS target, r.evidence AS evidence,
       r.status AS status, r.date AS date
ORDER BY relationship, source, target
