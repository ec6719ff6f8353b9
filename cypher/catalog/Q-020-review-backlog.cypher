// name: catalog.Q-020-review-backlog
// id: Q-020
// title: Review backlog
// question: What waits for review in this project, by type and age, and is
//   any active entity without provenance (there must be none)?
// mode: read
// statuses: candidates (entities and relationships) waiting for review;
//   active entities with no EVIDENCED_BY and not graduated from a memory
// param project: STRING  project id or alias
// columns: section STRING, type STRING, age STRING, count INTEGER, oldest_at DATETIME, id STRING, key STRING, name STRING
// description: Rows of section 'candidate_entities' and
//   'candidate_relationships' count the candidates per entity or
//   relationship type and age band ('<1d', '1-7d', '7-30d', '>30d', from
//   created_at), with the oldest one's time. Rows of section
//   'no_provenance' name each active entity that has no evidence at all (a
//   defect: provenance is mandatory). Candidates per type and band, oldest
//   band first. Candidate relationships are found by walking the project's
//   relationships (a status index per relationship type made other catalog
//   queries slower; see migration 0010).
CALL () {
  MATCH (e:Entity {project: $project, status: 'candidate'})
  RETURN 'candidate_entities' AS section, e.type AS type, e.created_at AS created_at, null AS entity
  UNION ALL
  MATCH (a:Entity {project: $project})-[r:CONTAINS|HAS_INTERFACE|CONNECTS|USES_MATERIAL|HAS_PARAMETER|SATISFIES|CONSTRAINS|AFFECTS|BASED_ON|ADDRESSES|DERIVED_FROM|ANALYZES|PRODUCED|SUPPORTS|VALIDATES]->(b:Entity)
  WHERE r.status = 'candidate'
  RETURN 'candidate_relationships' AS section, type(r) AS type, r.created_at AS created_at, null AS entity
  UNION ALL
  MATCH (e:Entity {project: $project, status: 'active'})
  WHERE NOT EXISTS { MATCH (e)-[:EVIDENCED_BY]->() } AND NOT EXISTS { MATCH (:Memory)-[:GRADUATED_TO]->(e) }
  RETURN 'no_provenance' AS section, e.type AS type, e.created_at AS created_at, e AS entity
}
WITH section, type, entity, created_at, duration.inSeconds(created_at, datetime()).seconds / 86400.0 AS days
WITH section, type, entity, created_at,
  CASE WHEN days < 1 THEN '<1d' WHEN days < 7 THEN '1-7d' WHEN days < 30 THEN '7-30d' ELSE '>30d' END AS age
WITH section, type, age, entity, count(*) AS count, toString(min(created_at)) AS oldest_at
RETURN section, type, age, count, oldest_at, entity.id AS id, entity.key AS key, entity.name AS name
ORDER BY section, type, CASE age WHEN '>30d' THEN 0 WHEN '7-30d' THEN 1 WHEN '1-7d' THEN 2 ELSE 3 END, key
