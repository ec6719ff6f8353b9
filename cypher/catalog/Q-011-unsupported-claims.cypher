// name: catalog.Q-011-unsupported-claims
// id: Q-011
// title: Unsupported validation claims
// question: Which active validation claims does no active result support?
// mode: read
// statuses: active claims; a SUPPORTS counts only when effective (the
//   relationship active, its Result active)
// param project: STRING  project id or alias
// columns: id STRING, key STRING, name STRING, type STRING, text STRING, validates LIST<STRING>
// description: Each active ValidationClaim of the project with no effective
//   SUPPORTS from an active Result, by key, with the keys of the active
//   requirements it validates. A claim supported only by candidate or
//   rejected results (a rejected import, say), or only through a rejected
//   SUPPORTS, is unsupported.
MATCH (c:ValidationClaim {project: $project, status: 'active'})
WHERE NOT EXISTS {
  MATCH (res:Result)-[s:SUPPORTS]->(c)
  WHERE s.status = 'active' AND res.status = 'active'
}
RETURN c.id AS id, c.key AS key, c.name AS name, c.type AS type, c.text AS text,
  COLLECT {
    MATCH (c)-[v:VALIDATES]->(q:Requirement) WHERE v.status = 'active' AND q.status = 'active'
    RETURN q.key AS requirement ORDER BY q.key
  } AS validates
ORDER BY key
