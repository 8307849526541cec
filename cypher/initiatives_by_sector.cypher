// Question: Which initiatives are in which sectors, who leads or deploys them, and what do they report?
// Returns: sector, initiative, by (organisations), results (reported outcomes)
MATCH (i:Initiative)
OPTIONAL MATCH (i)-[:IN_SECTOR]->(s:Sector)
OPTIONAL MATCH (o)-[:LEADS|DEVELOPS|DEPLOYS|CONTRIBUTES_TO]->(i)
OPTIONAL MATCH (i)-[:ACHIEVES]->(result:Outcome)
RETURN s.name AS sector, i.name AS initiative, collect(DISTINCT o.name) AS by,
       collect(DISTINCT result.name) AS results
ORDER BY sector, initiative
