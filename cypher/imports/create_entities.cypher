// name: imports.create_entities
// mode: write
// param import_id: STRING  the import writing them
// param project: STRING  canonical project id
// param tool: STRING  kb-cad or kb-fem: canonical_home and origin of every entity it writes
// param extractor_version: STRING  the exporter and its version, e.g. 'kb-cad 1.0.0'
// param type: STRING  entity type of every row, already checked against the ontology whitelist; also the type label
// param rows: LIST<MAP>  {id, key, name, version, facts, fingerprint, artifact} per entity
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: created INTEGER
// description: Creates a batch of candidate entities of one type, each
//   EVIDENCED_BY its source artifact (merged by uri) and linked
//   (:Import)-[:CREATED]->(:Entity). origin marks a version written by a tool
//   import (entities.copy_relationships reads it).
MATCH (i:Import {id: $import_id})
UNWIND $rows AS row
CREATE (e:Entity:$($type) {
  id: row.id, type: $type, key: row.key, name: row.name, project: $project, status: 'candidate',
  confidence: 1.0, canonical_home: $tool, origin: $tool, extractor_version: $extractor_version,
  version: row.version, fingerprint: row.fingerprint, import_id: $import_id, last_import_id: $import_id,
  created_at: datetime.transaction(), updated_at: datetime.transaction(), last_seen_at: datetime.transaction(),
  created_by: $actor
})
SET e += row.facts
CREATE (i)-[:CREATED]->(e)
MERGE (a:Artifact {uri: row.artifact})
  ON CREATE SET a.id = randomUUID(), a.created_at = datetime.transaction()
CREATE (e)-[:EVIDENCED_BY]->(a)
RETURN count(*) AS created
