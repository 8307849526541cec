// Question: Which AI models does each organisation develop, deploy or use, and how big are they?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: owner, relationship, model, kind, parameters (a number), scenarios, distinction
MATCH (o)-[r:DEVELOPS|DEPLOYS|USES|LAUNCHES]->(m:AIModel)
RETURN o.name AS owner, type(r) AS relationship, m.name AS model, m.kind AS kind,
       m.parameters AS parameters, m.application_scenarios AS scenarios, m.distinction AS distinction
ORDER BY model, owner, relationship, r.id
SKIP $skip LIMIT $limit
