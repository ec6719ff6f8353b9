// name: backup.put_tokens
// mode: write
// param tokens: LIST<MAP>  every property of each live ApiToken (backup.live_tokens)
// returns: tokens INTEGER
// description: Replaces whatever API tokens the database holds (a loaded
//   dump's) with the live ones read before the load, in one transaction.
OPTIONAL MATCH (old:ApiToken)
DETACH DELETE old
WITH count(*) AS cleared
UNWIND $tokens AS props
CREATE (t:ApiToken)
SET t = props
RETURN count(t) AS tokens
