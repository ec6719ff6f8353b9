// name: imports.claim
// mode: write
// param project: STRING  canonical project id
// param token: STRING  a fresh id for this run (two runs of the same import get different tokens)
// param import_id: STRING  the import (or promotion) the run works on, shown to whoever waits
// param lease_s: INTEGER  how long the claim holds without being renewed
// returns: acquired BOOLEAN, holder_import STRING, expires_at DATETIME
// description: Claims the project's import lease, so imports and promotions
//   of one project run one after the other while each writes in several
//   transactions. The lease is free when nobody holds it or the holder's
//   lease ran out (a run that died); otherwise nothing changes and the
//   caller reports who holds it. The lock node is merged by project (unique).
MERGE (l:ImportLock {project: $project})
WITH l, (l.holder IS NULL OR l.expires_at < datetime.transaction()) AS free
SET l.holder = CASE WHEN free THEN $token ELSE l.holder END,
    l.holder_import = CASE WHEN free THEN $import_id ELSE l.holder_import END,
    l.expires_at = CASE WHEN free THEN datetime.transaction() + duration({seconds: $lease_s}) ELSE l.expires_at END
RETURN free AS acquired, l.holder_import AS holder_import, l.expires_at AS expires_at
