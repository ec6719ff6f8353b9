// name: memories.graduate
// mode: write
// param id: STRING  the memory just moved to graduated (memories.review)
// param entity_id: STRING  the entity it graduated into
// param reason: STRING  the review reason, naming the entity
// returns: memory MAP (the Memory's properties)
// description: Records where a memory went:
//   (:Memory)-[:GRADUATED_TO {at}]->(:Entity), and the entity's id as the
//   memory's graduated_to so every read of the memory names it. The reason
//   naming the entity replaces the one the graduate review wrote, on the
//   memory and on its graduate ReviewRecord (a memory graduates once). Runs
//   in the graduation's transaction, after the review and the entity's
//   creation.
MATCH (m:Memory {id: $id}), (e:Entity {id: $entity_id})
CREATE (m)-[:GRADUATED_TO {at: datetime.transaction()}]->(e)
SET m.graduated_to = e.id, m.review_reason = $reason
FOREACH (record IN [(x:ReviewRecord {action: 'graduate'})-[:REVIEWED]->(m) | x] | SET record.reason = $reason)
RETURN m {.*} AS memory
