// name: interactions.get
// mode: read
// param id: STRING  interaction id
// returns: interaction MAP (the Interaction's properties plus memories_used and chunks_used, the ids linked)
// description: One interaction by id with the ids of the memories and
//   chunks it used; no row when there is none.
MATCH (i:Interaction {id: $id})
RETURN i {
  .*,
  memories_used: [(i)-[:USED_MEMORY]->(m:Memory) | m.id],
  chunks_used: [(i)-[:USED_CHUNK]->(c:Chunk) | c.id]
} AS interaction
