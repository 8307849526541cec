// Question: What lies around an entity, up to a depth (mentions left out)?
// Param: id (string) - the entity's id. Example: cnpc
// Param: depth (int) - how many steps, 1 to 3. Example: 2
// Returns: id, name, type, distance
// LadybugDB form: a recursive pattern that skips MENTIONS while it walks.
MATCH (n)-[e*1..3 (r, x | WHERE label(r) <> 'MENTIONS')]-(m)
WHERE n.id = $id AND m.id <> $id AND length(e) <= $depth
RETURN m.id AS id, m.name AS name, label(m) AS type, min(length(e)) AS distance
ORDER BY distance, name
