// name: memories.get
// mode: read
// param id: STRING  memory id
// returns: memory MAP (the Memory's properties)
// description: One memory by id; no row when there is none.
MATCH (m:Memory {id: $id})
RETURN m {.*} AS memory
