// Question: Which organisations does an SOE partner with, and on what?
// Param: soe - the SOE's id. Example: chn-energy
// Returns: partner, topic, evidence (verbatim sentences), doc_ids (their documents)
MATCH (s:SOE)-[r:PARTNERS_WITH]->(p)
WHERE s.id = $soe
RETURN p.name AS partner, r.topic AS topic, r.evidence AS evidence, r.doc_ids AS doc_ids
ORDER BY partner
