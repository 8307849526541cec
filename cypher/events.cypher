// Question: Which meetings, launches, contracts and publications fall between two dates?
// Param: since (date) - first date, ISO. Example: 2024-01-01
// Param: until (date) - last date, ISO. Example: 2026-12-31
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: date, event, kind, organisers, date_note
MATCH (e:Event)
WHERE e.date IS NOT NULL AND left($since, size(e.date)) <= e.date AND e.date <= left($until, size(e.date))
OPTIONAL MATCH (o)-[:ORGANISES]->(e)
RETURN e.date AS date, e.name AS event, e.kind AS kind, collect(o.name) AS organisers, e.date_note AS date_note
ORDER BY date, event, kind
SKIP $skip LIMIT $limit
