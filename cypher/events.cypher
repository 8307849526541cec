// Question: Which meetings, launches, contracts and publications fall between two dates?
// Param: since (date) - first date, ISO. Example: 2024-01-01
// Param: until (date) - last date, ISO. Example: 2026-12-31
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: date, event, kind, organisers (or authors, of a publication), date_note
MATCH (e:Event)
// Dates compare at the coarser precision of the two: until 2026 takes every day of 2026.
WHERE e.date IS NOT NULL AND left($since, size(e.date)) <= left(e.date, size($since))
  AND left(e.date, size($until)) <= left($until, size(e.date))
OPTIONAL MATCH (o)-[:ORGANISES|AUTHORS]->(e)
RETURN e.date AS date, e.name AS event, e.kind AS kind, collect(o.name) AS organisers, e.date_note AS date_note
ORDER BY date, event, kind
SKIP $skip LIMIT $limit
