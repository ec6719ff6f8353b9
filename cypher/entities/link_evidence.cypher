// name: entities.link_evidence
// mode: write
// param id: STRING  entity id
// param chunk_ids: LIST<STRING>  chunks the entity comes from (already checked to exist)
// param interaction_ids: LIST<STRING>  interactions the entity comes from (already checked to exist)
// param artifacts: LIST<STRING>  artifact URIs (note://..., kb-cad://..., file://...); an Artifact is merged by uri
// param copy_from: STRING  id of a predecessor whose evidence the entity inherits, or null
// returns: evidence INTEGER (how many EVIDENCED_BY links the entity has now)
// description: Writes the entity's provenance as EVIDENCED_BY links to
//   Chunk, Interaction and Artifact nodes (Artifacts are merged by uri and
//   created on first use), and copies a predecessor's links on revision.
//   Then flags orphan_provenance = true when every source is a memory://
//   artifact (a graduated memory that came from no chunk, interaction or
//   document), and clears the flag otherwise.
MATCH (e:Entity {id: $id})
FOREACH (uri IN $artifacts |
  MERGE (a:Artifact {uri: uri})
    ON CREATE SET a.id = randomUUID(), a.created_at = datetime.transaction()
  MERGE (e)-[:EVIDENCED_BY]->(a)
)
WITH e
CALL (e) {
  MATCH (c:Chunk) WHERE c.id IN $chunk_ids
  MERGE (e)-[:EVIDENCED_BY]->(c)
}
CALL (e) {
  MATCH (i:Interaction) WHERE i.id IN $interaction_ids
  MERGE (e)-[:EVIDENCED_BY]->(i)
}
CALL (e) {
  MATCH (:Entity {id: $copy_from})-[:EVIDENCED_BY]->(s)
  MERGE (e)-[:EVIDENCED_BY]->(s)
}
WITH e, [(e)-[:EVIDENCED_BY]->(s) | CASE WHEN s:Artifact AND s.uri STARTS WITH 'memory://' THEN 1 ELSE 0 END] AS memory_only
SET e.orphan_provenance = CASE WHEN size(memory_only) > 0 AND all(x IN memory_only WHERE x = 1) THEN true END
RETURN size(memory_only) AS evidence
