// name: imports.renew
// mode: write
// param project: STRING  canonical project id
// param token: STRING  the run's token
// param lease_s: INTEGER  how long the claim holds from now
// returns: renewed INTEGER (0 when the run no longer holds the lease)
// description: Extends a run's lease; each write batch of an import renews
//   it in the batch's own transaction.
MATCH (l:ImportLock {project: $project})
WHERE l.holder = $token
SET l.expires_at = datetime.transaction() + duration({seconds: $lease_s})
RETURN count(l) AS renewed
