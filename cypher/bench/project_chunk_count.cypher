// name: bench.project_chunk_count
// mode: read
// param project: STRING  project id
// returns: chunks INTEGER
// description: How many chunks a project holds (to reuse a filled benchmark graph).
MATCH (c:Chunk {project: $project}) RETURN count(c) AS chunks
