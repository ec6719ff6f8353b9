// name: catalog.Q-010-claim-support
// id: Q-010
// title: Validation claims with support status
// question: What supports each validation claim: which results, with value,
//   unit and the model that produced them, and is the claim supported?
// mode: read
// statuses: active claims, results and models joined by effective SUPPORTS
//   and PRODUCED
// param project: STRING  project id or alias
// param limit: INTEGER = 100  at most this many claims (a page)
// param after: STRING = null  start after this claim key (the previous page's last; the API's next.after)
// pages: key
// columns: id STRING, key STRING, name STRING, type STRING, text STRING, supported BOOLEAN, results LIST<MAP>, validates LIST<STRING>
// description: One row per active validation claim, by key. results lists
//   each active Result with an effective SUPPORTS to it as {id, key, name,
//   value, unit, model_key, model_name}, the model being an active
//   AnalysisModel with an effective PRODUCED to the result (null when none;
//   a result produced by two models appears twice). supported is true when
//   results is not empty (the Q-011 rule). validates lists the keys of the
//   active requirements the claim validates effectively. Read in pages of
//   limit claims by key.
MATCH (c:ValidationClaim {project: $project, status: 'active'})
WHERE $after IS NULL OR c.key > $after
WITH c ORDER BY c.key LIMIT $limit
WITH c, COLLECT {
  MATCH (res:Result)-[s:SUPPORTS]->(c) WHERE s.status = 'active' AND res.status = 'active'
  OPTIONAL MATCH (m:AnalysisModel)-[p:PRODUCED]->(res) WHERE p.status = 'active' AND m.status = 'active'
  RETURN res {.id, .key, .name, .value, .unit, model_key: m.key, model_name: m.name} AS result
  ORDER BY res.key, m.key
} AS results
RETURN c.id AS id, c.key AS key, c.name AS name, c.type AS type, c.text AS text, size(results) > 0 AS supported, results,
  COLLECT {
    MATCH (c)-[v:VALIDATES]->(q:Requirement) WHERE v.status = 'active' AND q.status = 'active'
    RETURN q.key AS requirement ORDER BY q.key
  } AS validates
ORDER BY key
