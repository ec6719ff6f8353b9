// name: tokens.by_name
// mode: read
// param token_name: STRING  a token's name
// returns: token MAP (the ApiToken's properties but its hash)
// description: One token by name, revoked or not; no row for an unknown name.
MATCH (t:ApiToken {name: $token_name})
RETURN t {.*, hash: null} AS token
