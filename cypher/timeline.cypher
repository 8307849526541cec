// Question: What happened between two dates (to one entity, or to all)? Dated facts in date order; a fact about a dated event (a meeting, a launch) takes the event's date.
// Param: since (date) - first date, ISO. Example: 2025-01-01
// Param: until (date) - last date, ISO. Example: 2026-12-31
// Param: entity (entity) - only facts with this entity at either end (id or name); * for every entity. Default: *
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: date, source, relationship, target, dated_by (the event whose date the fact takes, or null), date_note, evidence, doc_ids
MATCH (a)-[r]->(b)
WHERE type(r) <> 'MENTIONS' AND ($entity = '*' OR a.id = $entity OR b.id = $entity)
WITH a, r, b,
     CASE WHEN r.date IS NOT NULL THEN r.date
          WHEN labels(b)[0] = 'Event' THEN b.date
          WHEN labels(a)[0] = 'Event' THEN a.date END AS date,
     CASE WHEN r.date IS NOT NULL THEN null
          WHEN labels(b)[0] = 'Event' THEN b.name
          WHEN labels(a)[0] = 'Event' THEN a.name END AS dated_by
WHERE date IS NOT NULL
  // compared at the coarser precision of the two: until 2026 takes every day of 2026
  AND left($since, size(date)) <= left(date, size($since)) AND left(date, size($until)) <= left($until, size(date))
RETURN date, a.name AS source, type(r) AS relationship, b.name AS target, dated_by,
       r.date_note AS date_note, r.evidence AS evidence, r.doc_ids AS doc_ids
ORDER BY date, source, relationship, target, r.id
SKIP $skip LIMIT $limit
