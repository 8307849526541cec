// Question: Who are the people in the graph, and what roles do they hold where?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: person, chinese_name, role, organisation, evidence
MATCH (p:Person)-[r:HOLDS_ROLE]->(o)
RETURN p.name AS person, p.name_zh AS chinese_name, r.role AS role, o.name AS organisation,
       r.evidence AS evidence
ORDER BY organisation, person, role, r.id
SKIP $skip LIMIT $limit
