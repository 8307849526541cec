// Question: What does an agency direct, launch, issue or promote, and through which programmes?
// Param: agency (entity Agency) - the agency (id, name, alias or Chinese name). Example: sasac
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: relationship, target, target_type, date, status, evidence
MATCH (a:Agency)-[r]->(x)
WHERE a.id = $agency
RETURN type(r) AS relationship, x.name AS target, labels(x)[0] AS target_type, r.date AS date,
       r.status AS status, r.evidence AS evidence
ORDER BY relationship, target, date, r.id
SKIP $skip LIMIT $limit
