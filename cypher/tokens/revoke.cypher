// name: tokens.revoke
// mode: write
// param token_name: STRING  the token to revoke
// param actor: STRING  the token name that made the request, or null
// returns: token MAP (the ApiToken after), hash STRING, previously_revoked BOOLEAN
// description: Marks a token revoked (revoked_at, revoked_by); it is kept so
//   audit records that name it still name something. Revoking a revoked token
//   changes nothing. No row for an unknown name.
MATCH (t:ApiToken {name: $token_name})
WITH t, t.revoked_at IS NOT NULL AS previously_revoked
SET t.revoked_at = coalesce(t.revoked_at, datetime()),
    t.revoked_by = CASE WHEN previously_revoked THEN t.revoked_by ELSE $actor END
RETURN t {.*, hash: null} AS token, t.hash AS hash, previously_revoked
