// name: tokens.create
// mode: write
// param token_name: STRING  the token's name (unique, revoked tokens included)
// param hash: STRING  hex SHA-256 of the secret (the secret itself is never stored)
// param scopes: LIST<STRING>  read | write | import | admin
// param actor: STRING  the token name that made the request, or null
// returns: token MAP (the ApiToken's properties but its hash)
// description: Creates one token. A name or hash that exists already fails
//   on the api_token_name / api_token_hash constraint; the service checks the
//   name first to say so, the constraint settles a race.
CREATE (t:ApiToken {
  name: $token_name, hash: $hash, scopes: $scopes, created_at: datetime(), created_by: $actor
})
RETURN t {.*, hash: null} AS token
