// name: conflicts.open
// mode: write
// param id: STRING  the new conflict's id (a uuid)
// param project: STRING  canonical project id
// param slot: STRING  the conflict slot (project|type|key)
// param member_ids: LIST<STRING>  the contradicting entities
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: id STRING
// description: Records an open conflict with a MEMBER link to each
//   contradicting entity. Nothing about the members changes: flag, never block.
CREATE (c:Conflict {
  id: $id, project: $project, slot: $slot, status: 'open', detected_at: datetime.transaction(),
  created_by: $actor
})
WITH c
UNWIND $member_ids AS member_id
MATCH (m:Entity {id: member_id})
MERGE (c)-[:MEMBER]->(m)
RETURN DISTINCT c.id AS id
