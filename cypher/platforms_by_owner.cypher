// Question: Which platforms does each organisation develop, launch, deploy or operate, with their figures?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: owner, relationship, platform, kind, chips, models, datasets, daily_data
MATCH (o)-[r:DEVELOPS|LAUNCHES|DEPLOYS|OPERATES]->(p:Platform)
RETURN o.name AS owner, type(r) AS relationship, p.name AS platform, p.kind AS kind,
       p.computing_chips AS chips, p.models_hosted AS models, p.datasets_hosted AS datasets,
       p.daily_data_processed AS daily_data
ORDER BY platform, owner, relationship, r.id
SKIP $skip LIMIT $limit
