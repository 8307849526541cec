// Question: Where do sources disagree? Facts whose documents give different dates, statuses or figures, each sentence with what it says.
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: source, relationship, target, conflict (the disputed values), date (the value kept: the earliest-published source's), status, says (what each sentence gives), evidence, doc_ids
MATCH (a)-[r]->(b)
WHERE r.conflict IS NOT NULL AND size(r.conflict) > 0
RETURN a.name AS source, type(r) AS relationship, b.name AS target, r.conflict AS conflict,
       r.date AS date, r.status AS status, r.evidence_says AS says, r.evidence AS evidence,
       r.doc_ids AS doc_ids
ORDER BY source, relationship, target, r.id
SKIP $skip LIMIT $limit
