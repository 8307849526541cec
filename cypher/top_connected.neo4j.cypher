// Question: Which entities have the most connections (documents' mentions left out)?
// Param: limit (int 0..1000000) - how many. Default: 10
// Returns: id, name, type, degree
// Neo4j form: each node's degree from Neo4j's own count of its relationships (no relationship
// is read), less its mentions, instead of one row for every relationship end in the graph.
MATCH (n)
WITH n, COUNT { (n)-[]-() } - COUNT { (n)-[:MENTIONS]-() } AS degree
WHERE degree > 0
RETURN n.id AS id, n.name AS name, labels(n)[0] AS type, degree
ORDER BY degree DESC, name, id
LIMIT $limit
