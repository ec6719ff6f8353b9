// name: catalog.Q-018-traceability
// id: Q-018
// title: Traceability matrix
// question: For each requirement, is the chain complete: satisfier ->
//   analysis model analyzing it -> result it produced -> claim the result
//   supports that validates the requirement? Which links are missing?
// mode: read
// statuses: active entities joined by effective SATISFIES, ANALYZES,
//   PRODUCED, SUPPORTS and VALIDATES
// param project: STRING  project id or alias
// param limit: INTEGER = 100  at most this many requirements (a page)
// param after: STRING = null  start after this requirement key (the previous page's last; the API's next.after)
// pages: key
// columns: id STRING, key STRING, name STRING, type STRING, satisfiers LIST<STRING>, models LIST<STRING>, results LIST<STRING>, claims LIST<STRING>, complete BOOLEAN, missing LIST<STRING>
// description: One row per active requirement, by key. satisfiers: keys of
//   the components and subsystems satisfying it; models: the analysis models
//   analyzing one of those; results: the results those models produced;
//   claims: the claims validating the requirement that one of those results
//   supports. missing names the links absent from the best chain, in chain
//   order: 'satisfier', 'analysis', 'result', 'claim' (all four when nothing
//   satisfies it; empty when the chain is complete). Each step collects
//   from the previous step's set, and a claim is checked against the
//   requirement's own validating claims, so the work stays linear in the
//   chain's size; the claim step is skipped when there are no results.
//   Read in pages of limit requirements by key.
MATCH (req:Requirement {project: $project, status: 'active'})
WHERE $after IS NULL OR req.key > $after
WITH req ORDER BY req.key LIMIT $limit
CALL (req) {
  OPTIONAL MATCH (s:Component|Subsystem)-[r:SATISFIES]->(req) WHERE r.status = 'active' AND s.status = 'active'
  WITH DISTINCT s ORDER BY s.key
  RETURN collect(s) AS satisfiers
}
CALL (satisfiers) {
  UNWIND satisfiers AS s
  MATCH (m:AnalysisModel)-[r:ANALYZES]->(s) WHERE r.status = 'active' AND m.status = 'active'
  WITH DISTINCT m ORDER BY m.key
  RETURN collect(m) AS models
}
CALL (models) {
  UNWIND models AS m
  MATCH (m)-[r:PRODUCED]->(res:Result) WHERE r.status = 'active' AND res.status = 'active'
  WITH DISTINCT res ORDER BY res.key
  RETURN collect(res) AS results
}
CALL (req, results) {
  WITH req, results WHERE size(results) > 0
  MATCH (c:ValidationClaim)-[v:VALIDATES]->(req)
  WHERE v.status = 'active' AND c.status = 'active'
    AND EXISTS { MATCH (res:Result)-[s:SUPPORTS]->(c) WHERE s.status = 'active' AND res IN results }
  WITH DISTINCT c ORDER BY c.key
  RETURN collect(c.key) AS claims
}
WITH req, [x IN satisfiers | x.key] AS satisfiers, [x IN models | x.key] AS models, [x IN results | x.key] AS results, claims,
  CASE WHEN size(satisfiers) = 0 THEN ['satisfier', 'analysis', 'result', 'claim']
       WHEN size(models) = 0 THEN ['analysis', 'result', 'claim']
       WHEN size(results) = 0 THEN ['result', 'claim']
       WHEN size(claims) = 0 THEN ['claim']
       ELSE [] END AS missing
RETURN req.id AS id, req.key AS key, req.name AS name, req.type AS type, satisfiers, models, results, claims,
  size(missing) = 0 AS complete, missing
ORDER BY key
