// Question: Which SOEs work with a given company, and how?
// Param: company (entity Company) - the company (id, name, alias or Chinese name). Example: huawei
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: soe, relationship, topic, evidence, doc_ids, method
// Neo4j form: the company is found through each label's id constraint (a label-free match
// reads every node), then its relationships with SOEs.
MATCH (c:Document|Agency|SOE|Company|ResearchBody|MediaOutlet|Person|Platform|AIModel|DataSpace|ComputingInfrastructure|Policy|Target|Outcome|Event|Initiative|Sector|Location)
WHERE c.id = $company
MATCH (s:SOE)-[r]-(c)
RETURN s.name AS soe, type(r) AS relationship, r.topic AS topic, r.evidence AS evidence,
       r.doc_ids AS doc_ids, r.method AS method
ORDER BY soe, relationship, topic, r.id
SKIP $skip LIMIT $limit
