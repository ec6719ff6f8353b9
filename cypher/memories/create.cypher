// name: memories.create
// mode: write
// param id: STRING  the new memory's id (a uuid)
// param memory_type: STRING  identity | preference | project | episodic | knowledge | adaptation
// param content: STRING  the memory's text
// param project: STRING  canonical project id, or null for a global memory
// param source: STRING  where it came from, or null
// param confidence: FLOAT  0..1
// param status: STRING  candidate or active
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: memory MAP (the Memory's properties)
// description: Creates one memory with reference_count 0 and no
//   last_referenced_at yet.
CREATE (m:Memory {
  id: $id, memory_type: $memory_type, content: $content, project: $project,
  source: $source, confidence: $confidence, status: $status,
  reference_count: 0, created_at: datetime(), updated_at: datetime(), created_by: $actor
})
RETURN m {.*} AS memory
