// Question: Which targets do policies set, for which year, and who issued the policy?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: policy, issued_by, year, metric, comparator, value (with value_text), unit, qualifier, sources (number of documents)
MATCH (p:Policy)-[r:SETS_TARGET]->(t:Target)
OPTIONAL MATCH (issuer)-[:ISSUES]->(p)
RETURN p.name AS policy, issuer.name AS issued_by, t.year AS year, t.metric AS metric,
       t.comparator AS comparator, t.value AS value, t.value_unit AS unit, t.value_qualifier AS qualifier,
       size(r.doc_ids) AS sources
ORDER BY year, metric, policy, value, issued_by, r.id
SKIP $skip LIMIT $limit
