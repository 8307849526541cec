// Question: What lies around an entity, up to a depth (mentions left out)?
// Param: id (entity) - the entity (id, name, alias or Chinese name). Example: cnpc
// Param: depth (int 1..3) - how many steps. Example: 2
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: id, name, type, distance
// Neo4j form, as soekg runs it: the checked depth is written into the pattern (the walk stops
// there instead of going to 3 and cutting), a MENTIONS step is refused as the walk goes (a
// document joins everything), and the start is found through each label's id constraint (a
// label-free match reads every node). Each entity reached is one group (the node, not its
// text), and only the page's rows read their labels. Neo4j Browser takes no parameter in a
// pattern: there, run neighbourhood.cypher, which gives the same rows.
MATCH (n:Document|Agency|SOE|Company|ResearchBody|MediaOutlet|Person|Platform|AIModel|DataSpace|ComputingInfrastructure|Policy|Target|Outcome|Event|Initiative|Sector|Location)
WHERE n.id = $id
MATCH p = (n)-[rs*1..$depth]-(m)
WHERE m.id <> $id AND all(r IN rs WHERE type(r) <> 'MENTIONS')
WITH m, min(length(p)) AS distance
ORDER BY distance, m.name, m.id
SKIP $skip LIMIT $limit
RETURN m.id AS id, m.name AS name, labels(m)[0] AS type, distance
