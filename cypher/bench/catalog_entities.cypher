// name: bench.catalog_entities
// mode: write
// param project: STRING  the benchmark project's id
// param rows: LIST<MAP>  {id, type, key, name, status, version, facts, created_at, valid_from, valid_to, artifact, reviewed}
// returns: entities INTEGER
// description: Benchmark-only bulk fill for the catalog benchmark (P4):
//   entities written in the shape entities.create, entities.transition and
//   entities.link_evidence give them (type label, header, facts, valid
//   times, an EVIDENCED_BY Artifact, a ReviewRecord when reviewed), many per
//   transaction. The type label is dynamic; the benchmark only passes
//   ontology types. Never used by the API or the CLI.
UNWIND $rows AS r
CREATE (e:Entity:$(r.type) {
  id: r.id, type: r.type, key: r.key, name: r.name, project: $project, status: r.status,
  confidence: 1.0, canonical_home: r.home, version: r.version, fingerprint: r.id,
  created_at: r.created_at, updated_at: r.created_at, valid_from: r.valid_from, valid_to: r.valid_to
})
SET e += r.facts
MERGE (a:Artifact {uri: r.artifact})
  ON CREATE SET a.id = randomUUID(), a.created_at = r.created_at
CREATE (e)-[:EVIDENCED_BY]->(a)
FOREACH (_ IN CASE WHEN r.reviewed IS NULL THEN [] ELSE [1] END |
  CREATE (:ReviewRecord {
    id: randomUUID(), target_id: r.id, target_kind: 'entity', project: $project, action: r.reviewed,
    reason: null, at: r.valid_from, from_status: 'candidate', to_status: 'active'
  })-[:REVIEWED]->(e)
)
RETURN count(*) AS entities
