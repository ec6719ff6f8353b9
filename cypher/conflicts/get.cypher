// name: conflicts.get
// mode: read
// param id: STRING  conflict id
// returns: conflict MAP, members LIST<MAP> (each member Entity's properties)
// description: One conflict with its members. No row when the id is unknown.
MATCH (c:Conflict {id: $id})
RETURN c {.*} AS conflict, [(c)-[:MEMBER]->(m:Entity) | m {.*}] AS members
