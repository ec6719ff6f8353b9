// name: conflicts.add_members
// mode: write
// param id: STRING  an open conflict
// param member_ids: LIST<STRING>  entities to add as members (existing members are kept once)
// returns: members INTEGER
// description: Adds newly contradicting entities to the slot's open
//   conflict, so one set of members never gets a second open conflict.
MATCH (c:Conflict {id: $id})
CALL (c) {
  UNWIND $member_ids AS member_id
  MATCH (m:Entity {id: member_id})
  MERGE (c)-[:MEMBER]->(m)
}
RETURN COUNT { (c)-[:MEMBER]->() } AS members
