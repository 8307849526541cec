// Question: What lies around an entity, up to a depth (mentions left out)?
// Param: id (entity) - the entity (id, name, alias or Chinese name). Example: cnpc
// Param: depth (int 1..3) - how many steps. Example: 2
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: id, name, type, distance
// LadybugDB form: a breadth-first SHORTEST walk that skips MENTIONS, one path per entity reached.
MATCH (n)-[e* SHORTEST 1..$depth (r, x | WHERE label(r) <> 'MENTIONS')]-(m)
WHERE n.id = $id AND m.id <> $id
RETURN m.id AS id, m.name AS name, label(m) AS type, length(e) AS distance
ORDER BY distance, name, id
SKIP $skip LIMIT $limit
