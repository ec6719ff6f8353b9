// name: entities.missing_sources
// mode: read
// param chunk_ids: LIST<STRING>  chunk ids named by source_refs
// param interaction_ids: LIST<STRING>  interaction ids named by source_refs
// returns: missing_chunks LIST<STRING>, missing_interactions LIST<STRING>
// description: The source_refs that point at nothing, so a write can refuse
//   provenance that cannot be walked. Each lookup uses the id constraint.
RETURN [cid IN $chunk_ids WHERE NOT EXISTS { MATCH (:Chunk {id: cid}) }] AS missing_chunks,
       [iid IN $interaction_ids WHERE NOT EXISTS { MATCH (:Interaction {id: iid}) }] AS missing_interactions
