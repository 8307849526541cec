// Question: Which entities does only one document mention (weakly sourced)?
// Returns: id, name, type, documents (the one document)
MATCH (d:Document)-[:MENTIONS]->(n)
WITH n, count(DISTINCT d) AS sources, collect(d.id) AS documents
WHERE sources = 1
RETURN n.id AS id, n.name AS name, labels(n)[0] AS type, documents
ORDER BY type, name
