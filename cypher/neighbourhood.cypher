// Question: What lies around an entity, up to a depth (mentions left out)?
// Param: id (string) - the entity's id. Example: cnpc
// Param: depth (int) - how many steps, 1 to 3. Example: 2
// Returns: id, name, type, distance
// Engines differ: see neighbourhood.ladybug.cypher for LadybugDB's filtered recursive pattern.
MATCH p = (n)-[*1..3]-(m)
WHERE n.id = $id AND m.id <> $id AND length(p) <= $depth
  AND none(r IN relationships(p) WHERE type(r) = 'MENTIONS')
RETURN m.id AS id, m.name AS name, labels(m)[0] AS type, min(length(p)) AS distance
ORDER BY distance, name
