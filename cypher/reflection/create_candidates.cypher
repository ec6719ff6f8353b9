// name: reflection.create_candidates
// mode: write
// param interaction_id: STRING  the interaction the candidates were extracted from
// param candidates: LIST<MAP>  {id, memory_type, content, confidence, rule} per candidate
// param source: STRING  recorded as each memory's source
// param extractor_version: STRING  the extractor's version, recorded on the provenance link
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: memory MAP (the new Memory's properties), rule STRING
// description: Creates the candidates of one extraction pass in one batch:
//   status candidate, the interaction's project, and the provenance link
//   (:Memory)-[:EXTRACTED_FROM {rule, extractor_version, at}]->(:Interaction).
MATCH (i:Interaction {id: $interaction_id})
UNWIND $candidates AS c
CREATE (m:Memory {
  id: c.id, memory_type: c.memory_type, content: c.content, project: i.project,
  source: $source, confidence: c.confidence, status: 'candidate',
  reference_count: 0, created_at: datetime(), updated_at: datetime(), created_by: $actor
})
CREATE (m)-[:EXTRACTED_FROM {rule: c.rule, extractor_version: $extractor_version, at: datetime()}]->(i)
RETURN m {.*} AS memory, c.rule AS rule
