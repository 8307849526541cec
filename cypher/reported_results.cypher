// Question: Which results and figures are reported, for what, and from which document?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: subject, result, metric, value (with value_text: "more than 4,700 models"), unit, qualifier, baseline and change (each with its text, unit and qualifier), year, evidence
MATCH (x)-[r:ACHIEVES]->(o:Outcome)
RETURN x.name AS subject, o.name AS result, o.metric AS metric, o.value AS value, o.value_unit AS unit,
       o.value_qualifier AS qualifier, o.baseline AS baseline, o.baseline_unit AS baseline_unit,
       o.baseline_qualifier AS baseline_qualifier, o.change AS change, o.change_unit AS change_unit,
       o.change_qualifier AS change_qualifier, o.year AS year, r.evidence AS evidence
ORDER BY subject, result, year, r.id
SKIP $skip LIMIT $limit
