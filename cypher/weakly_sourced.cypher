// Question: Which entities does only one document mention (weakly sourced)?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: id, name, type, documents (the one document)
MATCH (d:Document)-[:MENTIONS]->(n)
WITH n, count(DISTINCT d) AS sources, collect(d.id) AS documents
WHERE sources = 1
RETURN n.id AS id, n.name AS name, labels(n)[0] AS type, documents
ORDER BY type, name, id
SKIP $skip LIMIT $limit
