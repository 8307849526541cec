// Question: What happened between two dates (to one entity, or to all)? Dated facts in date order; a fact about a dated event (a meeting, a launch) carries the event's date, named in dated_by.
// Param: since (date) - first date, ISO; a year or month takes all of it. Default: 0001
// Param: until (date) - last date, ISO; a year or month takes all of it. Default: 9999
// Param: entity (entity) - only facts with this entity at either end (id or name); * for every entity. Default: *
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: date, source, relationship, target, dated_by (the event whose date the fact takes, or null), date_note, evidence, doc_ids
MATCH (a)-[r]->(b)
WHERE type(r) <> 'MENTIONS' AND r.date IS NOT NULL AND ($entity = '*' OR a.id = $entity OR b.id = $entity)
  // compared at the coarser precision of the two: until 2026 takes every day of 2026
  AND left($since, size(r.date)) <= left(r.date, size($since))
  AND left(r.date, size($until)) <= left($until, size(r.date))
RETURN r.date AS date, a.name AS source, type(r) AS relationship, b.name AS target,
       CASE r.dated_by WHEN a.id THEN a.name WHEN b.id THEN b.name END AS dated_by,
       r.date_note AS date_note, r.evidence AS evidence, r.doc_ids AS doc_ids
ORDER BY date, source, relationship, target, r.id
SKIP $skip LIMIT $limit
