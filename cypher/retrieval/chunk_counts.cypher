// name: retrieval.chunk_counts
// mode: read
// param project: STRING  canonical project id
// returns: project_chunks INTEGER, total_chunks INTEGER
// description: How many chunks a project holds and how many the index holds
//   in all (the latter from the count store). Their ratio sizes the first
//   over-fetch of a project-scoped search, so a project that fills most of
//   the index asks for little more than it needs and a small one goes
//   straight to the exact scan.
CALL () { MATCH (c:Chunk {project: $project}) RETURN count(c) AS project_chunks }
CALL () { MATCH (c:Chunk) RETURN count(c) AS total_chunks }
RETURN project_chunks, total_chunks
