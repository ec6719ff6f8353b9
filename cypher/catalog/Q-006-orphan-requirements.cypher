// name: catalog.Q-006-orphan-requirements
// id: Q-006
// title: Orphan requirements
// question: Which active requirements does no active component or
//   subsystem satisfy?
// mode: read
// statuses: active requirements; a SATISFIES counts only when effective
//   (the relationship active, its component or subsystem active)
// param project: STRING  project id or alias
// columns: id STRING, key STRING, name STRING, type STRING, text STRING, priority STRING
// description: Each active requirement of the project with no effective
//   SATISFIES from an active Component or Subsystem, by key. A requirement
//   satisfied only by a candidate, rejected, superseded or retired component,
//   or only through a rejected SATISFIES, is an orphan; superseded and
//   candidate requirements never appear.
MATCH (req:Requirement {project: $project, status: 'active'})
WHERE NOT EXISTS {
  MATCH (s:Component|Subsystem)-[r:SATISFIES]->(req)
  WHERE r.status = 'active' AND s.status = 'active'
}
RETURN req.id AS id, req.key AS key, req.name AS name, req.type AS type, req.text AS text, req.priority AS priority
ORDER BY key
