// name: tokens.list
// mode: read
// param include_revoked: BOOLEAN  also list revoked tokens
// returns: token MAP (the ApiToken's properties but its hash)
// description: The tokens by name, never their hashes.
MATCH (t:ApiToken)
WHERE $include_revoked OR t.revoked_at IS NULL
RETURN t {.*, hash: null} AS token
ORDER BY t.name
