// Question: How are two entities connected? The shortest chains of relationships (mentions left out).
// Param: a (entity) - one entity (id, name, alias or Chinese name). Example: huawei
// Param: b (entity) - the other entity. Example: sasac
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most paths to return. Default: 100
// Returns: hops, names (along the path), relationships (along the path)
// Both ends found through each label's id constraint (a label-free match reads
// every node), then Neo4j's shortestPath(); see shortest_paths.ladybug.cypher for LadybugDB's
// SHORTEST. An entity is not a path to itself (and Neo4j's shortest-path search refuses one).
MATCH (a:Document|Agency|SOE|Company|ResearchBody|MediaOutlet|Person|Platform|AIModel|DataSpace|ComputingInfrastructure|Policy|Target|Outcome|Event|Initiative|Sector|Location)
WHERE a.id = $a
MATCH (b:Document|Agency|SOE|Company|ResearchBody|MediaOutlet|Person|Platform|AIModel|DataSpace|ComputingInfrastructure|Policy|Target|Outcome|Event|Initiative|Sector|Location)
WHERE b.id = $b AND a <> b
MATCH p = allShortestPaths((a)-[*..6]-(b))
WHERE none(r IN relationships(p) WHERE type(r) = 'MENTIONS')
RETURN length(p) AS hops, [x IN nodes(p) | x.name] AS names, [r IN relationships(p) | type(r)] AS relationships
ORDER BY hops, names, relationships
SKIP $skip LIMIT $limit
