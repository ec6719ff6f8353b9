// name: catalog.Q-007-constraints
// id: Q-007
// title: Applicable constraints
// question: Which constraints apply to this subsystem or component,
//   directly or inherited from the subsystems containing it, and along
//   which path?
// mode: read
// statuses: active constraints and entities joined by effective CONSTRAINS
//   and CONTAINS
// param project: STRING  project id or alias
// param entity: STRING  the key of a Subsystem or a Component
// keys: entity Subsystem|Component
// columns: id STRING, key STRING, name STRING, type STRING, text STRING, value ANY, unit STRING, on_key STRING, inherited BOOLEAN, path LIST<STRING>
// description: One row per constraint and the entity it constrains: the
//   entity itself (inherited false, path [entity]) or a subsystem above it
//   (inherited true; path = keys from that subsystem down to the entity along
//   a shortest effective CONTAINS chain, the smallest when several are).
//   Direct constraints first, then by distance and key.
MATCH (e:Entity {project: $project, key: $entity, status: 'active'})
WHERE e:Subsystem OR e:Component
CALL (e) {
  MATCH ALL SHORTEST (on:Entity)((a:Entity)-[c:CONTAINS]->(b) WHERE c.status = 'active' AND a.status = 'active')*(e)
  RETURN on, [n IN a | n.key] + [e.key] AS path
}
MATCH (k:Constraint)-[r:CONSTRAINS]->(on)
WHERE r.status = 'active' AND k.status = 'active'
WITH k, on, path
ORDER BY path
WITH k, on, collect(path)[0] AS path
RETURN k.id AS id, k.key AS key, k.name AS name, k.type AS type, k.text AS text, k.value AS value, k.unit AS unit,
  on.key AS on_key, size(path) > 1 AS inherited, path
ORDER BY inherited, size(path), key, on_key
