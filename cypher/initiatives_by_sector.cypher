// Question: Which initiatives are in which sectors, who leads or deploys them, and what do they report?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: sector, initiative, by (organisations), results (reported outcomes)
// The page is cut before the per-initiative lists are gathered, so a page costs its own rows.
MATCH (i:Initiative)
OPTIONAL MATCH (i)-[:IN_SECTOR]->(s:Sector)
WITH DISTINCT i, s
ORDER BY s.name, i.name, i.id
SKIP $skip LIMIT $limit
OPTIONAL MATCH (o)-[:LEADS|DEVELOPS|DEPLOYS|CONTRIBUTES_TO]->(i)
WITH i, s, collect(DISTINCT o.name) AS by
OPTIONAL MATCH (i)-[:ACHIEVES]->(result:Outcome)
RETURN s.name AS sector, i.name AS initiative, by, collect(DISTINCT result.name) AS results
ORDER BY sector, initiative
