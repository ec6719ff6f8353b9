// name: imports.get
// mode: read
// param id: STRING  the import id
// returns: import MAP (the Import's properties), statuses LIST<MAP> ({status, count} of the entities it created), conflicts LIST<MAP> (conflicts its entities are members of)
// description: One import with what became of the entities it created
//   (counted by their current status) and the conflicts they are members of.
//   No row when the id is unknown.
MATCH (i:Import {id: $id})
RETURN i {.*} AS import,
  COLLECT {
    MATCH (i)-[:CREATED]->(e:Entity)
    WITH e.status AS status, count(*) AS count
    RETURN {status: status, count: count}
  } AS statuses,
  COLLECT {
    MATCH (i)-[:CREATED]->(:Entity)<-[:MEMBER]-(c:Conflict)
    WITH DISTINCT c
    RETURN c {.id, .slot, .status, .resolution}
  } AS conflicts
