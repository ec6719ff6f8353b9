// name: interactions.create
// mode: write
// param id: STRING  the new interaction's id (a uuid)
// param prompt: STRING  what the user asked (not blank)
// param response: STRING  what the assistant answered, already truncated to the configured limit
// param response_truncated: BOOLEAN  whether the response was cut
// param response_chars: INTEGER  length of the response as it was sent, before any cut
// param project: STRING  canonical project id, or null
// param client: STRING  which client captured it (claude-code, codex, ...), or null
// param session_id: STRING  the client's session id, or null
// param memory_ids: LIST<STRING>  ids of memories the answer used (unknown ids are ignored)
// param chunk_ids: LIST<STRING>  ids of chunks the answer used (unknown ids are ignored)
// param actor: STRING  the token behind the request (filled by the graph layer: atocore.graph.audit), or null
// returns: interaction MAP (the Interaction's properties plus memories_used and chunks_used, the ids linked)
// description: Stores one captured prompt/response pair and links it to
//   the memories (USED_MEMORY) and chunks (USED_CHUNK) it used, in one
//   statement. Ids that name no node are skipped; the caller compares the
//   linked ids with the ones it sent to report them.
CREATE (i:Interaction {
  id: $id, prompt: $prompt, response: $response, response_truncated: $response_truncated,
  response_chars: $response_chars, project: $project, client: $client, session_id: $session_id,
  created_at: datetime(), created_by: $actor
})
WITH i
CALL (i) {
  UNWIND $memory_ids AS memory_id
  MATCH (m:Memory {id: memory_id})
  MERGE (i)-[:USED_MEMORY]->(m)
  RETURN collect(m.id) AS memories_used
}
CALL (i) {
  UNWIND $chunk_ids AS chunk_id
  MATCH (c:Chunk {id: chunk_id})
  MERGE (i)-[:USED_CHUNK]->(c)
  RETURN collect(c.id) AS chunks_used
}
RETURN i {.*, memories_used: memories_used, chunks_used: chunks_used} AS interaction
