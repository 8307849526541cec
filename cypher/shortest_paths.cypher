// Question: How are two entities connected? The shortest chains of relationships (mentions left out).
// Param: a (string) - one entity's id. Example: huawei
// Param: b (string) - the other entity's id. Example: sasac
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most paths to return. Default: 100
// Returns: hops, names (along the path), relationships (along the path)
// Engines differ: Neo4j's shortestPath(); see shortest_paths.ladybug.cypher for LadybugDB's SHORTEST.
MATCH p = allShortestPaths((a {id: $a})-[*..6]-(b {id: $b}))
WHERE none(r IN relationships(p) WHERE type(r) = 'MENTIONS')
RETURN length(p) AS hops, [x IN nodes(p) | x.name] AS names, [r IN relationships(p) | type(r)] AS relationships
ORDER BY hops
SKIP $skip LIMIT $limit
