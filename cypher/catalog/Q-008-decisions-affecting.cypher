// name: catalog.Q-008-decisions-affecting
// id: Q-008
// title: Decisions affecting
// question: Which decisions affect this subsystem or component, directly or
//   through what it contains, newest first?
// mode: read
// statuses: active decisions and entities joined by effective AFFECTS and
//   CONTAINS
// param project: STRING  project id or alias
// param entity: STRING  the key of a Subsystem or a Component
// keys: entity Subsystem|Component
// columns: decided_at DATETIME, id STRING, key STRING, name STRING, type STRING, statement STRING, direct BOOLEAN, affects LIST<STRING>
// description: One row per active decision with an effective AFFECTS to the
//   entity or to a subsystem or component it contains (effective CONTAINS,
//   any depth). affects lists the keys it affects within that scope; direct
//   is true when the entity itself is among them. Newest first: by
//   decided_at, or when the decision has none, by when it became active.
MATCH (e:Entity {project: $project, key: $entity, status: 'active'})
WHERE e:Subsystem OR e:Component
MATCH (e)((a)-[c:CONTAINS]->(b) WHERE c.status = 'active' AND b.status = 'active')*(t)
WITH DISTINCT e, t
MATCH (d:Decision)-[r:AFFECTS]->(t)
WHERE r.status = 'active' AND d.status = 'active'
WITH d, e, t
ORDER BY t.key
WITH d, collect(DISTINCT t.key) AS affects, max(CASE WHEN t = e THEN 1 ELSE 0 END) = 1 AS direct
RETURN CASE WHEN d.decided_at IS NULL THEN null ELSE toString(datetime({datetime: d.decided_at, timezone: 'Z'})) END AS decided_at, d.id AS id, d.key AS key, d.name AS name, d.type AS type, d.statement AS statement,
  direct, affects
ORDER BY coalesce(d.decided_at, d.valid_from) DESC, key
