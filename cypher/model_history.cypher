// Question: How has a model's size grown? Its sizes as the documents state them, oldest first, and its size now.
// Param: model (entity AIModel) - the model (id, name, alias or Chinese name). Example: kunlun-large-model
// Returns: model, parameter_history (oldest first) with its text, its unit and qualifier, parameters (now) with its text, unit and qualifier
MATCH (m:AIModel)
WHERE m.id = $model
RETURN m.name AS model,
       m.parameter_history AS parameter_history, m.parameter_history_unit AS parameter_history_unit,
       m.parameter_history_qualifier AS parameter_history_qualifier,
       m.parameters AS parameters, m.parameters_unit AS parameters_unit,
       m.parameters_qualifier AS parameters_qualifier
