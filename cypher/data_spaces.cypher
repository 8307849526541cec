// Question: Which data spaces exist, who operates them, and which hubs do they have?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: operator, data_space, hubs_stated (a number), hubs_in_graph (names)
MATCH (o)-[:OPERATES]->(d:DataSpace)
OPTIONAL MATCH (h)-[:PART_OF]->(d)
RETURN o.name AS operator, d.name AS data_space, d.hubs AS hubs_stated,
       d.hubs_unit AS hubs_stated_unit, d.hubs_qualifier AS hubs_stated_qualifier,
       collect(DISTINCT h.name) AS hubs_in_graph
ORDER BY data_space, operator
SKIP $skip LIMIT $limit
