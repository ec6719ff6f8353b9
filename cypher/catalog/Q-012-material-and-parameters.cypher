// name: catalog.Q-012-material-and-parameters
// id: Q-012
// title: Material and parameters of a component
// question: What material and parameters does this component use, where is
//   each one's canonical home, and does trusted state override any of them?
// mode: read
// statuses: active entities joined by effective USES_MATERIAL and
//   HAS_PARAMETER; active trusted-state entries of the project
// param project: STRING  project id or alias
// param component: STRING  the component's key
// keys: component Component
// columns: relation STRING, id STRING, key STRING, name STRING, type STRING, value ANY, unit STRING, specification STRING, canonical_home STRING, owner_key STRING, overrides LIST<MAP>
// description: Rows by relation: 'material' for each material the component
//   uses, 'parameter' for each of its own parameters, 'material_parameter'
//   for each parameter of one of those materials (owner_key names the
//   component or material the row belongs to). canonical_home says which
//   system owns the fact (atocore, kb-cad, kb-fem, ...). overrides lists the
//   active trusted-state entries overriding one of the row's facts, by the
//   override rule of Q-001: the entry's key is the entity's key, or
//   '<entity key>.<field>' with field 'name' or one of the type's fact
//   fields; each as {category, key, field, value, entity_value}.
MATCH (e:Component {project: $project, key: $component, status: 'active'})
CALL (e) {
  MATCH (e)-[r:USES_MATERIAL]->(m:Material) WHERE r.status = 'active' AND m.status = 'active'
  RETURN 'material' AS relation, m AS item, e.key AS owner_key
  UNION
  MATCH (e)-[r:HAS_PARAMETER]->(p:Parameter) WHERE r.status = 'active' AND p.status = 'active'
  RETURN 'parameter' AS relation, p AS item, e.key AS owner_key
  UNION
  MATCH (e)-[r:USES_MATERIAL]->(m:Material)-[h:HAS_PARAMETER]->(p:Parameter)
  WHERE r.status = 'active' AND m.status = 'active' AND h.status = 'active' AND p.status = 'active'
  RETURN 'material_parameter' AS relation, p AS item, m.key AS owner_key
}
WITH relation, item, owner_key,
  {Material: ['name', 'description', 'specification'], Parameter: ['name', 'description', 'value', 'unit']}[item.type] AS fields
RETURN relation, item.id AS id, item.key AS key, item.name AS name, item.type AS type, item.value AS value,
  item.unit AS unit, item.specification AS specification, item.canonical_home AS canonical_home, owner_key,
  COLLECT {
    MATCH (s:StateEntry {project: item.project, status: 'active'})
    WHERE s.key IN [item.key] + [field IN fields | item.key + '.' + field]
    WITH s, CASE WHEN s.key = item.key THEN null ELSE substring(s.key, size(item.key) + 1) END AS field
    RETURN {category: s.category, key: s.key, field: field, value: s.value,
            entity_value: CASE WHEN field IS NULL THEN null ELSE item[field] END} AS entry
    ORDER BY s.category, s.key
  } AS overrides
ORDER BY relation, owner_key, key
