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
MATCH (root:Subsystem {project: $project, status: 'active'})
WHERE NOT EXISTS {
  MATCH (up:Subsystem)-[c:CONTAINS]->(root) WHERE c.status = 'active' AND up.status = 'active'
}
MATCH (root)((a)-[r:CONTAINS]->(b:Subsystem) WHERE r.status = 'active' AND b.status = 'active')*(s)
WITH s, size(r) AS depth, [root.key] + [n IN b | n.key] AS path, CASE WHEN size(a) > 0 THEN a[-1].key END AS parent_key,
  COLLECT { MATCH (s)-[c:CONTAINS]->(k:Component) WHERE c.status = 'active' AND k.status = 'active' RETURN DISTINCT k } AS direct
UNWIND range(1, size(path)) AS n
UNWIND CASE WHEN direct = [] THEN [null] ELSE direct END AS k
WITH path[0..n] AS path, count(DISTINCT k) AS total_components,
  collect(CASE WHEN n = size(path) THEN {s: s, depth: depth, parent_key: parent_key, direct: size(direct)} END)[0] AS row
RETURN row.depth AS depth, row.s.id AS id, row.s.key AS key, row.s.name AS name, row.s.type AS type, row.parent_key AS parent_key, path,
  row.direct AS direct_components, total_components
ORDER BY path
