// Question: Which platforms does each organisation develop, launch, deploy or operate, with their figures?
// Param: skip (int 0..1000000000) - rows to pass over, for paging. Default: 0
// Param: limit (int 0..1000000) - most rows to return. Default: 1000
// Returns: owner, relationship, platform, kind, chips, models, datasets, daily_data (each a number with its _text, _unit and _qualifier)
MATCH (o)-[r:DEVELOPS|LAUNCHES|DEPLOYS|OPERATES]->(p:Platform)
RETURN o.name AS owner, type(r) AS relationship, p.name AS platform, p.kind AS kind,
       p.computing_chips AS chips, p.computing_chips_unit AS chips_unit,
       p.computing_chips_qualifier AS chips_qualifier,
       p.models_hosted AS models, p.models_hosted_unit AS models_unit, p.models_hosted_qualifier AS models_qualifier,
       p.datasets_hosted AS datasets, p.datasets_hosted_unit AS datasets_unit,
       p.datasets_hosted_qualifier AS datasets_qualifier,
       p.daily_data_processed AS daily_data, p.daily_data_processed_unit AS daily_data_unit,
       p.daily_data_processed_qualifier AS daily_data_qualifier
ORDER BY platform, owner, relationship, r.id
SKIP $skip LIMIT $limit
