// Question: Which AI models are there, who develops, deploys or uses them, and how big are they? A model no one is recorded with is listed too.
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: model, owner (null when none is recorded), relationship, kind, parameters (a number) with parameters_text ("300 billion parameters"), its unit and qualifier, parameter_history (sizes over time, oldest first) with its text, scenarios, distinction
MATCH (m:AIModel)
OPTIONAL MATCH (o)-[r:DEVELOPS|DEPLOYS|USES|LAUNCHES]->(m)
RETURN m.name AS model, o.name AS owner, type(r) AS relationship, m.kind AS kind,
       m.parameters AS parameters, m.parameters_unit AS parameters_unit,
       m.parameters_qualifier AS parameters_qualifier,
       m.parameter_history AS parameter_history, m.parameter_history_unit AS parameter_history_unit,
       m.parameter_history_qualifier AS parameter_history_qualifier,
       m.application_scenarios AS scenarios, m.application_scenarios_unit AS scenarios_unit,
       m.distinction AS distinction
ORDER BY model, owner, relationship, r.id
SKIP $skip LIMIT $limit
