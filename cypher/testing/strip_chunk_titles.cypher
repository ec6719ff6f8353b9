// name: testing.strip_chunk_titles
// mode: write
// param project: STRING  the project whose chunks lose their title
// returns: stripped INTEGER
// description: Removes title_path from a project's chunks, as chunks written
//   before migration 0016 were, so a test can prove the migration fills it.
MATCH (c:Chunk {project: $project})
REMOVE c.title_path
RETURN count(c) AS stripped
