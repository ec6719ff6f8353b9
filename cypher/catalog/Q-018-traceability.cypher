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
// columns: id STRING, key STRING, name STRING, type STRING, satisfiers LIST<STRING>, models LIST<STRING>, results LIST<STRING>, claims LIST<STRING>, complete BOOLEAN, missing LIST<STRING>
// description: One row per active requirement, by key. satisfiers: keys of
//   the components and subsystems satisfying it; models: the analysis models
//   analyzing one of those; results: the results those models produced;
//   claims: the claims validating the requirement that one of those results
//   supports. missing names the links absent from the best chain, in chain
//   order: 'satisfier', 'analysis', 'result', 'claim' (all four when nothing
//   satisfies it; empty when the chain is complete).
MATCH (req:Requirement {project: $project, status: 'active'})
WITH req, COLLECT {
  MATCH (s:Component|Subsystem)-[r:SATISFIES]->(req) WHERE r.status = 'active' AND s.status = 'active'
  RETURN DISTINCT s
} AS satisfiers
WITH req, satisfiers, COLLECT {
  UNWIND satisfiers AS s
  MATCH (m:AnalysisModel)-[r:ANALYZES]->(s) WHERE r.status = 'active' AND m.status = 'active'
  RETURN DISTINCT m
} AS models
WITH req, satisfiers, models, COLLECT {
  UNWIND models AS m
  MATCH (m)-[r:PRODUCED]->(res:Result) WHERE r.status = 'active' AND res.status = 'active'
  RETURN DISTINCT res
} AS results
WITH req, satisfiers, models, results, COLLECT {
  UNWIND results AS res
  MATCH (res)-[s:SUPPORTS]->(c:ValidationClaim)-[v:VALIDATES]->(req)
  WHERE s.status = 'active' AND v.status = 'active' AND c.status = 'active'
  RETURN DISTINCT c
} AS claims
WITH req,
  COLLECT { UNWIND satisfiers AS x RETURN x.key AS k ORDER BY k } AS satisfiers,
  COLLECT { UNWIND models AS x RETURN x.key AS k ORDER BY k } AS models,
  COLLECT { UNWIND results AS x RETURN x.key AS k ORDER BY k } AS results,
  COLLECT { UNWIND claims AS x RETURN x.key AS k ORDER BY k } AS claims
WITH req, satisfiers, models, results, claims,
  CASE WHEN size(satisfiers) = 0 THEN ['satisfier', 'analysis', 'result', 'claim']
       WHEN size(models) = 0 THEN ['analysis', 'result', 'claim']
       WHEN size(results) = 0 THEN ['result', 'claim']
       WHEN size(claims) = 0 THEN ['claim']
       ELSE [] END AS missing
RETURN req.id AS id, req.key AS key, req.name AS name, req.type AS type, satisfiers, models, results, claims,
  size(missing) = 0 AS complete, missing
ORDER BY key
