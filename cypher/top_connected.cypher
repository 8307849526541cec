// Question: Which entities have the most connections (documents' mentions left out)?
// Param: limit (int 0..1000000) - how many. Default: 10
// Returns: id, name, type, degree
MATCH (n)-[r]-()
WHERE type(r) <> 'MENTIONS'
RETURN n.id AS id, n.name AS name, labels(n)[0] AS type, count(r) AS degree
ORDER BY degree DESC, name, id
LIMIT $limit
