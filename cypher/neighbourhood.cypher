// Question: What lies around an entity, up to a depth (mentions left out)?
// Param: id (entity) - the entity (id, name, alias or Chinese name). Example: cnpc
// Param: depth (int 1..3) - how many steps. Example: 2
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: id, name, type, distance
// Engines differ: see neighbourhood.ladybug.cypher for LadybugDB's filtered recursive pattern.
// Neo4j takes no parameter as a pattern's bound: the pattern goes to the largest depth
// allowed, and the paths are cut to $depth.
MATCH p = (n)-[*1..3]-(m)
WHERE n.id = $id AND m.id <> $id AND length(p) <= $depth
  AND none(r IN relationships(p) WHERE type(r) = 'MENTIONS')
RETURN m.id AS id, m.name AS name, labels(m)[0] AS type, min(length(p)) AS distance
ORDER BY distance, name, id
SKIP $skip LIMIT $limit
