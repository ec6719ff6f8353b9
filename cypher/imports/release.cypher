// name: imports.release
// mode: write
// param project: STRING  canonical project id
// param token: STRING  the run's token
// returns: released INTEGER
// description: Gives the project's import lease back (only the holder can).
MATCH (l:ImportLock {project: $project})
WHERE l.holder = $token
SET l.holder = null, l.holder_import = null, l.expires_at = null
RETURN count(l) AS released
