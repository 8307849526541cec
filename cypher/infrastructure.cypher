// Question: Which computing infrastructure exists, who operates it, where, and in which data space?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: operator, infrastructure, location, data_space, general_cores, intelligent_pflops (each a number with its _text, _unit and _qualifier)
MATCH (o)-[:OPERATES]->(i:ComputingInfrastructure)
OPTIONAL MATCH (i)-[:LOCATED_IN]->(l:Location)
OPTIONAL MATCH (i)-[:PART_OF]->(d:DataSpace)
RETURN o.name AS operator, i.name AS infrastructure, l.name AS location, d.name AS data_space,
       i.general_computing AS general_cores, i.general_computing_unit AS general_cores_unit,
       i.general_computing_qualifier AS general_cores_qualifier,
       i.intelligent_computing AS intelligent_pflops, i.intelligent_computing_unit AS intelligent_pflops_unit,
       i.intelligent_computing_qualifier AS intelligent_pflops_qualifier
ORDER BY infrastructure, operator, location, data_space
SKIP $skip LIMIT $limit
