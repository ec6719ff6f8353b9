// name: catalog.Q-009-decisions-on-flagged-assumptions
// id: Q-009
// title: Decisions resting on flagged assumptions
// question: Which active decisions rest on an assumption flagged
//   needs_review, directly or through other active decisions they are based
//   on?
// mode: read
// statuses: active decisions and assumptions; every BASED_ON on the way
//   effective (active, both ends active), every decision in between active
// param project: STRING  project id or alias
// columns: id STRING, key STRING, name STRING, type STRING, assumption_id STRING, assumption_key STRING, assumption_name STRING, assumption_text STRING, path_length INTEGER, path LIST<STRING>
// description: One row per (decision, flagged assumption) pair: the
//   decision reaches an active Assumption with needs_review = true through a
//   chain of effective BASED_ON (any length) whose intermediate decisions are
//   all active. path_length is the length of the shortest chain and path its
//   keys from the decision to the assumption (the smallest when several
//   shortest chains exist). A chain broken by a superseded, candidate or
//   rejected decision, or by a rejected BASED_ON, does not count.
MATCH (flagged:Assumption {project: $project, status: 'active'})
WHERE flagged.needs_review = true
MATCH ALL SHORTEST (d:Decision)((a)-[b:BASED_ON]->(n) WHERE b.status = 'active' AND n.status = 'active')+(flagged)
WHERE d.status = 'active' AND d.project = $project
WITH d, flagged, size(b) AS path_length, [d.key] + [x IN n | x.key] AS path
ORDER BY path
WITH d, flagged, path_length, collect(path)[0] AS path
RETURN d.id AS id, d.key AS key, d.name AS name, d.type AS type,
  flagged.id AS assumption_id, flagged.key AS assumption_key, flagged.name AS assumption_name,
  flagged.text AS assumption_text, path_length, path
ORDER BY key, assumption_key
