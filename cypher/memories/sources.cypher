// name: memories.sources
// mode: read
// param id: STRING  memory id
// returns: interaction_id STRING
// description: The interactions a memory was extracted from (its
//   EXTRACTED_FROM provenance links), oldest first; none for a memory a
//   person wrote. Graduation turns them into the entity's source_refs.
MATCH (:Memory {id: $id})-[:EXTRACTED_FROM]->(i:Interaction)
RETURN i.id AS interaction_id
ORDER BY i.created_at, i.id
