// Question: What happened between two dates? Dated relationships, in date order.
// Param: since (date) - first date, ISO. Example: 2025-01-01
// Param: until (date) - last date, ISO. Example: 2026-12-31
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: date, source, relationship, target, date_note, evidence
MATCH (a)-[r]->(b)
WHERE type(r) <> 'MENTIONS' AND r.date IS NOT NULL
  // a date is compared at its own precision: "2025-01" is within 2025-01-01 .. 2025-12-31
  AND left($since, size(r.date)) <= r.date AND r.date <= left($until, size(r.date))
RETURN r.date AS date, a.name AS source, type(r) AS relationship, b.name AS target,
       r.date_note AS date_note, r.evidence AS evidence
ORDER BY date, source, relationship, target, r.id
SKIP $skip LIMIT $limit
