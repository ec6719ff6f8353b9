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
//   band first. Candidate relationships (those with an id, as every
//   relationship AtoCore writes between entities has) are found by a seek
//   per relationship type on the (status, id) indexes of migration 0012,
//   not by walking every relationship of the project; the hints keep that
//   plan (a plain status index made other catalog queries slower, see 0010).
//   Each branch collects its creation times per type, and the bands are cut
//   from those lists, so the rows that flow through the union and the
//   grouping are a few dozen, not one per candidate.
WITH datetime() AS now
WITH [now - duration({days: 30}), now - duration({days: 7}), now - duration({days: 1}), null] AS limits
CALL () {
  MATCH (e:Entity {project: $project, status: 'candidate'})
  RETURN 'candidate_entities' AS section, e.type AS type, collect(e.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:CONTAINS]->(b:Entity) USING INDEX r:CONTAINS(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:HAS_INTERFACE]->(b:Entity) USING INDEX r:HAS_INTERFACE(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:CONNECTS]->(b:Entity) USING INDEX r:CONNECTS(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:USES_MATERIAL]->(b:Entity) USING INDEX r:USES_MATERIAL(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:HAS_PARAMETER]->(b:Entity) USING INDEX r:HAS_PARAMETER(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:SATISFIES]->(b:Entity) USING INDEX r:SATISFIES(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:CONSTRAINS]->(b:Entity) USING INDEX r:CONSTRAINS(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:AFFECTS]->(b:Entity) USING INDEX r:AFFECTS(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:BASED_ON]->(b:Entity) USING INDEX r:BASED_ON(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:ADDRESSES]->(b:Entity) USING INDEX r:ADDRESSES(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:DERIVED_FROM]->(b:Entity) USING INDEX r:DERIVED_FROM(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:ANALYZES]->(b:Entity) USING INDEX r:ANALYZES(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:PRODUCED]->(b:Entity) USING INDEX r:PRODUCED(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:SUPPORTS]->(b:Entity) USING INDEX r:SUPPORTS(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (a:Entity)-[r:VALIDATES]->(b:Entity) USING INDEX r:VALIDATES(status, id)
  WHERE r.status = 'candidate' AND r.id IS NOT NULL AND a.project = $project
  RETURN 'candidate_relationships' AS section, type(r) AS type, collect(r.created_at) AS times, null AS entity
  UNION ALL
  MATCH (e:Entity {project: $project, status: 'active'})
  WHERE NOT EXISTS { MATCH (e)-[:EVIDENCED_BY]->() } AND NOT EXISTS { MATCH (:Memory)-[:GRADUATED_TO]->(e) }
  RETURN 'no_provenance' AS section, e.type AS type, [e.created_at] AS times, e AS entity
}
UNWIND range(0, 3) AS band
WITH section, type, entity, band, [t IN times WHERE (band = 0 OR t > limits[band - 1]) AND (limits[band] IS NULL OR t <= limits[band])] AS aged
WHERE size(aged) > 0
RETURN section, type, ['>30d', '7-30d', '1-7d', '<1d'][band] AS age, size(aged) AS count,
  toString(reduce(oldest = aged[0], t IN aged | CASE WHEN t < oldest THEN t ELSE oldest END)) AS oldest_at,
  entity.id AS id, entity.key AS key, entity.name AS name
ORDER BY section, type, band, key
