// Question: Which data spaces exist, who operates them, and which hubs do they have?
// Returns: operator, data_space, hubs_stated (a number), hubs_in_graph (names)
MATCH (o)-[:OPERATES]->(d:DataSpace)
OPTIONAL MATCH (h)-[:PART_OF]->(d)
RETURN o.name AS operator, d.name AS data_space, d.hubs AS hubs_stated, collect(DISTINCT h.name) AS hubs_in_graph
ORDER BY data_space
