// name: conflicts.open_for_member
// mode: read
// param id: STRING  entity id
// returns: id STRING, slot STRING
// description: The open conflicts an entity is a member of.
MATCH (c:Conflict)-[:MEMBER]->(:Entity {id: $id})
WHERE c.status = 'open'
RETURN c.id AS id, c.slot AS slot
