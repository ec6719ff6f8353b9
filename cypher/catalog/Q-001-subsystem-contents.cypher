// name: catalog.Q-001-subsystem-contents
// id: Q-001
// title: Subsystem contents
// question: What does this subsystem contain? Its components and
//   sub-subsystems, transitively, with their depth, flagging trusted-state
//   entries that override any of their facts.
// mode: read
// statuses: active entities joined by effective CONTAINS (the relationship
//   and both ends active); active trusted-state entries of the project
// param project: STRING  project id or alias
// param subsystem: STRING  the subsystem's key, e.g. 'subsystem.mirror-cell'
// keys: subsystem Subsystem
// columns: depth INTEGER, id STRING, key STRING, name STRING, type STRING, parent_key STRING, overrides LIST<MAP>
// description: Walks CONTAINS down from the subsystem (every hop effective,
//   any depth) and lists each contained entity once, at its shortest depth;
//   parent_key is its container on a shortest path (the smallest key when
//   several are). overrides lists the active trusted-state entries that
//   override one of its facts (the override rule: the entry's key is the
//   entity's key, or '<entity key>.<field>' with field 'name' or one of the
//   type's fact fields), each as {category, key, field, value, entity_value}.
//   No row when the subsystem is unknown or not active.
MATCH (root:Subsystem {project: $project, key: $subsystem, status: 'active'})
CALL (root) {
  MATCH ALL SHORTEST (root)((a)-[r:CONTAINS]->(b:Entity) WHERE r.status = 'active' AND b.status = 'active')+(x:Entity)
  WHERE x <> root
  RETURN x, size(r) AS depth, a[-1].key AS parent_key
}
WITH x, depth, parent_key
ORDER BY parent_key
WITH x, depth, collect(parent_key)[0] AS parent_key
WITH x, depth, parent_key,
  {Subsystem: ['name', 'description'], Component: ['name', 'description', 'part_number', 'material']}[x.type] AS fields
RETURN depth, x.id AS id, x.key AS key, x.name AS name, x.type AS type, parent_key,
  COLLECT {
    MATCH (s:StateEntry {project: x.project, status: 'active'})
    WHERE s.key IN [x.key] + [field IN fields | x.key + '.' + field]
    WITH s, CASE WHEN s.key = x.key THEN null ELSE substring(s.key, size(x.key) + 1) END AS field
    RETURN {category: s.category, key: s.key, field: field, value: s.value,
            entity_value: CASE WHEN field IS NULL THEN null ELSE x[field] END} AS entry
    ORDER BY s.category, s.key
  } AS overrides
ORDER BY depth, key
