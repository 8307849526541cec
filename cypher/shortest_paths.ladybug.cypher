// Question: How are two entities connected? The shortest chains of relationships (mentions left out).
// Param: a (string) - one entity's id. Example: huawei
// Param: b (string) - the other entity's id. Example: sasac
// Returns: hops, names (along the path), relationships (along the path)
// LadybugDB form: the SHORTEST recursive pattern with a filter on its relationships.
MATCH p = (a)-[e* ALL SHORTEST 1..6 (r, n | WHERE label(r) <> 'MENTIONS')]-(b)
WHERE a.id = $a AND b.id = $b
RETURN length(e) AS hops, properties(nodes(p), 'name') AS names, properties(rels(p), '_label') AS relationships
ORDER BY hops
