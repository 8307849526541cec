// Question: Which initiatives are in which sectors, who leads or deploys them, and what do they report?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: sector, initiative, by (organisations), results (reported outcomes)
// Neo4j form: the page is cut walking the sectors in name order, so only the first sectors'
// initiatives are read and sorted (a top-k on sorted input; every initiative's sectors, 120,000
// pairs at 1M relationships, before); initiatives in no sector sort last (a null name does), so
// they are read only when the sectors do not fill the page. Who leads each initiative and what
// it reports are gathered once per initiative of the page, then given to each of its sector
// rows: a hub initiative in hundreds of sectors had its thousands of results gathered again for
// every one (past 10 s at 1M relationships).
CALL () {
  MATCH (s:Sector)
  WITH s ORDER BY s.name
  MATCH (i:Initiative)-[:IN_SECTOR]->(s)
  WITH DISTINCT s, i
  ORDER BY s.name, i.name, i.id
  LIMIT $skip + $limit
  RETURN collect([i, s]) AS paired
}
CALL (paired) {
  UNWIND CASE WHEN size(paired) < $skip + $limit THEN [1] ELSE [] END AS more
  MATCH (i:Initiative)
  WHERE NOT EXISTS { (i)-[:IN_SECTOR]->(:Sector) }
  WITH i ORDER BY i.name, i.id
  LIMIT $skip + $limit
  RETURN collect([i, null]) AS alone
}
UNWIND paired + alone AS row
WITH row[0] AS i, row[1] AS s
SKIP $skip LIMIT $limit
WITH collect([i, s]) AS page
CALL (page) {
  UNWIND page AS row
  WITH DISTINCT row[0] AS i
  OPTIONAL MATCH (o)-[:LEADS|DEVELOPS|DEPLOYS|CONTRIBUTES_TO]->(i)
  WITH i, collect(DISTINCT o.name) AS by
  OPTIONAL MATCH (i)-[:ACHIEVES]->(result:Outcome)
  WITH i, by, collect(DISTINCT result.name) AS results
  RETURN collect([i, by, results]) AS gathered
}
UNWIND page AS row
WITH row[0] AS i, row[1] AS s, [g IN gathered WHERE g[0] = row[0]][0] AS found
RETURN s.name AS sector, i.name AS initiative, found[1] AS by, found[2] AS results
ORDER BY sector, initiative
