// Question: Which results and figures are reported, for what, and from which document?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: subject, result, metric, value, unit, qualifier, baseline, year, evidence
MATCH (x)-[r:ACHIEVES]->(o:Outcome)
RETURN x.name AS subject, o.name AS result, o.metric AS metric, o.value AS value, o.value_unit AS unit,
       o.value_qualifier AS qualifier, o.baseline AS baseline, o.year AS year, r.evidence AS evidence
ORDER BY subject, result, year, r.id
SKIP $skip LIMIT $limit
