// Question: Which organisations does an SOE partner with, and on what?
// Param: soe (entity SOE) - the SOE (id, name, alias or Chinese name). Example: chn-energy
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: partner, partner_type, topic, evidence (verbatim sentences), doc_ids (their documents), method
MATCH (s:SOE)-[r:PARTNERS_WITH]-(p)
WHERE s.id = $soe
RETURN p.name AS partner, labels(p)[0] AS partner_type, r.topic AS topic, r.evidence AS evidence,
       r.doc_ids AS doc_ids, r.method AS method
ORDER BY partner, topic, r.id
SKIP $skip LIMIT $limit
