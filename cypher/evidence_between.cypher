// Question: Why do we believe two entities are related? Each relationship between them, with its sentences.
// Param: a (entity) - one entity (id, name, alias or Chinese name). Example: chn-energy
// Param: b (entity) - the other entity. Example: hikvision
// Returns: source, relationship, target, evidence, doc_ids, evidence_start, status, date, method
// Each branch finds its start through each label's id constraint (a label-free
// match reads every node; 13x faster at 1M relationships than one match with an OR over both
// ends), the a-to-b relationships first. LadybugDB: evidence_between.ladybug.cypher.
CALL () {
  MATCH (x:Document|Agency|SOE|Company|ResearchBody|MediaOutlet|Person|Platform|AIModel|DataSpace|ComputingInfrastructure|Policy|Target|Outcome|Event|Initiative|Sector|Location)
  WHERE x.id = $a
  MATCH (x)-[r]->(y)
  WHERE y.id = $b
  RETURN x, r, y, 0 AS direction
  UNION ALL
  MATCH (x:Document|Agency|SOE|Company|ResearchBody|MediaOutlet|Person|Platform|AIModel|DataSpace|ComputingInfrastructure|Policy|Target|Outcome|Event|Initiative|Sector|Location)
  WHERE x.id = $b
  MATCH (x)-[r]->(y)
  WHERE y.id = $a
  RETURN x, r, y, 1 AS direction
}
RETURN x.name AS source, type(r) AS relationship, y.name AS target, r.evidence AS evidence,
       r.doc_ids AS doc_ids, r.evidence_start AS evidence_start, r.status AS status, r.date AS date,
       r.method AS method
ORDER BY direction, relationship, date, r.id
