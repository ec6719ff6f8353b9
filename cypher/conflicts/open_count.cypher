// name: conflicts.open_count
// mode: read
// returns: count INTEGER
// description: How many conflicts are open, for /health.
MATCH (c:Conflict {status: 'open'})
RETURN count(c) AS count
