// name: entities.create
// mode: write
// param id: STRING  the new entity's id (a uuid)
// param type: STRING  entity type, already checked against the ontology whitelist; also the type label
// param key: STRING  stable external key, unique per (project, type) among live versions
// param entity_name: STRING  display name
// param project: STRING  canonical project id
// param status: STRING  candidate or active
// param confidence: FLOAT  0..1
// param canonical_home: STRING  the system that owns the truth (atocore, kb-cad, kb-fem, ...)
// param extractor_version: STRING  what produced it, or null for a person
// param version: INTEGER  1 for a new entity, predecessor's version + 1 for a revision
// param facts: MAP  the type's typed properties (null values are not stored)
// param fingerprint: STRING  hash of the fact fields, compared by conflict detection
// param chunk_ids: LIST<STRING>  chunks it comes from (already checked to exist)
// param interaction_ids: LIST<STRING>  interactions it comes from (already checked to exist)
// param artifacts: LIST<STRING>  artifact URIs it comes from; an Artifact is merged by uri
// param copy_from: STRING  id of a predecessor whose evidence a revision inherits, or null
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: entity MAP (the new Entity's properties), evidence LIST<MAP> (as entities.get returns it), rivals LIST<STRING> (live entities of its slot with another fingerprint)
// description: Creates one entity with its provenance in one round trip:
//   the node with the label Entity plus its type label (a dynamic label: the
//   service only passes whitelisted types), its EVIDENCED_BY links to Chunk,
//   Interaction and Artifact nodes (Artifacts merged by uri) and to a
//   predecessor's sources, the evidence read back, and the live versions of
//   its conflict slot whose fingerprint differs (conflict detection needs
//   them; for a new entity the key rule leaves none).
//   orphan_provenance = true flags an entity whose only sources are memory://
//   artifacts (a graduated memory that came from no chunk, interaction or
//   document), as entities.link_evidence does for later edits.
//   An active entity is valid from now (the transaction's clock, so a
//   revision's valid_from equals its predecessor's valid_to exactly).
CREATE (e:Entity:$($type) {
  id: $id, type: $type, key: $key, name: $entity_name, project: $project, status: $status,
  confidence: $confidence, canonical_home: $canonical_home, extractor_version: $extractor_version,
  version: $version, fingerprint: $fingerprint, created_at: datetime.transaction(), updated_at: datetime.transaction(),
  created_by: $actor
})
SET e += $facts,
    e.valid_from = CASE WHEN $status = 'active' THEN datetime.transaction() END
FOREACH (uri IN $artifacts |
  MERGE (a:Artifact {uri: uri})
    ON CREATE SET a.id = randomUUID(), a.created_at = datetime.transaction()
  CREATE (e)-[:EVIDENCED_BY]->(a)
)
WITH e
CALL (e) {
  MATCH (c:Chunk) WHERE c.id IN $chunk_ids
  CREATE (e)-[:EVIDENCED_BY]->(c)
}
CALL (e) {
  MATCH (i:Interaction) WHERE i.id IN $interaction_ids
  CREATE (e)-[:EVIDENCED_BY]->(i)
}
CALL (e) {
  MATCH (:Entity {id: $copy_from})-[:EVIDENCED_BY]->(s)
  MERGE (e)-[:EVIDENCED_BY]->(s)
}
WITH e, [(e)-[:EVIDENCED_BY]->(s) | CASE WHEN s:Artifact AND s.uri STARTS WITH 'memory://' THEN 1 ELSE 0 END] AS memory_only
SET e.orphan_provenance = CASE WHEN size(memory_only) > 0 AND all(x IN memory_only WHERE x = 1) THEN true END
RETURN e {.*} AS entity,
  [(e)-[:EVIDENCED_BY]->(s) |
     {kind: CASE WHEN s:Chunk THEN 'chunk' WHEN s:Interaction THEN 'interaction' ELSE 'artifact' END,
      id: s.id, uri: s.uri, source_file: s.source_file, heading_path: s.heading_path, document_id: s.document_id}] AS evidence,
  COLLECT {
    MATCH (o:Entity {project: $project, type: $type, key: $key})
    WHERE o <> e AND o.status IN ['candidate', 'active'] AND o.fingerprint <> e.fingerprint
    RETURN o.id
  } AS rivals
