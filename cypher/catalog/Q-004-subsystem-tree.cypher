// name: catalog.Q-004-subsystem-tree
// id: Q-004
// title: Subsystem tree
// question: What is the subsystem tree of this project, from the roots to
//   the leaves, with how many components each subsystem holds?
// mode: read
// statuses: active subsystems and components joined by effective CONTAINS
// param project: STRING  project id or alias
// columns: depth INTEGER, id STRING, key STRING, name STRING, type STRING, parent_key STRING, path LIST<STRING>, direct_components INTEGER, total_components INTEGER
// description: A root is an active subsystem no active subsystem contains
//   through an effective CONTAINS. Each row is one subsystem at one place in
//   the tree (path = keys from its root), ordered by path so the rows read as
//   an indented outline. direct_components counts the components it contains
//   itself, total_components the distinct components anywhere below it
//   (walking down through subsystems only, then one hop to components).
//   The tree is walked once: each subsystem's own components are read once
//   and counted into every subsystem on its path, so the work grows with
//   the tree's size times its depth rather than walking every subtree again.
//   When the tree is strict (each subsystem at one place, each component
//   held by one subsystem) the counts are summed; otherwise the distinct
//   components are counted, which costs a row per component and ancestor.
MATCH (root:Subsystem {project: $project, status: 'active'})
WHERE NOT EXISTS {
  MATCH (up:Subsystem)-[c:CONTAINS]->(root) WHERE c.status = 'active' AND up.status = 'active'
}
MATCH (root)((a)-[r:CONTAINS]->(b:Subsystem) WHERE r.status = 'active' AND b.status = 'active')*(s)
WITH s, [root] + b AS line, CASE WHEN size(a) > 0 THEN a[-1].key END AS parent_key,
  COLLECT { MATCH (s)-[c:CONTAINS]->(k:Component) WHERE c.status = 'active' AND k.status = 'active' RETURN DISTINCT k } AS direct
WITH collect({s: s, line: line, parent_key: parent_key, direct: direct}) AS rows
WITH rows,
  size(rows) = size(COLLECT { UNWIND rows AS x RETURN DISTINCT x.s AS s })
  AND reduce(n = 0, x IN rows | n + size(x.direct)) = size(COLLECT { UNWIND rows AS x UNWIND x.direct AS k RETURN DISTINCT k }) AS strict
UNWIND rows AS x
UNWIND x.line AS above
UNWIND CASE WHEN strict OR x.direct = [] THEN [null] ELSE x.direct END AS k
WITH above, strict, sum(CASE WHEN strict THEN size(x.direct) ELSE 0 END) AS summed, count(DISTINCT k) AS counted,
  collect(DISTINCT CASE WHEN above = x.s THEN x END) AS places
UNWIND places AS place
RETURN size(place.line) - 1 AS depth, above.id AS id, above.key AS key, above.name AS name, above.type AS type,
  place.parent_key AS parent_key, [n IN place.line | n.key] AS path, size(place.direct) AS direct_components,
  CASE WHEN strict THEN summed ELSE counted END AS total_components
ORDER BY path
