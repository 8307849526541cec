// Question: How are two entities connected? The shortest chains of relationships (mentions left out).
// Param: a (entity) - one entity (id, name, alias or Chinese name). Example: huawei
// Param: b (entity) - the other entity. Example: sasac
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most paths to return. Default: 100
// Returns: hops, names (along the path), relationships (along the path)
// LadybugDB form: the SHORTEST recursive pattern with a filter on its relationships. All
// shortest paths have the same length; the page is cut before the names are looked up.
MATCH (a)-[e* ALL SHORTEST 1..6 (r, n | WHERE label(r) <> 'MENTIONS')]-(b)
WHERE a.id = $a AND b.id = $b
WITH a, b, e
SKIP $skip LIMIT $limit
RETURN length(e) AS hops, [a.name] + properties(nodes(e), 'name') + [b.name] AS names,
       properties(rels(e), '_label') AS relationships
