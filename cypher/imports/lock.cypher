// name: imports.lock
// mode: write
// param project: STRING  canonical project id
// returns: project STRING
// description: Takes the project's import lock for the rest of the
//   transaction: two imports (or an import and a promote) of one project run
//   one after the other, so neither reads slots the other is still writing.
//   The lock node is merged by project (unique) and written, which holds its
//   write lock until commit.
MERGE (l:ImportLock {project: $project})
SET l.at = datetime.transaction()
RETURN l.project AS project
